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
  reserveSeatAtInvite: Type.Boolean(),
  addOns: Type.Array(AddOnView),
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
