import { and, eq, sql } from 'drizzle-orm';
import { invitations } from '../../db/schema.js';
import { inTransaction, type Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { releaseMembershipReservations } from '../licenses/seat-reservations.js';
import { removeInvitationPlacements } from '../teams/place-in-team.js';
import { loadChangeableInvitation } from './load-changeable.js';

/** Cancels a pending invitation: its link stops working at once. */
export async function cancelInvitation(services: Services, actor: Actor, orgId: string, invitationId: string): Promise<void> {
  await inTransaction(services, async (tx) => {
    const { orgActor, invitation } = await loadChangeableInvitation(tx, actor, orgId, invitationId, 'cancel');
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
    await releaseMembershipReservations(tx, orgId, [invitation.membershipId]);
    // The teams it put the person in are undone too.
    await removeInvitationPlacements(tx, orgId, invitation.id);
    await recordAudit(tx, orgActor, {
      action: 'invitation.cancelled',
      targetType: 'invitation',
      targetId: invitation.id,
      data: { email: invitation.email },
    });
  });
}
