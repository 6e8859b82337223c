import { sql } from 'drizzle-orm';
import { enqueue } from '../../jobs/queue.js';
import { AppError } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { createImportTeams } from './create-import-teams.js';
import { openImport } from './policy.js';
import { findImport, type ImportRecord } from './repository.js';

const NOT_COMMITTABLE: Record<string, string> = {
  reading: 'This import is still being read. Wait for its preview first.',
  committing: 'This import is already being processed.',
  done: 'This import has already been processed. Upload the file again to import it again.',
};

/**
 * Confirms a previewed import: it is queued and processed in the background, where
 * every row is checked again against the organization as it is then. An import that stopped
 * ("failed": its job failed for good, or the person who confirmed it lost the right) may be
 * confirmed again, by its uploader or an administrator: it carries on from the rows not done.
 */
export async function commitImport(services: Services, actor: Actor, orgId: string, importId: string): Promise<ImportRecord> {
  return inTransaction(services, async (tx) => {
    const { orgActor, record } = await openImport(tx, actor, orgId, importId, true);
    const refusal = NOT_COMMITTABLE[record.status];
    if (refusal) throw new AppError('conflict', refusal);
    await tx.execute(sql`
      update imports set status = 'committing', committed_by = ${orgActor.accountId}, committed_by_label = ${orgActor.label},
        started_at = coalesce(started_at, now()), error = null, finished_at = null
      where id = ${importId} and org_id = ${orgId}`);
    // The teams the preview listed as new exist before the first row is placed.
    await createImportTeams(tx, orgActor, record);
    await enqueue(tx, 'import-commit', { importId, orgId });
    await recordAudit(tx, orgActor, {
      action: 'import.started',
      targetType: 'import',
      targetId: importId,
      data: { fileName: record.fileName, rows: record.rowCount },
    });
    return findImport(tx, orgId, importId);
  });
}
