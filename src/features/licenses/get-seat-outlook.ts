import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { keptInvitationSeats } from '../members/kept-counts.js';
import { getOrg } from '../orgs/repository.js';
import { authorizeSeeSeatOutlook, mayRequestSeats } from './policy.js';

export interface SeatOutlook {
  readonly seats: number;
  readonly seatsFree: number;
  /** Pending invitations holding no seat: each takes one on acceptance, first come first served. */
  readonly waitingForSeats: number;
  readonly reserveSeatAtInvite: boolean;
  /** What the caller may do about a shortfall: ask the operator for more seats (same policy as the request). */
  readonly can: { readonly requestSeats: boolean };
}

/**
 * What anyone about to invite needs to know before they send (issue 17): the free seats and
 * the invitations already waiting for them, so "1,713 invitations, 21 free seats" is said in
 * the dialog, not learned from people turned away.
 */
export async function getSeatOutlook(services: Services, actor: Actor, orgId: string): Promise<SeatOutlook> {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  authorizeSeeSeatOutlook(orgActor);
  const org = await getOrg(services.db, orgId);
  return {
    seats: org.seats,
    seatsFree: Math.max(0, org.seats - org.seatsUsed),
    waitingForSeats: (await keptInvitationSeats(services.db, orgId)).wanted,
    reserveSeatAtInvite: org.reserveSeatAtInvite,
    can: { requestSeats: mayRequestSeats(orgActor) },
  };
}
