import { Type } from 'typebox';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { errorResponses, Nullable, OrgParams } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { createOrg } from './create-org.js';
import { getOrg } from './get-org.js';
import { listOrgs } from './list-orgs.js';
import { presentOrg } from './presenter.js';
import { CreateOrgBody, OrgView, UpdateOrgBody } from './schemas.js';
import { updateOrg } from './update-org.js';

const tags = ['Organizations'];

export const orgRoutes: RouteModule = (app, services) => {
  app.post(
    '/api/v1/orgs',
    { schema: { tags, summary: 'Create an organization (operator)', body: CreateOrgBody, response: { 201: OrgView, ...errorResponses } } },
    async (request, reply) => {
      const org = await createOrg(services, request.actor, request.body);
      return reply.status(201).send(presentOrg(org, 'operator'));
    },
  );

  app.get(
    '/api/v1/orgs',
    {
      schema: {
        tags,
        summary: 'Organizations: all of them for the operator, your own for a person',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(OrgView), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const rows = await listOrgs(services, request.actor, {
        ...(request.query.q ? { q: request.query.q } : {}),
        cursor: decodeCursor(request.query.cursor),
        limit,
      });
      const last = rows.at(-1);
      return {
        items: rows.map((row) => presentOrg(row.org, row.myRole)),
        nextCursor: rows.length === limit && last ? encodeCursor({ id: last.org.id }) : null,
      };
    },
  );

  app.get(
    '/api/v1/orgs/:orgId',
    {
      schema: {
        tags,
        summary: 'An organization, its seats and settings',
        params: OrgParams,
        response: { 200: OrgView, ...errorResponses },
      },
    },
    async (request) => {
      const { org, myRole } = await getOrg(services, request.actor, request.params.orgId);
      return presentOrg(org, myRole);
    },
  );

  app.patch(
    '/api/v1/orgs/:orgId',
    {
      schema: {
        tags,
        summary: 'Change settings (admin) or the plan (operator)',
        params: OrgParams,
        body: UpdateOrgBody,
        response: { 200: OrgView, ...errorResponses },
      },
    },
    async (request) => {
      const org = await updateOrg(services, request.actor, request.params.orgId, request.body);
      return presentOrg(org);
    },
  );
};
