import { type Static, Type } from 'typebox';
import { Nullable, NullableTimestamp, Timestamp, Uuid } from '../../http/schemas.js';
import { RoleSchema } from '../access/schemas.js';

/** An invitation's status, as the members list and the invitations list show it. */
export const InvitationStatusSchema = Type.Union([
  Type.Literal('pending'),
  Type.Literal('accepted'),
  Type.Literal('cancelled'),
  Type.Literal('expired'),
  Type.Literal('superseded'),
]);

/** The status glossary admins see. */
export const MEMBER_STATUSES = ['pending', 'requested', 'active', 'cancelled', 'expired', 'removed'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export const MemberStatusSchema = Type.Union([
  Type.Literal('pending'),
  Type.Literal('requested'),
  Type.Literal('active'),
  Type.Literal('cancelled'),
  Type.Literal('expired'),
  Type.Literal('removed'),
]);

/** How a person came in. */
export const SourceSchema = Type.Union(
  [
    Type.Literal('invitation'),
    Type.Literal('setup'),
    Type.Literal('import'),
    Type.Literal('link'),
    Type.Literal('join_page'),
    Type.Literal('scim'),
    Type.Literal('api_key'),
  ],
  { description: 'How people came in: invitation, setup, import, link, join_page, scim or api_key.' },
);

export const MEMBER_SORTS = ['-created', 'created', 'email', '-email'] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];

export const MemberParams = Type.Object({ orgId: Uuid, memberId: Uuid });

export const ListMembersQuery = Type.Object({
  status: Type.Optional(MemberStatusSchema),
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'Part of an email address or of a name (names of people who have accepted only).' }),
  ),
  role: Type.Optional(RoleSchema),
  team: Type.Optional(
    Type.String({ format: 'uuid', description: 'Only people in this team (placed there, or carried up from a public team below it).' }),
  ),
  sort: Type.Optional(
    Type.Union([Type.Literal('-created'), Type.Literal('created'), Type.Literal('email'), Type.Literal('-email')], {
      default: '-created',
      description: '`-created` (newest first, default), `created`, `email`, `-email`.',
    }),
  ),
  source: Type.Optional(SourceSchema),
  sourceId: Type.Optional(
    Type.String({ format: 'uuid', description: 'With `source=link` or `source=import`: only people who came in by that link or file.' }),
  ),
  cursor: Type.Optional(Type.String({ maxLength: 1000, description: 'Opaque cursor from `nextCursor`, valid for the same sort.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type ListMembersQueryType = Static<typeof ListMembersQuery>;

const EmailState = Type.Object({
  kind: Type.String(),
  status: Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed')]),
  lastError: Nullable(Type.String({ description: "The mail server's reason, while delivery is failing." })),
  sentAt: NullableTimestamp,
});

export const MemberView = Type.Object({
  id: Uuid,
  status: MemberStatusSchema,
  role: RoleSchema,
  email: Nullable(Type.String({ description: 'The address the organization typed (null for a person set up with a username only).' })),
  firstName: Nullable(Type.String({ description: 'Null until the person has accepted (R-6).' })),
  lastName: Nullable(Type.String({ description: 'Null until the person has accepted (R-6).' })),
  username: Nullable(Type.String()),
  accountId: Nullable(Uuid),
  invitedAt: NullableTimestamp,
  invitedBy: Nullable(Type.String({ description: 'Who invited: an email address, or "operator".' })),
  remindedAt: NullableTimestamp,
  remindedBy: Nullable(Type.String({ description: 'Who sent the last reminder: an email address, or "operator".' })),
  activatedAt: NullableTimestamp,
  removedAt: NullableTimestamp,
  invitation: Nullable(Type.Object({ id: Uuid, status: InvitationStatusSchema, expiresAt: NullableTimestamp })),
  lastEmail: Nullable(EmailState),
  source: Type.Object(
    {
      kind: SourceSchema,
      id: Nullable(Uuid),
      label: Nullable(Type.String({ description: "The link's label or the imported file's name." })),
    },
    { description: 'How the person came in (R-36); who invited them is `invitedBy`.' },
  ),
  note: Type.Optional(Nullable(Type.String({ description: 'Private note; shown to admins and user admins only.' }))),
  can: Type.Optional(
    Type.Object(
      {
        changeRole: Type.Boolean(),
        remove: Type.Boolean(),
        resend: Type.Boolean(),
        cancel: Type.Boolean(),
        reinvite: Type.Boolean(),
        editNote: Type.Boolean(),
      },
      { description: 'What the caller may do with this person, from the same rules that refuse the requests (on every API answer).' },
    ),
  ),
});
export type MemberViewType = Static<typeof MemberView>;

export const MemberCounts = Type.Object(
  Object.fromEntries(MEMBER_STATUSES.map((s) => [s, Type.Integer({ minimum: 0 })])) as Record<
    MemberStatus,
    ReturnType<typeof Type.Integer>
  >,
  {
    description:
      'How many rows each status has among the people the caller may see (in the chosen team, if any), whatever the other filters.',
  },
);

export const MembersPage = Type.Object({
  items: Type.Array(MemberView),
  nextCursor: Nullable(Type.String()),
  counts: MemberCounts,
});

export const UpdateMemberBody = Type.Object(
  {
    role: Type.Optional(RoleSchema),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000, description: 'Private note about the member; null clears it.' }))),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMemberInput = Static<typeof UpdateMemberBody>;

export const EmailRecord = Type.Object({
  id: Uuid,
  kind: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  status: Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  createdAt: Timestamp,
  sentAt: NullableTimestamp,
});

export const MemberEmails = Type.Object({ items: Type.Array(EmailRecord) });
