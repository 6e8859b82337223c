import { and, eq, sql } from 'drizzle-orm';
import { invitations } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { resolveOrgActor } from '../orgs/org-actor.js';
import { getOrg } from '../orgs/repository.js';
import { inviterOf } from './inviter.js';
import { issueInvitations } from './issue-invitations.js';
import { authorizeInvitationChange } from './policy.js';
import { effectiveStatus, getInvitationForUpdate, isCurrentInvitation } from './repository.js';

/**
 * Sends a pending (or expired) invitation again, optionally with a personal message: every
 * earlier link for that person stops working and the expiry period starts over.
 */
export async function resendInvitation(
  services: Services,
  actor: Actor,
  orgId: string,
  invitationId: string,
  input: { message?: string | null },
): Promise<{ invitationId: string }> {
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    const invitation = await getInvitationForUpdate(tx, orgId, invitationId);
    authorizeInvitationChange(orgActor, invitation.role, 'resend');
    const status = effectiveStatus(invitation);
    if (status === 'accepted') throw new AppError('conflict', 'This invitation was already accepted: the person is a member.');
    if (status === 'cancelled') throw new AppError('conflict', 'This invitation was cancelled. Invite the address again instead.');
    if (status === 'superseded' || !(await isCurrentInvitation(tx, invitation)))
      throw new AppError('conflict', 'A newer invitation replaced this one. Resend the newest one instead.');
    const org = await getOrg(tx, orgId);
    await tx
      .update(invitations)
      .set({ status: sql`case when ${invitations.id} = ${invitation.id} and ${status === 'expired'} then 'expired' else 'superseded' end` })
      .where(and(eq(invitations.orgId, orgId), eq(invitations.membershipId, invitation.membershipId), eq(invitations.status, 'pending')));
    const message = input.message?.trim() || null;
    const inviter = await inviterOf(tx, orgActor);
    const issued = await issueInvitations(tx, {
      org,
      inviter,
      message,
      publicUrl: services.config.publicUrl,
      list: [{ membershipId: invitation.membershipId, email: invitation.email, role: invitation.role, previousId: invitation.id }],
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
