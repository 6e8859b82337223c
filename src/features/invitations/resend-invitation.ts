import { and, eq, sql } from 'drizzle-orm';
import { invitations } from '../../db/schema.js';
import { inTransaction, type Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { getOrg } from '../orgs/repository.js';
import { inviterOf } from './inviter.js';
import { issueInvitations } from './issue-invitations.js';
import { loadChangeableInvitation } from './load-changeable.js';

/**
 * Sends a pending (or expired) invitation again, optionally with a personal message: every
 * earlier link for that person stops working and the expiry period starts over.
 */
export async function resendInvitation(
  services: Services,
  actor: Actor,
  orgId: string,
  invitationId: string,
  input: {
    message?: string | null;
    /** Part of a bulk action: the email goes after the mail people are waiting for (decision 0009). */
    bulk?: boolean;
  },
): Promise<{ invitationId: string }> {
  return inTransaction(services, async (tx) => {
    const { orgActor, invitation, expired } = await loadChangeableInvitation(tx, actor, orgId, invitationId, 'resend');
    const org = await getOrg(tx, orgId);
    await tx
      .update(invitations)
      .set({ status: sql`case when ${invitations.id} = ${invitation.id} and ${expired} then 'expired' else 'superseded' end` })
      .where(and(eq(invitations.orgId, orgId), eq(invitations.membershipId, invitation.membershipId), eq(invitations.status, 'pending')));
    const message = input.message?.trim() || null;
    const inviter = await inviterOf(tx, orgActor);
    const issued = await issueInvitations(tx, {
      org,
      inviter,
      message,
      publicUrl: services.config.publicUrl,
      bulk: input.bulk ?? false,
      list: [
        {
          membershipId: invitation.membershipId,
          email: invitation.email,
          role: invitation.role,
          previousId: invitation.id,
          // Greets them as the first email did; the stored name is carried over by the insert.
          firstName: invitation.firstName,
        },
      ],
    });
    const newId = issued.get(invitation.membershipId);
    if (!newId) throw new Error('invitation was not issued');
    await recordAudit(tx, orgActor, {
      action: 'invitation.resent',
      targetType: 'invitation',
      targetId: newId,
      data: { email: invitation.email, previousId: invitation.id, ...(message ? { message: true } : {}) },
    });
    return { invitationId: newId };
  });
}
