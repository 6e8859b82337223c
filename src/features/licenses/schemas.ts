import { type Static, Type } from 'typebox';
import { Timestamp, Uuid } from '../../http/schemas.js';

export const MAX_ADD_ON_TOTAL = 1_000_000;

const AddOnName = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: '1–100 characters, e.g. "Certification".' });
const AddOnTotal = Type.Integer({ minimum: 0, maximum: MAX_ADD_ON_TOTAL, description: 'How many licenses the organization bought.' });

export const AddOnParams = Type.Object({ orgId: Uuid, addOnId: Uuid });
export const MemberAddOnParams = Type.Object({ orgId: Uuid, memberId: Uuid, addOnId: Uuid });

export const AddOnView = Type.Object({
  id: Uuid,
  name: Type.String(),
  total: Type.Integer(),
  used: Type.Integer({ description: 'Held by members now.' }),
  consumed: Type.Integer({ description: 'Non-transferable licenses whose holder left: gone for good.' }),
  free: Type.Integer({ description: 'total − used − consumed.' }),
  transferable: Type.Boolean({ description: 'Returns to the bank when its holder leaves; otherwise it is consumed.' }),
});
export type AddOnViewType = Static<typeof AddOnView>;

export const LicensesView = Type.Object({
  seats: Type.Integer(),
  seatsUsed: Type.Integer(),
  seatsFree: Type.Integer(),
  reservedByInvitations: Type.Integer({ description: 'Pending invitations holding a seat (when seats are reserved at invitation).' }),
  waitingForSeats: Type.Integer({
    description: 'Pending invitations holding no seat: each takes a free seat when accepted, first come first served.',
  }),
  reserveSeatAtInvite: Type.Boolean(),
  addOns: Type.Array(AddOnView),
});

export const SeatOutlookView = Type.Object({
  seats: Type.Integer(),
  seatsFree: Type.Integer(),
  waitingForSeats: Type.Integer({ description: 'Pending invitations holding no seat, each wanting one on acceptance.' }),
  reserveSeatAtInvite: Type.Boolean({ description: 'Each invitation takes a seat when sent: no more can be sent than seats are free.' }),
  can: Type.Object({
    requestSeats: Type.Boolean({ description: 'The caller may ask the platform operator for more seats (POST …/licenses/seat-requests).' }),
  }),
});

export const SeatRequestBody = Type.Object(
  {
    seats: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'How many more seats the organization would like.' }),
    message: Type.Optional(Type.String({ maxLength: 2000, description: 'A word for the operator (optional).' })),
  },
  { additionalProperties: false },
);
export type SeatRequestInput = Static<typeof SeatRequestBody>;

export const SeatRequestView = Type.Object({
  seats: Type.Integer(),
  emailed: Type.Boolean({
    description: 'The request was emailed to the platform operator (false when no operator address is configured).',
  }),
});
export type LicensesViewType = Static<typeof LicensesView>;

export const CreateAddOnBody = Type.Object(
  { name: AddOnName, total: AddOnTotal, transferable: Type.Boolean() },
  { additionalProperties: false },
);
export type CreateAddOnInput = Static<typeof CreateAddOnBody>;

export const UpdateAddOnBody = Type.Object(
  { name: Type.Optional(AddOnName), total: Type.Optional(AddOnTotal) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateAddOnInput = Static<typeof UpdateAddOnBody>;

export const AssignAddOnBody = Type.Object({ addOnId: Uuid }, { additionalProperties: false });

export const MemberAddOn = Type.Object({
  addOnId: Uuid,
  name: Type.String(),
  transferable: Type.Boolean(),
  assignedAt: Timestamp,
});
export type MemberAddOnType = Static<typeof MemberAddOn>;

export const MemberAddOns = Type.Object({ items: Type.Array(MemberAddOn) });
