import { inviteLinks } from '../../db/schema.js';
import { newToken } from '../../lib/tokens.js';
import { inTransaction, type Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { teamsForInvitation } from '../invitations/teams-for-invitation.js';
import { resolveOrgActor } from '../orgs/org-actor.js';
import { getOrg } from '../orgs/repository.js';
import { readDomains } from './domains.js';
import { assertFutureExpiry, linkScope } from './policy.js';
import { type LinkWithTeam, withTeamName } from './repository.js';
import type { CreateLinkInput } from './schemas.js';

/**
 * Creates a shareable link: one or more domains, an optional team (required where the
 * organization requires one, and for managers, who bring people into their own branch), an
 * optional expiry and maximum number of joins. The key is 256 random bits.
 */
export async function createInviteLink(services: Services, actor: Actor, orgId: string, input: CreateLinkInput): Promise<LinkWithTeam> {
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    await linkScope(tx, orgActor);
    const org = await getOrg(tx, orgId);
    const domains = readDomains(input.domains, { field: '/domains', publicAllowed: org.publicDomainsAllowed });
    const [teamId] = await teamsForInvitation(tx, orgActor, org, input.teamId ? [input.teamId] : []);
    assertFutureExpiry(input.expiresAt);
    const [link] = await tx
      .insert(inviteLinks)
      .values({
        orgId,
        key: newToken(),
        label: input.label?.trim() ?? '',
        domains,
        teamId: teamId ?? null,
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
        maxUses: input.maxUses ?? null,
        mode: input.mode ?? 'join',
        createdBy: orgActor.accountId,
        createdByLabel: orgActor.label,
      })
      .returning();
    if (!link) throw new Error('link insert returned nothing');
    await recordAudit(tx, orgActor, {
      action: 'link.created',
      targetType: 'link',
      targetId: link.id,
      data: {
        label: link.label,
        domains,
        teamId: link.teamId,
        expiresAt: input.expiresAt ?? null,
        maxUses: link.maxUses,
        mode: link.mode,
      },
    });
    return withTeamName(tx, link);
  });
}
