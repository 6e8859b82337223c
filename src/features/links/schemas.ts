import { type Static, Type } from 'typebox';
import { Nullable, NullableTimestamp, Timestamp, Uuid } from '../../http/schemas.js';

export const LinkParams = Type.Object({ orgId: Uuid, linkId: Uuid });

const Domains = Type.Array(Type.String({ minLength: 1, maxLength: 255 }), {
  minItems: 1,
  maxItems: 50,
  description: 'Email domains whose addresses may join, e.g. `acme.com`; `*.acme.com` accepts its subdomains. IDN allowed.',
});
const Label = Type.String({ maxLength: 200 });
const ExpiresAt = Nullable(Type.String({ format: 'date-time', description: 'After this instant the link stops working; null: never.' }));
const MaxUses = Nullable(
  Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'Joins after which the link stops; null: no limit.' }),
);

export const Mode = Type.Union([Type.Literal('join'), Type.Literal('request')], {
  description: '`join` (default): a verified visitor joins at once; `request`: they wait for an administrator to approve.',
});

export const CreateLinkBody = Type.Object(
  {
    domains: Domains,
    teamId: Type.Optional(Nullable(Uuid)),
    label: Type.Optional(Label),
    expiresAt: Type.Optional(ExpiresAt),
    maxUses: Type.Optional(MaxUses),
    mode: Type.Optional(Mode),
  },
  { additionalProperties: false },
);
export type CreateLinkInput = Static<typeof CreateLinkBody>;

export const UpdateLinkBody = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    label: Type.Optional(Label),
    expiresAt: Type.Optional(ExpiresAt),
    maxUses: Type.Optional(MaxUses),
    mode: Type.Optional(Mode),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateLinkInput = Static<typeof UpdateLinkBody>;

export const LINK_STATES = ['open', 'disabled', 'expired', 'exhausted'] as const;
export type LinkState = (typeof LINK_STATES)[number];

export const LinkView = Type.Object({
  id: Uuid,
  url: Type.String({ description: 'The address to share: `{PUBLIC_URL}/join/{key}`.' }),
  label: Type.String(),
  domains: Type.Array(Type.String()),
  team: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  enabled: Type.Boolean(),
  mode: Mode,
  state: Type.Union([Type.Literal('open'), Type.Literal('disabled'), Type.Literal('expired'), Type.Literal('exhausted')], {
    description: 'open, disabled, expired or exhausted (max uses reached).',
  }),
  expiresAt: NullableTimestamp,
  maxUses: Nullable(Type.Integer()),
  uses: Type.Integer({ description: 'People who joined by this link.' }),
  lastUsedAt: NullableTimestamp,
  createdBy: Type.String(),
  createdAt: Timestamp,
  rotatedAt: NullableTimestamp,
});
export type LinkViewType = Static<typeof LinkView>;
