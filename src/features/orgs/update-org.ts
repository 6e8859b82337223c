import { domainToASCII } from 'node:url';
import { eq } from 'drizzle-orm';
import { organizations } from '../../db/schema.js';
import { hasSqlState } from '../../db/sql-state.js';
import { AppError } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { checkLearningSettings } from './learning-settings.js';
import { authorizeOrgUpdate } from './policy.js';
import { getOrgForUpdate, type OrgRow } from './repository.js';
import type { UpdateOrgInput } from './schemas.js';

const SETTINGS = [
  'name',
  'invitationExpiryDays',
  'emailNote',
  'emailSenderName',
  'requireTeam',
  'reserveSeatAtInvite',
  'scimPasswordLinks',
  'timeZone',
  'learningPlatformName',
  'learningPlatformUrl',
  'retentionDays',
] as const;
const PLAN = ['slug', 'kind', 'seats', 'renewalDate', 'maxMembers'] as const;

/** Changes settings (admins) and plan fields (operator); each kind of change is logged. */
export async function updateOrg(services: Services, actor: Actor, orgId: string, input: UpdateOrgInput): Promise<OrgRow> {
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    authorizeOrgUpdate(orgActor, input);
    const before = await getOrgForUpdate(tx, orgId);
    const wanted = checkLearningSettings(before, input);
    if (input.seats !== undefined && input.seats < before.seatsUsed) {
      throw new AppError(
        'conflict',
        `Seats cannot go below the ${before.seatsUsed} seats in use. Remove members first, or choose at least ${before.seatsUsed}.`,
        { errors: [{ field: '/seats', message: `must be at least ${before.seatsUsed}` }] },
      );
    }
    const changes: Partial<typeof organizations.$inferInsert> = {};
    const diff = (fields: readonly (keyof UpdateOrgInput & keyof OrgRow)[]) => {
      const out: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of fields) {
        const value = wanted[field];
        if (value === undefined) continue;
        const next = typeof value === 'string' && field !== 'slug' ? value.trim() : value;
        if (next === before[field]) continue;
        out[field] = { from: before[field], to: next };
        Object.assign(changes, { [field]: next });
      }
      return out;
    };
    const settingChanges = diff(SETTINGS);
    const planChanges = diff(PLAN);
    if (input.publicDomainsAllowed !== undefined) {
      // The operator's exception to the public-provider rule of links (R-13), in the links' own form.
      const next = input.publicDomainsAllowed.map((domain) => domainToASCII(domain.trim().toLowerCase())).filter((d) => d !== '');
      if (next.join() !== before.publicDomainsAllowed.join()) {
        planChanges.publicDomainsAllowed = { from: before.publicDomainsAllowed, to: next };
        changes.publicDomainsAllowed = next;
      }
    }
    if (Object.keys(changes).length === 0) return before;
    // A renewal into the future reopens a plan that had ended (its people are invited again).
    if (typeof changes.renewalDate === 'string' && before.planEndedAt && changes.renewalDate >= new Date().toISOString().slice(0, 10)) {
      changes.planEndedAt = null;
    }
    const [after] = await tx
      .update(organizations)
      .set(changes)
      .where(eq(organizations.id, orgId))
      .returning()
      .catch((error: unknown) => {
        if (hasSqlState(error, '23505')) {
          throw new AppError('conflict', `The slug "${input.slug}" is already taken by another organization.`);
        }
        throw error;
      });
    if (Object.keys(settingChanges).length > 0) {
      await recordAudit(tx, orgActor, {
        action: 'org.settings_changed',
        targetType: 'organization',
        targetId: orgId,
        data: settingChanges,
      });
    }
    if (Object.keys(planChanges).length > 0) {
      const action = planChanges.renewalDate && Object.keys(planChanges).length === 1 ? 'org.plan_renewed' : 'org.plan_changed';
      await recordAudit(tx, orgActor, { action, targetType: 'organization', targetId: orgId, data: planChanges });
    }
    return after ?? before;
  });
}
