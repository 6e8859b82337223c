import { type Static, Type } from 'typebox';
import { Nullable, Timestamp, Uuid } from '../../http/schemas.js';

export const SLUG_PATTERN = '^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$';

const ExpiryDays = Nullable(Type.Integer({ minimum: 1, maximum: 3650, description: 'Days before an invitation expires; null: never.' }));

export const CreateOrgBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    slug: Type.String({ pattern: SLUG_PATTERN, description: '3–63 lower-case letters, digits and dashes.' }),
    kind: Type.Union([Type.Literal('trial'), Type.Literal('paid')]),
    seats: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
    renewalDate: Type.Optional(Nullable(Type.String({ format: 'date' }))),
    invitationExpiryDays: Type.Optional(ExpiryDays),
  },
  { additionalProperties: false },
);
export type CreateOrgInput = Static<typeof CreateOrgBody>;

export const UpdateOrgBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    invitationExpiryDays: Type.Optional(ExpiryDays),
    emailNote: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    emailSenderName: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }))),
    requireTeam: Type.Optional(Type.Boolean({ description: 'Every invitation must name at least one team.' })),
    reserveSeatAtInvite: Type.Optional(
      Type.Boolean({ description: 'Pending invitations hold a seat until accepted, cancelled or expired (invitations sent from now on).' }),
    ),
    scimPasswordLinks: Type.Optional(
      Type.Boolean({ description: 'People provisioned over SCIM are emailed a set-password link (off: they sign in another way).' }),
    ),
    timeZone: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'IANA time zone (e.g. "Europe/Paris") for session times on pages and in emails.',
      }),
    ),
    learningPlatformName: Type.Optional(
      Nullable(Type.String({ minLength: 1, maxLength: 80, description: 'Shown to learners as "Go to <name>" after they join.' })),
    ),
    learningPlatformUrl: Type.Optional(
      Nullable(Type.String({ maxLength: 2000, description: 'Where learners learn (http or https); null with the name: "My learning".' })),
    ),
    retentionDays: Type.Optional(
      Nullable(
        Type.Integer({
          minimum: 1,
          maximum: 36500,
          description: "Days after a person's removal before their data is erased (R-27); null: never. Default 365.",
        }),
      ),
    ),
    // Plan fields: the platform operator only.
    slug: Type.Optional(Type.String({ pattern: SLUG_PATTERN })),
    kind: Type.Optional(Type.Union([Type.Literal('trial'), Type.Literal('paid')])),
    seats: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
    renewalDate: Type.Optional(Nullable(Type.String({ format: 'date' }))),
    maxMembers: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'Most people (active and invited) the organization may hold (R-24).' }),
    ),
    publicDomainsAllowed: Type.Optional(
      Type.Array(Type.String({ minLength: 3, maxLength: 255 }), {
        maxItems: 20,
        description: "Public email providers' domains (e.g. gmail.com) this organization's links and join page may name anyway.",
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateOrgInput = Static<typeof UpdateOrgBody>;

export const OrgView = Type.Object({
  id: Uuid,
  name: Type.String(),
  slug: Type.String(),
  kind: Type.Union([Type.Literal('trial'), Type.Literal('paid')]),
  seats: Type.Integer(),
  seatsUsed: Type.Integer(),
  seatsFree: Type.Integer(),
  renewalDate: Nullable(Type.String()),
  invitationExpiryDays: Nullable(Type.Integer()),
  emailNote: Nullable(Type.String()),
  emailSenderName: Nullable(Type.String()),
  requireTeam: Type.Boolean(),
  reserveSeatAtInvite: Type.Boolean(),
  scimPasswordLinks: Type.Boolean(),
  timeZone: Type.String(),
  learningPlatform: Nullable(Type.Object({ name: Type.String(), url: Type.String() })),
  maxMembers: Type.Integer(),
  publicDomainsAllowed: Type.Array(Type.String()),
  retentionDays: Nullable(Type.Integer({ description: "Days after removal before a person's data is erased; null: never." })),
  createdAt: Timestamp,
  myRole: Type.Optional(Type.String({ description: 'The caller\'s role here, or "operator".' })),
});
export type OrgViewType = Static<typeof OrgView>;
