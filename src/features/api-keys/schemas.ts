import { type Static, Type } from 'typebox';
import { Nullable, NullableTimestamp, Timestamp, Uuid } from '../../http/schemas.js';

export const ApiKeyRoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('user_admin'), Type.Literal('manager')], {
  description: 'What the key may do: as an administrator, or as a user admin or manager of its teams and the teams below them.',
});

export const API_KEY_SCOPES = ['scim'] as const;

export const CreateApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'What the key is for, e.g. "Workday sync".' }),
    role: ApiKeyRoleSchema,
    teamIds: Type.Optional(
      Type.Array(Uuid, {
        maxItems: 100,
        description: 'The teams of a manager or user admin key (at least one); none for an administrator key.',
      }),
    ),
    expiresAt: Type.Optional(
      Nullable(Type.String({ format: 'date-time', description: 'When the key stops working; null or absent: never.' })),
    ),
    scopes: Type.Optional(
      Type.Array(Type.Union(API_KEY_SCOPES.map((s) => Type.Literal(s))), {
        maxItems: 5,
        description: '`scim`: the key may also call the SCIM server.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreateApiKeyInput = Static<typeof CreateApiKeyBody>;

export const ApiKeyView = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String({ description: 'The start of the secret, to tell keys apart.' }),
  role: ApiKeyRoleSchema,
  teams: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
  scopes: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]),
  createdBy: Type.String(),
  createdAt: Timestamp,
  expiresAt: NullableTimestamp,
  revokedAt: NullableTimestamp,
  lastUsedAt: NullableTimestamp,
  lastUsedIp: Nullable(Type.String()),
});
export type ApiKeyViewType = Static<typeof ApiKeyView>;

export const CreatedApiKey = Type.Intersect([
  ApiKeyView,
  Type.Object({ secret: Type.String({ description: 'Shown this once: Roster keeps only its hash.' }) }),
]);

export const ApiKeyParams = Type.Object({ orgId: Uuid, keyId: Uuid });
