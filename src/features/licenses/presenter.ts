import { iso } from '../../http/schemas.js';
import type { OrgRow } from '../orgs/repository.js';
import type { AddOnRow, MemberAddOnRow } from './repository.js';
import type { AddOnViewType, LicensesViewType, MemberAddOnType } from './schemas.js';

export function presentAddOn(row: AddOnRow): AddOnViewType {
  return {
    id: row.id,
    name: row.name,
    total: row.total,
    used: row.used,
    consumed: row.consumed,
    free: row.total - row.used - row.consumed,
    transferable: row.transferable,
  };
}

export function presentLicenses(input: {
  org: OrgRow;
  reservedByInvitations: number;
  waitingForSeats: number;
  addOns: readonly AddOnRow[];
}): LicensesViewType {
  const { org } = input;
  return {
    seats: org.seats,
    seatsUsed: org.seatsUsed,
    seatsFree: org.seats - org.seatsUsed,
    reservedByInvitations: input.reservedByInvitations,
    waitingForSeats: input.waitingForSeats,
    reserveSeatAtInvite: org.reserveSeatAtInvite,
    addOns: input.addOns.map(presentAddOn),
  };
}

export function presentMemberAddOn(row: MemberAddOnRow): MemberAddOnType {
  return { addOnId: row.addOnId, name: row.name, transferable: row.transferable, assignedAt: iso(row.assignedAt) ?? '' };
}
