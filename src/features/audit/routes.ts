import { Type } from 'typebox';
import { errorResponses, iso, Nullable, OrgParams, Timestamp } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { AppError } from '../../lib/errors.js';
import { listAudit } from './list-audit.js';

const AuditEntry = Type.Object({
  id: Type.String(),
  action: Type.String(),
  actor: Type.String({ description: 'Email of the person, "operator" or "system".' }),
  actorAccountId: Nullable(Type.String()),
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  data: Type.Record(Type.String(), Type.Unknown()),
  ip: Nullable(Type.String()),
  at: Timestamp,
});

export const auditRoutes: RouteModule = (app, services) => {
  app.get(
    '/api/v1/orgs/:orgId/audit-log',
    {
      schema: {
        tags: ['Audit log'],
        summary: "The organization's audit log, newest first (admins)",
        params: OrgParams,
        querystring: Type.Object({
          action: Type.Optional(Type.String({ maxLength: 100, description: 'An action, or a prefix such as "invitation".' })),
          actor: Type.Optional(Type.String({ maxLength: 200 })),
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
          cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(AuditEntry), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const { query } = request;
      if (query.from && query.to && query.from > query.to) {
        throw new AppError('validation_failed', '"from" must be before "to".');
      }
      const limit = query.limit ?? 50;
      const rows = await listAudit(services, request.actor, request.params.orgId, {
        ...(query.action ? { action: query.action } : {}),
        ...(query.actor ? { actor: query.actor } : {}),
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
        after: query.cursor ? { id: Number(query.cursor) } : null,
        limit,
      });
      const last = rows.at(-1);
      return {
        items: rows.map((row) => ({
          id: String(row.id),
          action: row.action,
          actor: row.actorLabel,
          actorAccountId: row.actorAccountId,
          targetType: row.targetType,
          targetId: row.targetId,
          data: row.data,
          ip: row.ip,
          at: iso(row.createdAt) ?? '',
        })),
        nextCursor: rows.length === limit && last ? String(last.id) : null,
      };
    },
  );
};
