import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorResponses, OrgParams } from '../../http/schemas.js';
import type { App, RouteModule } from '../../http/types.js';
import { AppError } from '../../lib/errors.js';
import type { Services } from '../../services.js';
import { createScimGroup } from './create-scim-group.js';
import { createScimUser } from './create-scim-user.js';
import { deleteScimGroup } from './delete-scim-group.js';
import { deleteScimUser } from './delete-scim-user.js';
import { resourceTypes, schemas, serviceProviderConfig } from './discovery.js';
import { errorBody, ScimError, toScimError } from './errors.js';
import { getScimGroup } from './get-scim-group.js';
import { getScimUser } from './get-scim-user.js';
import { presentGroup } from './group-records.js';
import { listScimGroups } from './list-scim-groups.js';
import { listScimUsers } from './list-scim-users.js';
import { createScimRequestLog, type ScimRequestLog } from './log-request.js';
import { patchScimGroup } from './patch-scim-group.js';
import { patchScimUser } from './patch-scim-user.js';
import { scimOrgOf } from './policy.js';
import { project, wants } from './projection.js';
import { replaceScimGroup } from './replace-scim-group.js';
import { replaceScimUser } from './replace-scim-user.js';
import { BULK_MAX_PAYLOAD, runScimBulk } from './run-scim-bulk.js';
import { ScimOverviewView } from './schemas.js';
import { getScimOverview } from './scim-overview.js';
import { presentUser } from './user-records.js';
import { type Json, LIST_SCHEMA } from './values.js';

export const SCIM_PREFIX = '/scim/v2';
export const SCIM_TYPE = 'application/scim+json; charset=utf-8';

const Resource = Type.Object({}, { additionalProperties: true, description: 'A SCIM resource (application/scim+json).' });
const ScimErrorBody = Type.Object(
  { schemas: Type.Array(Type.String()), status: Type.String(), scimType: Type.Optional(Type.String()), detail: Type.String() },
  { description: 'RFC 7644 §3.12 error.' },
);
export const scimErrors = {
  400: ScimErrorBody,
  401: ScimErrorBody,
  403: ScimErrorBody,
  404: ScimErrorBody,
  409: ScimErrorBody,
  412: ScimErrorBody,
  413: ScimErrorBody,
};
export const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
export const ListQuery = Type.Object({
  filter: Type.Optional(Type.String()),
  startIndex: Type.Optional(Type.String()),
  count: Type.Optional(Type.String()),
  sortBy: Type.Optional(Type.String()),
  sortOrder: Type.Optional(Type.String()),
  attributes: Type.Optional(Type.String()),
  excludedAttributes: Type.Optional(Type.String()),
});
export const Projection = Type.Object({ attributes: Type.Optional(Type.String()), excludedAttributes: Type.Optional(Type.String()) });

/** Answers in application/scim+json, with the resource's version as its ETag. */
export function sendScim(reply: FastifyReply, status: number, body: Json): FastifyReply {
  const meta = body.meta as { version?: string; location?: string } | undefined;
  if (meta?.version) reply.header('etag', meta.version);
  if (status === 201 && meta?.location) reply.header('location', meta.location);
  return reply.status(status).type(SCIM_TYPE).send(JSON.stringify(body));
}

export function listResponse(total: number, startIndex: number, resources: Json[]): Json {
  return { schemas: [LIST_SCHEMA], totalResults: total, startIndex, itemsPerPage: resources.length, Resources: resources };
}

export const ifMatchOf = (request: FastifyRequest): string | undefined => {
  const header = request.headers['if-match'];
  return typeof header === 'string' ? header : undefined;
};

declare module 'fastify' {
  interface FastifyRequest {
    scimError: ScimError | null;
  }
}

/** Fastify's own refusals (bad JSON, wrong content type, too large) in SCIM's terms. */
function scimErrorOf(error: unknown): ScimError {
  const known = toScimError(error);
  if (known) return known;
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 413) return new ScimError(413, `The request body is larger than ${BULK_MAX_PAYLOAD} bytes (maxPayloadSize).`);
  if (status === 415) return new ScimError(415, 'Send the body as application/scim+json (or application/json).');
  if (status === 400) return new ScimError(400, 'The request body is not valid JSON.', 'invalidSyntax');
  return new ScimError(500, 'Something went wrong on our side. The error was logged; please try again.');
}

/**
 * The SCIM 2.0 server (RFC 7643, 7644) at /scim/v2: one base URL for every organization, the
 * API key says which. Its errors, content type and request log are its own; what it does goes
 * through the use cases of members and set-up.
 */
export const scimRoutes: RouteModule = (app, services) => {
  const requestLog = createScimRequestLog(services.db, {
    onError: (error) => app.log.warn({ err: error }, 'SCIM requests not logged'),
  });
  // What is still kept is written before the database goes (Roster closes the app first).
  app.addHook('onClose', async () => {
    await requestLog.close();
  });
  registerOverview(app, services, requestLog);
  void app.register(
    async (scim) => {
      scim.decorateRequest('scimError', null);
      // SCIM describes itself (ServiceProviderConfig, Schemas): kept out of the REST API's OpenAPI document.
      scim.addHook('onRoute', (route) => {
        route.schema = { ...route.schema, hide: true };
      });
      // application/scim+json or application/json; an empty body (a DELETE that names a type) is no body.
      scim.removeContentTypeParser('application/json');
      scim.addContentTypeParser(['application/scim+json', 'application/json'], { parseAs: 'string' }, (_request, body, done) => {
        const text = String(body);
        if (text.trim() === '') return done(null, undefined);
        try {
          done(null, JSON.parse(text));
        } catch {
          done(new ScimError(400, 'The request body is not valid JSON.', 'invalidSyntax'), undefined);
        }
      });
      scim.setErrorHandler((error, request, reply) => {
        const scimError = scimErrorOf(error);
        if (scimError.status >= 500) request.log.error({ err: error }, 'SCIM request failed');
        request.scimError = scimError;
        if (error instanceof AppError && error.details.retryAfterSeconds !== undefined) {
          reply.header('retry-after', String(error.details.retryAfterSeconds));
        }
        return reply
          .status(scimError.status)
          .type(SCIM_TYPE)
          .send(JSON.stringify(errorBody(scimError)));
      });
      scim.setNotFoundHandler((request, reply) => {
        const error = new ScimError(404, `The SCIM server has no ${request.method} ${request.url.split('?')[0]}.`);
        return reply
          .status(404)
          .type(SCIM_TYPE)
          .send(JSON.stringify(errorBody(error)));
      });
      scim.addHook('onResponse', async (request, reply) => {
        const actor = request.actor;
        if (actor?.kind !== 'key') return;
        requestLog.add({
          orgId: actor.orgId,
          keyId: actor.keyId,
          method: request.method,
          path: (request.url.split('?')[0] ?? '').slice(SCIM_PREFIX.length) || '/',
          status: reply.statusCode,
          scimType: request.scimError?.scimType ?? null,
          detail: request.scimError?.message ?? null,
          durationMs: Math.round(reply.elapsedTime),
        });
      });
      registerDiscovery(scim as never, services);
      registerUsers(scim as never, services);
      registerGroups(scim as never, services);
      registerBulk(scim as never, services);
    },
    { prefix: SCIM_PREFIX },
  );
};

export const baseUrlOf = (services: Services): string => `${services.config.publicUrl}${SCIM_PREFIX}`;

const registerDiscovery: RouteModule = (app, services) => {
  const base = baseUrlOf(services);
  const tags = ['SCIM'];
  const guard = { preHandler: async (request: FastifyRequest) => void scimOrgOf(request.actor) };
  app.get(
    '/ServiceProviderConfig',
    { ...guard, schema: { tags, summary: 'What this SCIM server supports', response: { 200: Resource, ...scimErrors } } },
    async (_r, reply) => sendScim(reply, 200, serviceProviderConfig(base, `${services.config.publicUrl}/docs`)),
  );
  app.get(
    '/ResourceTypes',
    { ...guard, schema: { tags, summary: 'SCIM resource types', response: { 200: Resource, ...scimErrors } } },
    async (_r, reply) => {
      const types = resourceTypes(base);
      return sendScim(reply, 200, listResponse(types.length, 1, types));
    },
  );
  app.get(
    '/ResourceTypes/:id',
    { ...guard, schema: { tags, summary: 'One SCIM resource type', params: IdParams, response: { 200: Resource, ...scimErrors } } },
    async (request, reply) => {
      const type = resourceTypes(base).find((t) => t.id === request.params.id);
      if (!type) throw new ScimError(404, `There is no resource type "${request.params.id}".`);
      return sendScim(reply, 200, type);
    },
  );
  app.get(
    '/Schemas',
    { ...guard, schema: { tags, summary: 'SCIM schemas (User, enterprise extension)', response: { 200: Resource, ...scimErrors } } },
    async (_r, reply) => {
      const list = schemas(base);
      return sendScim(reply, 200, listResponse(list.length, 1, list));
    },
  );
  app.get(
    '/Schemas/:id',
    { ...guard, schema: { tags, summary: 'One SCIM schema', params: IdParams, response: { 200: Resource, ...scimErrors } } },
    async (request, reply) => {
      const schema = schemas(base).find((s) => s.id === request.params.id);
      if (!schema) throw new ScimError(404, `There is no schema "${request.params.id}".`);
      return sendScim(reply, 200, schema);
    },
  );
};

const registerUsers: RouteModule = (app, services) => {
  const base = baseUrlOf(services);
  const tags = ['SCIM'];
  app.get(
    '/Users',
    { schema: { tags, summary: 'List or filter Users (members)', querystring: ListQuery, response: { 200: Resource, ...scimErrors } } },
    async (request, reply) => {
      const { total, startIndex, records } = await listScimUsers(services, request.actor, request.query);
      const { attributes, excludedAttributes } = request.query;
      const resources = records.map((r) => project(presentUser(r, base), attributes, excludedAttributes));
      return sendScim(reply, 200, listResponse(total, startIndex, resources));
    },
  );
  app.post(
    '/Users',
    {
      schema: { tags, summary: 'Provision a person: an active member at once', body: Resource, response: { 201: Resource, ...scimErrors } },
    },
    async (request, reply) => sendScim(reply, 201, presentUser(await createScimUser(services, request.actor, request.body), base)),
  );
  app.get(
    '/Users/:id',
    { schema: { tags, summary: 'One User', params: IdParams, querystring: Projection, response: { 200: Resource, ...scimErrors } } },
    async (request, reply) => {
      const user = presentUser(await getScimUser(services, request.actor, request.params.id), base);
      return sendScim(reply, 200, project(user, request.query.attributes, request.query.excludedAttributes));
    },
  );
  app.put(
    '/Users/:id',
    { schema: { tags, summary: 'Replace a User', params: IdParams, body: Resource, response: { 200: Resource, ...scimErrors } } },
    async (request, reply) =>
      sendScim(
        reply,
        200,
        presentUser(await replaceScimUser(services, request.actor, request.params.id, request.body, ifMatchOf(request)), base),
      ),
  );
  app.patch(
    '/Users/:id',
    {
      schema: {
        tags,
        summary: 'Change a User (active: false removes the member)',
        params: IdParams,
        body: Resource,
        response: { 200: Resource, ...scimErrors },
      },
    },
    async (request, reply) =>
      sendScim(
        reply,
        200,
        presentUser(await patchScimUser(services, request.actor, request.params.id, request.body, ifMatchOf(request)), base),
      ),
  );
  app.delete(
    '/Users/:id',
    { schema: { tags, summary: 'Remove the member (never erases them)', params: IdParams, response: { 204: Type.Null(), ...scimErrors } } },
    async (request, reply) => {
      await deleteScimUser(services, request.actor, request.params.id, ifMatchOf(request));
      return reply.status(204).send(null);
    },
  );
};

type Group = Parameters<typeof presentGroup>;

const registerGroups: RouteModule = (app, services) => {
  const base = baseUrlOf(services);
  const tags = ['SCIM'];
  const send = (reply: FastifyReply, status: number, group: { record: Group[0]; members: Group[1] }) =>
    sendScim(reply, status, presentGroup(group.record, group.members, base));
  app.get(
    '/Groups',
    { schema: { tags, summary: 'List or filter Groups (teams)', querystring: ListQuery, response: { 200: Resource, ...scimErrors } } },
    async (request, reply) => {
      const { attributes, excludedAttributes } = request.query;
      const page = await listScimGroups(services, request.actor, request.query, wants('members', attributes, excludedAttributes));
      const resources = page.records.map((r) =>
        project(presentGroup(r, page.members?.get(r.id) ?? null, base), attributes, excludedAttributes),
      );
      return sendScim(reply, 200, listResponse(page.total, page.startIndex, resources));
    },
  );
  app.post(
    '/Groups',
    { schema: { tags, summary: 'Create a top-level team with its members', body: Resource, response: { 201: Resource, ...scimErrors } } },
    async (request, reply) => send(reply, 201, await createScimGroup(services, request.actor, request.body)),
  );
  app.get(
    '/Groups/:id',
    { schema: { tags, summary: 'One Group', params: IdParams, querystring: Projection, response: { 200: Resource, ...scimErrors } } },
    async (request, reply) => {
      const { attributes, excludedAttributes } = request.query;
      const group = await getScimGroup(services, request.actor, request.params.id, wants('members', attributes, excludedAttributes));
      return sendScim(reply, 200, project(presentGroup(group.record, group.members, base), attributes, excludedAttributes));
    },
  );
  app.put(
    '/Groups/:id',
    {
      schema: {
        tags,
        summary: 'Replace a Group (name and members)',
        params: IdParams,
        body: Resource,
        response: { 200: Resource, ...scimErrors },
      },
    },
    async (request, reply) =>
      send(reply, 200, await replaceScimGroup(services, request.actor, request.params.id, request.body, ifMatchOf(request))),
  );
  app.patch(
    '/Groups/:id',
    {
      schema: {
        tags,
        summary: 'Rename a Group, add or remove members',
        params: IdParams,
        body: Resource,
        response: { 200: Resource, ...scimErrors },
      },
    },
    async (request, reply) =>
      send(reply, 200, await patchScimGroup(services, request.actor, request.params.id, request.body, ifMatchOf(request))),
  );
  app.delete(
    '/Groups/:id',
    {
      schema: {
        tags,
        summary: 'Delete the team (refused while Roster keeps things in it)',
        params: IdParams,
        response: { 204: Type.Null(), ...scimErrors },
      },
    },
    async (request, reply) => {
      await deleteScimGroup(services, request.actor, request.params.id, ifMatchOf(request));
      return reply.status(204).send(null);
    },
  );
};

const registerBulk: RouteModule = (app, services) => {
  const base = baseUrlOf(services);
  app.post(
    '/Bulk',
    {
      bodyLimit: BULK_MAX_PAYLOAD,
      schema: { tags: ['SCIM'], summary: 'Many operations in one request', body: Resource, response: { 200: Resource, ...scimErrors } },
    },
    async (request, reply) => sendScim(reply, 200, await runScimBulk(services, request.actor, request.body, base)),
  );
};

/** The settings page's view of provisioning: a REST route of the organization, not part of SCIM. */
const registerOverview = (app: App, services: Services, requestLog: ScimRequestLog): void => {
  app.get(
    '/api/v1/orgs/:orgId/scim',
    {
      schema: {
        tags: ['API keys'],
        summary: 'Provisioning (SCIM): base URL, keys, last requests',
        description: 'Administrators. The requests log keeps method, path, status and the refusal, never bodies.',
        params: OrgParams,
        response: { 200: ScimOverviewView, ...errorResponses },
      },
    },
    async (request) => {
      // The requests this instance still keeps are shown too.
      await requestLog.flush();
      return getScimOverview(services, request.actor, request.params.orgId);
    },
  );
};
