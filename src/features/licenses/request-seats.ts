import { queueEmail } from '../../mail/queue-email.js';
import { seatRequestEmail } from '../../mail/templates/seat-request.js';
import { inTransaction, link, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { keptInvitationSeats } from '../members/kept-counts.js';
import { getOrg } from '../orgs/repository.js';
import { authorizeRequestSeats } from './policy.js';
import type { SeatRequestInput } from './schemas.js';

/**
 * An administrator asks the platform operator for more seats (seats are part of the plan,
 * which only the operator changes, R-5): recorded in the audit log and emailed to the
 * operator's address (ROSTER_OPERATOR_EMAIL) in the same transaction, with the figures the
 * operator needs to answer.
 */
export async function requestSeats(
  services: Services,
  actor: Actor,
  orgId: string,
  input: SeatRequestInput,
): Promise<{ seats: number; emailed: boolean }> {
  const message = input.message?.trim() || null;
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    authorizeRequestSeats(orgActor);
    const org = await getOrg(tx, orgId);
    const waitingForSeats = (await keptInvitationSeats(tx, orgId)).wanted;
    const to = services.config.operatorEmail;
    if (to) {
      const email = seatRequestEmail({
        orgName: org.name,
        requestedBy: orgActor.label,
        seats: input.seats,
        seatsNow: org.seats,
        seatsFree: Math.max(0, org.seats - org.seatsUsed),
        waitingForSeats,
        message,
        url: link(services, `/orgs/${org.id}/settings`),
      });
      await queueEmail(tx, { ...email, orgId, kind: 'seat-request', to });
    }
    await recordAudit(tx, orgActor, {
      action: 'org.seats_requested',
      targetType: 'organization',
      targetId: org.id,
      data: { seats: input.seats, seatsNow: org.seats, waitingForSeats, emailed: to !== undefined, hasMessage: message !== null },
    });
    return { seats: input.seats, emailed: to !== undefined };
  });
}
