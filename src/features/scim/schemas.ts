import { type Static, Type } from 'typebox';
import { Nullable, Timestamp } from '../../http/schemas.js';

/** The settings page's view of provisioning (GET /api/v1/orgs/{orgId}/scim). */
export const ScimOverviewView = Type.Object({
  baseUrl: Type.String({ description: 'The SCIM base URL to give the identity provider.' }),
  keys: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      prefix: Type.String(),
      role: Type.String(),
      createdAt: Timestamp,
      lastUsedAt: Nullable(Timestamp),
    }),
    { description: 'Usable API keys with the "scim" scope.' },
  ),
  requests: Type.Array(
    Type.Object({
      id: Type.String(),
      at: Timestamp,
      method: Type.String(),
      path: Type.String({ description: 'Under the base URL, without the query.' }),
      status: Type.Integer(),
      scimType: Nullable(Type.String()),
      detail: Nullable(Type.String({ description: 'The sentence of a refusal.' })),
      durationMs: Type.Integer(),
      keyName: Nullable(Type.String()),
    }),
    { description: 'The last 50 SCIM requests, newest first (a week is kept).' },
  ),
});
export type ScimOverview = Static<typeof ScimOverviewView>;
