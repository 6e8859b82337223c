import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { extendJobLock } from '../../jobs/queue.js';
import type { JobHandler } from '../../jobs/worker.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { inviteCapacity } from '../invitations/capacity.js';
import { inviterOf } from '../invitations/inviter.js';
import { peopleScope } from '../members/scope.js';
import { type OrgActor, resolveOrgActor } from '../orgs/org-actor.js';
import { getOrg } from '../orgs/repository.js';
import { applyChunk } from './apply-chunk.js';
import { classifyRows } from './classify.js';
import { authorizeImport } from './policy.js';
import { countRows, findImport, type ImportRecord } from './repository.js';

export interface ImportRunOptions {
  readonly db: Db;
  readonly publicUrl: string;
  /** Rows per transaction: small on the embedded database, so requests get their turn between chunks. */
  readonly chunkSize: number;
  /** Wakes the email worker after a chunk queued mail. */
  readonly mailQueued: () => void;
  /** Seconds an instance holds the job between two chunks before another may take it over. */
  readonly lockSeconds?: number;
}

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The person who confirmed the import, as they are now: someone who lost the right stops it. */
async function committer(db: Db, record: ImportRecord): Promise<OrgActor> {
  const actor = record.committedBy
    ? { kind: 'account' as const, accountId: record.committedBy, label: record.committedByLabel ?? '', ip: null }
    : { kind: 'operator' as const, ip: null };
  const orgActor = await resolveOrgActor(db, actor, record.orgId);
  authorizeImport(orgActor);
  return orgActor;
}

/**
 * The background half of an import (R-15): chunk after chunk, each one transaction that
 * classifies its rows again, acts on them and records their outcomes and the progress. Run
 * again after a crash, it carries on from the first row without an outcome.
 */
export function importCommitJob(options: ImportRunOptions): JobHandler<'import-commit'> {
  const { db } = options;
  return async ({ importId, orgId }, job) => {
    const record = await findImport(db, orgId, importId).catch(() => null);
    if (record?.status !== 'committing') return;
    let actor: OrgActor;
    try {
      actor = await committer(db, record);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      await finish(db, record, `Stopped: the person who confirmed it can no longer import people (${error.message})`);
      return;
    }
    for (;;) {
      const processed = await db.transaction(async (raw) => {
        const tx = raw as unknown as Db;
        await extendJobLock(tx, job.id, options.lockSeconds ?? 60);
        // The same lock as invitations: two imports (or an import and a single invitation)
        // naming the same address create it once, and seats are counted exactly.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`invite:${orgId}`}))`);
        const next = await queryRows<{ row_number: number }>(
          tx,
          sql`select row_number from import_rows where import_id = ${importId} and outcome is null
              order by row_number limit ${options.chunkSize}`,
        );
        const from = next[0]?.row_number;
        const to = next.at(-1)?.row_number;
        if (from === undefined || to === undefined) return 0;
        const org = await getOrg(tx, orgId);
        const range = { importId, orgId, from, to };
        const rows = await classifyRows(tx, range, await peopleScope(tx, actor), await inviteCapacity(tx, org));
        const count = await applyChunk(tx, rows, { range, org, actor, inviter: await inviterOf(tx, actor), publicUrl: options.publicUrl });
        await tx.execute(sql`update imports set rows_done = rows_done + ${count} where id = ${importId}`);
        return count;
      });
      if (processed === 0) break;
      options.mailQueued();
      await yieldToOthers();
    }
    await finish(db, record, null, actor);
  };
}

async function finish(db: Db, record: ImportRecord, error: string | null, actor?: OrgActor): Promise<void> {
  const counts = await countRows(db, record.id, 'outcome');
  await db.transaction(async (raw) => {
    const tx = raw as unknown as Db;
    await tx.execute(sql`
      update imports set status = ${error ? 'failed' : 'done'}, error = ${error}, finished_at = now(),
        result_counts = ${JSON.stringify(counts)}::jsonb
      where id = ${record.id} and status = 'committing'`);
    if (actor) {
      await recordAudit(tx, actor, {
        action: 'import.completed',
        targetType: 'import',
        targetId: record.id,
        data: { fileName: record.fileName, rows: record.rowCount, outcomes: counts },
      });
    }
  });
}
