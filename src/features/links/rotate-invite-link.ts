import { and, eq, sql } from 'drizzle-orm';
import { inviteLinks } from '../../db/schema.js';
import { newToken } from '../../lib/tokens.js';
import { inTransaction, type Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { resolveOrgActor } from '../orgs/org-actor.js';
import { authorizeLinkChange, linkScope } from './policy.js';
import { getLinkForUpdate, type LinkWithTeam, withTeamName } from './repository.js';

/**
 * Gives the link a new key: the old address stops at once, and so do the emails sent from it
 * (their invitations carry the generation they were issued under). Settings and figures stay.
 */
export async function rotateInviteLink(services: Services, actor: Actor, orgId: string, linkId: string): Promise<LinkWithTeam> {
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    const scope = await linkScope(tx, orgActor);
    const before = await getLinkForUpdate(tx, orgId, linkId);
    authorizeLinkChange(scope, before);
    const [after] = await tx
      .update(inviteLinks)
      .set({ key: newToken(), generation: sql`${inviteLinks.generation} + 1`, rotatedAt: sql`now()` })
      .where(and(eq(inviteLinks.orgId, orgId), eq(inviteLinks.id, linkId)))
      .returning();
    if (!after) throw new Error('link rotation returned nothing');
    await recordAudit(tx, orgActor, {
      action: 'link.rotated',
      targetType: 'link',
      targetId: linkId,
      data: { label: before.label, generation: after.generation },
    });
    return withTeamName(tx, after);
  });
}
