import type { FastifyReply } from 'fastify';
import { errorResponses, OrgParams } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { AuditFilterQuery, auditFilterOf } from '../audit/schemas.js';
import { exportAudit } from './export-audit.js';
import { type ExportFile, exportUsers } from './export-users.js';
import { CONTENT_TYPES, type ExportFormat } from './formats.js';
import { UsersExportQuery } from './schemas.js';

const tags = ['Exports'];

/** Sends a file as a download, streamed. */
export function sendFile(reply: FastifyReply, format: ExportFormat | 'jsonl', file: ExportFile) {
  const type = format === 'jsonl' ? 'application/jsonl; charset=utf-8' : CONTENT_TYPES[format];
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('cache-control', 'no-store')
    .send(file.stream);
}

export const exportsRoutes: RouteModule = (app, services) => {
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/api/v1/orgs/:orgId/exports/users.${format}`,
      {
        schema: {
          tags,
          summary: `Download members and invitations as ${format.toUpperCase()} (R-29)`,
          description:
            'Every row the members view shows for the same filters (status, team, role, q) and sort, streamed. ' +
            'Columns: email, username, first and last name (only for people who have accepted, R-6), status, role, teams as ' +
            'paths, invited at and by, accepted or set up at, removed at, the last email and its delivery state, add-on licenses. ' +
            'A cell that begins with =, +, -, @, a tab or a carriage return is prefixed with an apostrophe (formula injection). ' +
            'Managers and user admins get the people of their own teams only. Each download is recorded in the audit log.',
          params: OrgParams,
          querystring: UsersExportQuery,
          produces: [CONTENT_TYPES[format].split(';')[0] ?? ''],
          response: errorResponses,
        },
      },
      async (request, reply) =>
        sendFile(reply, format, await exportUsers(services, request.actor, request.params.orgId, format, request.query)),
    );
  }

  for (const format of ['csv', 'jsonl'] as const) {
    app.get(
      `/api/v1/orgs/:orgId/exports/audit-log.${format}`,
      {
        schema: {
          tags,
          summary: `Download the audit log as ${format === 'csv' ? 'CSV' : 'JSON Lines'} (R-30, admins)`,
          description:
            "Every entry matching the audit log's filters (action or action prefix, actor, from, to), newest first, streamed. " +
            (format === 'csv'
              ? 'CSV with a BOM; `data` is a JSON cell; formula-like cells are defused.'
              : 'One JSON object per line, shaped like the entries of `GET …/audit-log`.') +
            ' The download is itself recorded (`export.audit_log`).',
          params: OrgParams,
          querystring: AuditFilterQuery,
          produces: [format === 'csv' ? 'text/csv' : 'application/jsonl'],
          response: errorResponses,
        },
      },
      async (request, reply) =>
        sendFile(reply, format, await exportAudit(services, request.actor, request.params.orgId, format, auditFilterOf(request.query))),
    );
  }
};
