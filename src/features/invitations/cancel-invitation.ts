import { and, eq, sql } from 'drizzle-orm';
import { invitations } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { resolveOrgActor } from '../orgs/org-actor.js';
import { authorizeInvitationChange } from './policy.js';
import { effectiveStatus, getInvitationForUpdate, isCurrentInvitation } from './repository.js';

/** Cancels a pending invitation: its link stops working at once. */
export async function cancelInvitation(services: Services, actor: Actor, orgId: string, invitationId: string): Promise<void> {
  await inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    const invitation = await getInvitationForUpdate(tx, orgId, invitationId);
    authorizeInvitationChange(orgActor, invitation.role, 'cancel');
    const status = effectiveStatus(invitation);
    if (status === 'accepted') throw new AppError('conflict', 'This invitation was already accepted. Remove the member instead.');
    if (status === 'cancelled') throw new AppError('conflict', 'This invitation is already cancelled.');
    if (status === 'superseded' || !(await isCurrentInvitation(tx, invitation)))
      throw new AppError('conflict', 'A newer invitation replaced this one. Cancel the newest one instead.');
    // Every link of this person still open is closed, not only the one named.
    await tx
      .update(invitations)
      .set({ status: 'cancelled', cancelledAt: sql`now()`, cancelledBy: orgActor.accountId })
      .where(
        and(
          eq(invitations.orgId, orgId),
          eq(invitations.membershipId, invitation.membershipId),
          sql`(${invitations.status} = 'pending' or ${invitations.id} = ${invitation.id})`,
        ),
      );
    await recordAudit(tx, orgActor, {
      action: 'invitation.cancelled',
      targetType: 'invitation',
      targetId: invitation.id,
      data: { email: invitation.email },
    });
  });
}
