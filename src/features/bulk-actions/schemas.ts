import { type Static, Type } from 'typebox';
import { Nullable, NullableTimestamp, Timestamp, Uuid } from '../../http/schemas.js';
import { RoleSchema } from '../access/schemas.js';
import { ListMembersQuery } from '../members/schemas.js';

export const BulkActionSchema = Type.Union(
  [Type.Literal('resend'), Type.Literal('cancel'), Type.Literal('remove'), Type.Literal('change_role'), Type.Literal('add_to_team')],
  {
    description:
      'resend (pending invitations), cancel (pending invitations), remove, change_role (with `role`), add_to_team (with `teamId`).',
  },
);

/** The members view's filter, as the list takes it, without its paging. */
export const BulkFilter = Type.Pick(ListMembersQuery, ['status', 'q', 'role', 'team', 'source', 'sourceId'], {
  additionalProperties: false,
  description: 'Everyone the members view shows with these filters, on every page.',
});
export type BulkFilterType = Static<typeof BulkFilter>;

/** At most this many chosen people in one request; beyond, select by filter. */
export const MAX_BULK_IDS = 5000;

export const StartBulkBody = Type.Object(
  {
    action: BulkActionSchema,
    role: Type.Optional(RoleSchema),
    teamId: Type.Optional(Uuid),
    message: Type.Optional(Type.String({ maxLength: 2000, description: 'With resend: a personal message in the reminder.' })),
    ids: Type.Optional(Type.Array(Uuid, { maxItems: MAX_BULK_IDS, description: 'The chosen people (member ids).' })),
    filter: Type.Optional(BulkFilter),
  },
  { additionalProperties: false },
);
export type StartBulkInput = Static<typeof StartBulkBody>;

export const BulkParams = Type.Object({ orgId: Uuid, operationId: Uuid });

export const BulkOperationView = Type.Object({
  id: Uuid,
  action: BulkActionSchema,
  role: Nullable(RoleSchema),
  teamId: Nullable(Uuid),
  selection: Type.Union([Type.Literal('ids'), Type.Literal('filter')]),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  total: Nullable(Type.Integer({ description: 'How many people; null while a filter is still being read.' })),
  succeeded: Type.Integer(),
  refused: Type.Integer(),
  error: Nullable(Type.String()),
  createdBy: Type.String(),
  createdAt: Timestamp,
  finishedAt: NullableTimestamp,
  refusals: Type.Array(Type.Object({ memberId: Uuid, email: Nullable(Type.String()), reason: Type.String() }), {
    description: 'Who was refused and why, in the order of the selection (the first 200).',
  }),
});
export type BulkOperationViewType = Static<typeof BulkOperationView>;
