import { and, eq } from 'drizzle-orm';
import { inviteLinks } from '../../db/schema.js';
import { inTransaction, type Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { resolveOrgActor } from '../orgs/org-actor.js';
import { assertFutureExpiry, authorizeLinkChange, linkScope } from './policy.js';
import { getLinkForUpdate, type LinkWithTeam, withTeamName } from './repository.js';
import type { UpdateLinkInput } from './schemas.js';

/**
 * Disables, re-enables, relabels a link or changes its expiry or maximum. Disabling stops it
 * at once, including the emails already sent from it (their acceptance checks the link).
 */
export async function updateInviteLink(
  services: Services,
  actor: Actor,
  orgId: string,
  linkId: string,
  input: UpdateLinkInput,
): Promise<LinkWithTeam> {
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    const scope = await linkScope(tx, orgActor);
    const before = await getLinkForUpdate(tx, orgId, linkId);
    authorizeLinkChange(scope, before);
    assertFutureExpiry(input.expiresAt);
    const changes: Partial<typeof inviteLinks.$inferInsert> = {};
    const diff: Record<string, { from: unknown; to: unknown }> = {};
    const set = <K extends 'enabled' | 'label' | 'maxUses' | 'mode'>(field: K, value: (typeof before)[K] | undefined) => {
      if (value === undefined || value === before[field]) return;
      diff[field] = { from: before[field], to: value };
      Object.assign(changes, { [field]: value });
    };
    set('enabled', input.enabled);
    set('label', input.label?.trim());
    set('maxUses', input.maxUses);
    set('mode', input.mode);
    if (input.expiresAt !== undefined) {
      const next = input.expiresAt === null ? null : new Date(input.expiresAt);
      if (next?.getTime() !== before.expiresAt?.getTime()) {
        diff.expiresAt = { from: before.expiresAt?.toISOString() ?? null, to: next?.toISOString() ?? null };
        changes.expiresAt = next;
      }
    }
    if (Object.keys(changes).length === 0) return withTeamName(tx, before);
    const [after] = await tx
      .update(inviteLinks)
      .set(changes)
      .where(and(eq(inviteLinks.orgId, orgId), eq(inviteLinks.id, linkId)))
      .returning();
    const action = diff.enabled && Object.keys(diff).length === 1 ? (input.enabled ? 'link.enabled' : 'link.disabled') : 'link.updated';
    await recordAudit(tx, orgActor, { action, targetType: 'link', targetId: linkId, data: { label: before.label, ...diff } });
    return withTeamName(tx, after ?? before);
  });
}
