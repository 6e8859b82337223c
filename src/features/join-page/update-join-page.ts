import { sql } from 'drizzle-orm';
import { joinPages } from '../../db/schema.js';
import { hasSqlState } from '../../db/sql-state.js';
import { AppError } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { teamsForInvitation } from '../invitations/teams-for-invitation.js';
import { readDomains } from '../links/domains.js';
import { resolveOrgActor } from '../orgs/org-actor.js';
import { getOrg } from '../orgs/repository.js';
import { authorizeJoinPage } from './policy.js';
import { findJoinPage, type JoinPageRow, teamNameOf } from './repository.js';
import type { UpdateJoinPageInput } from './schemas.js';
import { readSlug } from './slug.js';

/**
 * Turns the join page on or off and sets its address, team and allowed domains. Turning
 * it off stops joins at once, emails already sent included; a new address stops the emails
 * sent from the old one (the page's generation moves on, as a rotated link's does).
 */
export async function updateJoinPage(
  services: Services,
  actor: Actor,
  orgId: string,
  input: UpdateJoinPageInput,
): Promise<{ page: JoinPageRow; teamName: string | null }> {
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    authorizeJoinPage(orgActor, 'change');
    const org = await getOrg(tx, orgId);
    const before = await findJoinPage(tx, orgId, true);
    const slug = input.slug === undefined ? (before?.slug ?? null) : readSlug(input.slug);
    const enabled = input.enabled ?? before?.enabled ?? false;
    if (enabled && slug === null) {
      throw new AppError('validation_failed', 'Choose the address of the join page before turning it on.', {
        errors: [{ field: '/slug', message: 'is required to turn the page on' }],
      });
    }
    const domains =
      input.domains === undefined
        ? (before?.domains ?? [])
        : readDomains(input.domains, { field: '/domains', publicAllowed: org.publicDomainsAllowed });
    let teamId = input.teamId === undefined ? (before?.teamId ?? null) : input.teamId;
    if (input.teamId !== undefined || (enabled && org.requireTeam)) {
      [teamId = null] = await teamsForInvitation(tx, orgActor, org, teamId ? [teamId] : []);
    }
    const mode = input.mode ?? before?.mode ?? 'join';
    const moved = before !== null && before.slug !== null && slug !== before.slug;
    const values = { enabled, slug, teamId, domains, mode, updatedAt: sql`now()` };
    const [page] = await tx
      .insert(joinPages)
      .values({ orgId, ...values })
      .onConflictDoUpdate({
        target: joinPages.orgId,
        set: { ...values, ...(moved ? { generation: sql`${joinPages.generation} + 1` } : {}) },
      })
      .returning()
      .catch((error: unknown) => {
        if (hasSqlState(error, '23505')) {
          throw new AppError('conflict', `The address "${slug}" is already taken: choose another one.`, {
            errors: [{ field: '/slug', message: 'is already taken' }],
          });
        }
        throw error;
      });
    if (!page) throw new Error('join page upsert returned nothing');
    const diff: Record<string, { from: unknown; to: unknown }> = {};
    const was = {
      enabled: before?.enabled ?? false,
      slug: before?.slug ?? null,
      teamId: before?.teamId ?? null,
      domains: before?.domains ?? [],
      mode: before?.mode ?? 'join',
    };
    for (const field of ['enabled', 'slug', 'teamId', 'domains', 'mode'] as const) {
      if (JSON.stringify(was[field]) !== JSON.stringify(page[field])) diff[field] = { from: was[field], to: page[field] };
    }
    if (Object.keys(diff).length > 0) {
      const action =
        diff.enabled && Object.keys(diff).length === 1 ? (page.enabled ? 'join_page.enabled' : 'join_page.disabled') : 'join_page.updated';
      await recordAudit(tx, orgActor, { action, targetType: 'join_page', targetId: page.slug ?? orgId, data: diff });
    }
    return { page, teamName: await teamNameOf(tx, page.teamId) };
  });
}
