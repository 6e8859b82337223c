import type { Readable } from 'node:stream';
import { inTransaction, type Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import type { MembersQuery } from '../members/list-members.js';
import { peopleScope } from '../members/scope.js';
import { resolveOrgActor } from '../orgs/org-actor.js';
import { type ExportFormat, tableStream } from './formats.js';
import { authorizeExportUsers } from './policy.js';
import { USER_COLUMNS, userLines } from './user-rows.js';

export type UsersExportQuery = Pick<MembersQuery, 'status' | 'q' | 'role' | 'team' | 'source' | 'sourceId' | 'sort'>;

export interface ExportFile {
  readonly fileName: string;
  readonly stream: Readable;
}

/**
 * The members view as a file: the same filters, sort and scope (a manager gets their
 * own branch only), every row rather than one page. Authorization and the audit entry (who
 * downloaded what, R-30) happen before the first byte; then the rows stream page by page.
 */
export async function exportUsers(
  services: Services,
  actor: Actor,
  orgId: string,
  format: ExportFormat,
  query: UsersExportQuery,
): Promise<ExportFile> {
  const filter = {
    ...(query.status ? { status: query.status } : {}),
    ...(query.role ? { role: query.role } : {}),
    ...(query.team ? { team: query.team } : {}),
    ...(query.source ? { source: query.source } : {}),
    ...(query.sourceId ? { sourceId: query.sourceId } : {}),
    ...(query.q?.trim() ? { q: query.q.trim() } : {}),
    sort: query.sort ?? '-created',
  };
  const within = await inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    authorizeExportUsers(orgActor);
    const scope = await peopleScope(tx, orgActor);
    await recordAudit(tx, orgActor, {
      action: 'export.users',
      data: { format, filters: filter, ...(scope.all ? {} : { scope: 'own teams' }) },
    });
    return scope.all ? undefined : scope.teamIds;
  });
  const lines = userLines(services.db, orgId, { ...filter, ...(within ? { within } : {}) });
  const day = new Date().toISOString().slice(0, 10);
  return { fileName: `users-${day}.${format}`, stream: tableStream(format, 'Users', USER_COLUMNS, lines) };
}
