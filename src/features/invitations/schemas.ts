import { type Static, Type } from 'typebox';
import { Nullable, NullableTimestamp, Timestamp, Uuid } from '../../http/schemas.js';
import { RoleSchema } from '../access/schemas.js';
import { InvitationStatusSchema } from '../members/schemas.js';

// Shared with the members list, which shows each person's invitation.
export { InvitationStatusSchema, RoleSchema };

export const MAX_ADDRESSES_PER_REQUEST = 1000;

export const InviteBody = Type.Object(
  {
    emails: Type.Union(
      [
        Type.String({
          minLength: 1,
          maxLength: 300_000,
          description:
            'Addresses separated by commas, semicolons, spaces or new lines; each bare or as `Name <address>` (`"Last, First" <address>` too).',
        }),
        Type.Array(Type.String({ maxLength: 320, description: 'One address, bare or as `Name <address>`; never split on its spaces.' }), {
          minItems: 1,
          maxItems: MAX_ADDRESSES_PER_REQUEST,
        }),
      ],
      { description: 'One string in any of the separators, or an array of addresses.' },
    ),
    role: Type.Optional(RoleSchema),
    teamIds: Type.Optional(
      Type.Array(Uuid, {
        maxItems: 50,
        uniqueItems: true,
        description: 'Teams the people join (as learners) from the moment they are active. Required for managers and user admins.',
      }),
    ),
    message: Type.Optional(Nullable(Type.String({ maxLength: 2000, description: 'A personal message shown in the email.' }))),
  },
  { additionalProperties: false },
);
export type InviteInput = Static<typeof InviteBody>;

export const OUTCOMES = ['invited', 'already_invited', 'already_member', 'invalid', 'not_allowed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const InviteResult = Type.Object({
  input: Type.String({ description: 'The address as typed.' }),
  email: Nullable(Type.String({ description: 'The address as stored: lower case, domain in punycode.' })),
  outcome: Type.Union(OUTCOMES.map((o) => Type.Literal(o))),
  reason: Nullable(Type.String()),
  invitationId: Nullable(Uuid),
  memberId: Nullable(Uuid),
});

export const InviteResponse = Type.Object({
  results: Type.Array(InviteResult),
  counts: Type.Object(Object.fromEntries(OUTCOMES.map((o) => [o, Type.Integer()])) as Record<Outcome, ReturnType<typeof Type.Integer>>),
});

export const ResendBody = Type.Object(
  { message: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) },
  { additionalProperties: false },
);

export const InvitationView = Type.Object({
  id: Uuid,
  memberId: Uuid,
  email: Type.String(),
  role: RoleSchema,
  status: InvitationStatusSchema,
  message: Nullable(Type.String()),
  invitedBy: Type.String({ description: 'Who sent it: an email address or "operator".' }),
  sentAt: Timestamp,
  expiresAt: NullableTimestamp,
  acceptedAt: NullableTimestamp,
  cancelledAt: NullableTimestamp,
  isReminder: Type.Boolean(),
});

export const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });

export const InvitationPeek = Type.Object({
  orgName: Type.String(),
  inviterName: Type.String(),
  via: Type.Union([Type.Literal('link'), Type.Literal('join_page'), Type.Null()], {
    description: 'Set when the person asked to join through a shareable link or the join page.',
  }),
  email: Type.String(),
  role: RoleSchema,
  expiresAt: NullableTimestamp,
  accountExists: Type.Boolean({ description: 'The invited address already has a Roster account: sign in to accept.' }),
  seatAvailable: Type.Boolean({
    description: 'A seat is there for them now (reserved, or free in the bank); false: accepting would be refused with no_seat.',
  }),
  firstName: Nullable(
    Type.String({ description: 'The name the inviter gave (from an import), to fill in the form. Null when the address has an account.' }),
  ),
  lastName: Nullable(Type.String({ description: 'As firstName.' })),
  signedInAs: Nullable(Type.String()),
  signedInMatches: Type.Boolean(),
  termsVersion: Type.String(),
  termsUrl: Nullable(Type.String({ description: 'The terms of use in force (ROSTER_TERMS_URL), if published.' })),
  privacyUrl: Nullable(Type.String({ description: 'The privacy notice in force (ROSTER_PRIVACY_URL), if published.' })),
});

export const AcceptBody = Type.Object(
  {
    firstName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    lastName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    password: Type.Optional(Type.String({ maxLength: 200 })),
    acceptTerms: Type.Literal(true, { description: 'The terms of use and privacy notice in force are accepted.' }),
  },
  { additionalProperties: false },
);
export type AcceptInput = Static<typeof AcceptBody>;

export const AcceptResponse = Type.Object({
  orgId: Uuid,
  orgName: Type.String(),
  membershipId: Uuid,
  requested: Type.Boolean({
    description: 'True when the link or join page asks for approval: the person is verified and waits for an administrator.',
  }),
});
