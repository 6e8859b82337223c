import { Type } from 'typebox';
import { errorResponses, OrgParams } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { createApiKey } from './create-api-key.js';
import { listApiKeys } from './list-api-keys.js';
import { revokeApiKey } from './revoke-api-key.js';
import { ApiKeyParams, ApiKeyView, CreateApiKeyBody, CreatedApiKey } from './schemas.js';

const tags = ['API keys'];
const who = 'Administrators of the organization and the platform operator; an API key cannot manage keys.';

export const apiKeysRoutes: RouteModule = (app, services) => {
  app.post(
    '/api/v1/orgs/:orgId/api-keys',
    {
      schema: {
        tags,
        summary: 'Create an API key; its secret is in this answer only',
        description:
          'The key calls the API as `Authorization: Bearer rst_…` with its role: an administrator key everywhere in the ' +
          `organization, a user admin or manager key on its teams and the teams below them. ${who}`,
        params: OrgParams,
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKey, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createApiKey(services, request.actor, request.params.orgId, request.body)),
  );

  app.get(
    '/api/v1/orgs/:orgId/api-keys',
    {
      schema: {
        tags,
        summary: "The organization's API keys, with their last use",
        description: `Revoked and expired keys are listed too, with their status. ${who}`,
        params: OrgParams,
        response: { 200: Type.Object({ items: Type.Array(ApiKeyView) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listApiKeys(services, request.actor, request.params.orgId) }),
  );

  app.delete(
    '/api/v1/orgs/:orgId/api-keys/:keyId',
    {
      schema: {
        tags,
        summary: 'Revoke an API key at once',
        description: `Its next request, on any instance, gets 401. ${who}`,
        params: ApiKeyParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await revokeApiKey(services, request.actor, request.params.orgId, request.params.keyId);
      return reply.status(204).send(null);
    },
  );
};
