import { Type } from 'typebox';
import { errorResponses, Nullable, OrgParams } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { listAudit } from './list-audit.js';
import { presentAudit } from './presenter.js';
import { AuditEntry, AuditFilterQuery, auditFilterOf } from './schemas.js';

export const auditRoutes: RouteModule = (app, services) => {
  app.get(
    '/api/v1/orgs/:orgId/audit-log',
    {
      schema: {
        tags: ['Audit log'],
        summary: "The organization's audit log, newest first (admins)",
        params: OrgParams,
        querystring: Type.Object({
          ...AuditFilterQuery.properties,
          cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(AuditEntry), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const { query } = request;
      const limit = query.limit ?? 50;
      const { rows, names } = await listAudit(services, request.actor, request.params.orgId, {
        ...auditFilterOf(query),
        after: query.cursor ? { id: Number(query.cursor) } : null,
        limit,
      });
      const last = rows.at(-1);
      return {
        items: rows.map((row) => presentAudit(row, names)),
        nextCursor: rows.length === limit && last ? String(last.id) : null,
      };
    },
  );
};
