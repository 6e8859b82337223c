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
  /**
   * Chunks committed side by side, each on its own connection (PostgreSQL). 1 on the embedded
   * database, which has one connection; see `chunkLock` for when they may overlap.
   */
  readonly lanes?: number;
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
 * The background half of an import: chunk after chunk, each one transaction that
 * classifies its rows again, acts on them and records their outcomes and the progress. Run
 * again after a crash, it carries on from the rows without an outcome. With several lanes,
 * chunks are committed side by side; each claims its rows, so none is done twice.
 */
export function importCommitJob(options: ImportRunOptions): JobHandler<'import-commit'> {
  const { db } = options;
  const lanes = Math.max(1, options.lanes ?? 1);
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
    // A lane that fails stops the others after their chunk; the job is then retried as a whole.
    let failed = false;
    const lane = async (): Promise<void> => {
      while (!failed) {
        await extendJobLock(db, job.id, options.lockSeconds ?? 60);
        const processed = await db
          .transaction((raw) => commitChunk(raw as unknown as Db, { importId, orgId, actor, lanes, options }))
          .catch((error: unknown) => {
            failed = true;
            throw error;
          });
        if (processed === 0) return;
        options.mailQueued();
        await yieldToOthers();
      }
    };
    const outcomes = await Promise.allSettled(Array.from({ length: lanes }, lane));
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
    if (rejected) throw rejected.reason;
    await finish(db, record, null, actor);
  };
}

interface ChunkJob {
  readonly importId: string;
  readonly orgId: string;
  readonly actor: OrgActor;
  readonly lanes: number;
  readonly options: ImportRunOptions;
}

/** One chunk, in the caller's transaction: claims the next pending rows, classifies them again and applies them. */
async function commitChunk(tx: Db, { importId, orgId, actor, lanes, options }: ChunkJob): Promise<number> {
  await chunkLock(tx, orgId, importId, lanes);
  // Rows another lane holds are skipped, not waited for: each row goes to one chunk.
  const claimed = await queryRows<{ row_number: number }>(
    tx,
    sql`select row_number from import_rows where import_id = ${importId} and outcome is null
        order by row_number limit ${options.chunkSize} for update skip locked`,
  );
  const from = claimed[0]?.row_number;
  const to = claimed.at(-1)?.row_number;
  if (from === undefined || to === undefined) return 0;
  const org = await getOrg(tx, orgId);
  const range = { importId, orgId, from, to, rows: claimed.map((row) => row.row_number) };
  const rows = await classifyRows(tx, range, await peopleScope(tx, actor), await inviteCapacity(tx, org));
  const count = await applyChunk(tx, rows, { range, org, actor, inviter: await inviterOf(tx, actor), publicUrl: options.publicUrl });
  await tx.execute(sql`update imports set rows_done = rows_done + ${count} where id = ${importId}`);
  return count;
}

/**
 * The organization's invitation lock, which single invitations take too: two imports (or an
 * import and a single invitation) naming the same address create it once, and seats are
 * counted exactly. Chunks of one import hold it shared, side by side, only while nothing they
 * decide can depend on each other: its rows are distinct people (duplicates were found at
 * upload), it is the organization's only import being committed, and free seats outnumber its
 * rows left, so no row is refused a seat that file order would have given it. Otherwise
 * chunks take it in turn and seats go to rows in file order.
 */
async function chunkLock(tx: Db, orgId: string, importId: string, lanes: number): Promise<void> {
  const key = `invite:${orgId}`;
  if (lanes > 1) {
    const [state] = await queryRows<{ alone: boolean; ample: boolean }>(
      tx,
      sql`select (select count(*) from imports c where c.org_id = ${orgId} and c.status = 'committing') = 1 as alone,
                 (o.kind <> 'trial' and o.seats - o.seats_used >= i.row_count - i.rows_done) as ample
          from imports i join organizations o on o.id = i.org_id
          where i.id = ${importId} and i.org_id = ${orgId}`,
    );
    if (state?.alone && state.ample) {
      await tx.execute(sql`select pg_advisory_xact_lock_shared(hashtext(${key}))`);
      return;
    }
  }
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
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
