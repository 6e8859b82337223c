/** What Roster says about seats before anything is sent: GET /orgs/{orgId}/seats. */
export interface SeatOutlook {
  readonly seatsFree: number;
  readonly waitingForSeats: number;
  readonly reserveSeatAtInvite: boolean;
}

const n = (value: number) => value.toLocaleString('en-US');
const plural = (value: number, one: string, many: string) => `${n(value)} ${value === 1 ? one : many}`;

/**
 * The sentence for `count` new invitations when they, with those already pending, are more
 * than the free seats ("1,713 invitations, 21 free seats: the first 21 to accept get in");
 * null when every one of them would find a seat.
 */
export function seatShortfall(count: number, outlook: SeatOutlook): string | null {
  const free = outlook.seatsFree;
  if (count === 0) return null;
  if (free === 0) return `No seat is free: ${count === 1 ? 'this invitation is' : 'these invitations are'} refused until seats are added.`;
  if (outlook.reserveSeatAtInvite) {
    return count > free
      ? `${plural(count, 'invitation', 'invitations')}, ${plural(free, 'free seat', 'free seats')}: each invitation holds a seat, so only the first ${n(free)} can be sent.`
      : null;
  }
  if (count + outlook.waitingForSeats <= free) return null;
  const pending = outlook.waitingForSeats > 0 ? ` and ${n(outlook.waitingForSeats)} already pending` : '';
  return `${plural(count, 'invitation', 'invitations')}${pending}, ${plural(free, 'free seat', 'free seats')}: the first ${n(free)} to accept get in.`;
}

/**
 * How many more seats would let every one of `count` new invitations in: with reservations,
 * one per invitation past the free seats; otherwise also one per invitation already pending.
 */
export function seatsShort(count: number, outlook: SeatOutlook): number {
  if (count === 0) return 0;
  const wanted = outlook.reserveSeatAtInvite ? count : count + outlook.waitingForSeats;
  return Math.max(0, wanted - outlook.seatsFree);
}
