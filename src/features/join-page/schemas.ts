import { type Static, Type } from 'typebox';
import { Nullable, Timestamp, Uuid } from '../../http/schemas.js';
import { Mode } from '../links/schemas.js';

export const UpdateJoinPageBody = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ description: 'Off by default; turning it off stops joins at once.' })),
    slug: Type.Optional(
      Type.String({ maxLength: 100, description: 'The page is `{PUBLIC_URL}/join/{slug}`: 3–40 lower-case letters, digits and dashes.' }),
    ),
    teamId: Type.Optional(Nullable(Uuid)),
    mode: Type.Optional(Mode),
    domains: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 255 }), {
        maxItems: 50,
        description: 'Allowed email domains (`*.acme.com` for subdomains); empty: any verified address.',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateJoinPageInput = Static<typeof UpdateJoinPageBody>;

export const JoinPageView = Type.Object({
  enabled: Type.Boolean(),
  slug: Nullable(Type.String()),
  url: Nullable(Type.String({ description: '`{PUBLIC_URL}/join/{slug}` once a slug is chosen.' })),
  team: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  domains: Type.Array(Type.String()),
  mode: Mode,
  updatedAt: Nullable(Timestamp),
});
export type JoinPageViewType = Static<typeof JoinPageView>;
