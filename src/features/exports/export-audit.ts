import { Readable } from 'node:stream';
import { inTransaction, type Services } from '../../services.js';
import { type AuditFilter, auditPage } from '../audit/list-audit.js';
import { presentAudit } from '../audit/presenter.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { resolveOrgActor } from '../orgs/org-actor.js';
import type { ExportFile } from './export-users.js';
import { tableStream } from './formats.js';
import { authorizeExportAudit } from './policy.js';

export type AuditExportFormat = 'csv' | 'jsonl';

const PAGE = 5000;
const COLUMNS = ['id', 'at', 'action', 'actor', 'actor_account_id', 'target_type', 'target_id', 'ip', 'data'] as const;

type Entry = ReturnType<typeof presentAudit>;

/**
 * The log, whole, newest first: a walk down its ids, a page per statement. The export itself
 * is recorded first, so it appears in the file it produces.
 */
export async function exportAudit(
  services: Services,
  actor: Actor,
  orgId: string,
  format: AuditExportFormat,
  filter: AuditFilter,
): Promise<ExportFile> {
  await inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    authorizeExportAudit(orgActor);
    await recordAudit(tx, orgActor, { action: 'export.audit_log', data: { format, filters: filter } });
  });
  async function* pages(): AsyncGenerator<Entry[]> {
    let after: { id: number } | null = null;
    for (;;) {
      const rows = await auditPage(services.db, orgId, { ...filter, after, limit: PAGE });
      if (rows.length > 0) yield rows.map((row) => presentAudit(row));
      const last = rows.at(-1);
      if (rows.length < PAGE || !last) return;
      after = { id: last.id };
    }
  }
  const day = new Date().toISOString().slice(0, 10);
  const fileName = `audit-log-${day}.${format}`;
  if (format === 'jsonl') {
    async function* lines(): AsyncGenerator<string> {
      for await (const page of pages()) yield page.map((entry) => `${JSON.stringify(entry)}\n`).join('');
    }
    return { fileName, stream: Readable.from(lines()) };
  }
  async function* cells(): AsyncGenerator<(string | null)[][]> {
    for await (const page of pages()) {
      yield page.map((e) => [e.id, e.at, e.action, e.actor, e.actorAccountId, e.targetType, e.targetId, e.ip, JSON.stringify(e.data)]);
    }
  }
  return { fileName, stream: tableStream('csv', 'Audit log', COLUMNS, cells()) };
}
