import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { invitations, memberships } from '../../db/schema.js';
import { recordAudit } from '../audit/record-audit.js';
import type { OrgRow } from '../orgs/repository.js';
import type { InvitationRow } from './repository.js';

/**
 * A visitor of a link or join page in "request to join" mode proved their address:
 * their account is tied to the membership, which stays invited, and the invitation is used up.
 * The members view reads this as a request (`requested`) until an administrator approves or
 * declines it; nothing billable happens before.
 */
export async function recordJoinRequest(
  tx: Db,
  input: { org: OrgRow; invitation: InvitationRow; accountId: string; termsVersion: string; ip: string | null },
): Promise<void> {
  const { org, invitation } = input;
  await tx
    .update(memberships)
    .set({ accountId: input.accountId, termsVersion: input.termsVersion, termsAcceptedAt: sql`now()` })
    .where(and(eq(memberships.orgId, org.id), eq(memberships.id, invitation.membershipId)));
  await tx
    .update(invitations)
    .set({ status: 'accepted', acceptedAt: sql`now()` })
    .where(and(eq(invitations.orgId, org.id), eq(invitations.id, invitation.id)));
  await recordAudit(
    tx,
    { orgId: org.id, accountId: input.accountId, label: invitation.email, ip: input.ip },
    {
      action: 'join.request_received',
      targetType: invitation.via ?? 'link',
      targetId: invitation.linkId ?? org.id,
      data: { email: invitation.email, membershipId: invitation.membershipId },
    },
  );
}
