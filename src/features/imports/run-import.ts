import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import type { JobContext, JobHandler } from '../../jobs/define.js';
import { AppError } from '../../lib/errors.js';
import { type OrgActor, resolveOrgActor } from '../access/org-actor.js';
import { peopleScope } from '../access/people-scope.js';
import { recordAudit } from '../audit/record-audit.js';
import { inviteCapacity, membersLeft } from '../invitations/capacity.js';
import { inviterOf } from '../invitations/inviter.js';
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
   * database, which has one connection; see `shareable` for when they may overlap.
   */
  readonly lanes?: number;
  /** Wakes the email worker after a chunk queued mail. */
  readonly mailQueued: () => void;
}

/** What an import job needs, from the job context. */
export function importRunOptions(context: JobContext): ImportRunOptions {
  return {
    db: context.db,
    publicUrl: context.config.publicUrl,
    chunkSize: context.importChunkSize,
    // The embedded database has one connection: its chunks go one after another.
    lanes: context.databaseKind === 'pglite' ? 1 : context.config.importLanes,
    mailQueued: context.jobsQueued,
  };
}

export interface ImportJobPayload {
  readonly importId: string;
  readonly orgId: string;
}

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
 * chunks are committed side by side while `shareable` allows it, each lane taking the next
 * range of rows from one queue.
 */
export function importCommitJob(options: ImportRunOptions): JobHandler<ImportJobPayload> {
  const { db } = options;
  return async ({ importId, orgId }) => {
    // A database error here is thrown, and the job retried: once its attempts are spent,
    // `stopImport` leaves the import "failed" with a sentence, never "committing" for ever.
    const record = await findImportIfAny(db, orgId, importId);
    if (record?.status !== 'committing') return;
    let actor: OrgActor;
    try {
      actor = await committer(db, record);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      await finish(db, record, `Stopped: the person who confirmed it can no longer import people (${error.message})`);
      return;
    }
    const lanes = Math.max(1, options.lanes ?? 1);
    const queue = await pendingRanges(db, importId, options.chunkSize, lanes);
    const statistics = statisticsKeeper(db);
    // The member cap is counted once per run, then each chunk takes its rows off (decision 0014).
    const room = { left: await membersLeft(db, await getOrg(db, orgId)) };
    let active = lanes;
    // A lane that fails stops the others after their chunk; the job is then retried as a whole.
    let failed = false;
    const run = (range: ChunkRange, sideBySide: boolean) =>
      db.transaction((raw) => commitChunk(raw as unknown as Db, { importId, orgId, actor, range, sideBySide, options, room }));
    const work = async (): Promise<void> => {
      // The worker's heartbeat keeps the job this instance's while it runs.
      for (let range = queue.shift(); range && !failed; range = queue.shift()) {
        let done = await run(range, active > 1);
        if (done === 'in_turn') {
          // From here on chunks go one at a time and in file order: this lane hands its range
          // back, and the last lane takes the ranges first to last.
          queue.push(range);
          queue.sort((a, b) => a.from - b.from);
          if (active > 1) return;
          range = queue.shift() ?? range;
          done = await run(range, false);
        }
        options.mailQueued();
        await statistics.rowsDone(done === 'in_turn' ? 0 : done);
        await nextTurn();
      }
    };
    const lane = async (): Promise<void> => {
      try {
        await work();
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        active -= 1;
      }
    };
    const outcomes = await Promise.allSettled(Array.from({ length: lanes }, lane));
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
    if (rejected) throw rejected.reason;
    await finish(db, record, null, actor);
    await statistics.done();
  };
}

/** The tables whose statistics decide the plans of an organization's pages and of the commit itself. */
const GROWN_TABLES = sql`memberships, invitations, team_members`;
/** Rows after which the first look is taken; then each time the rows done have doubled. */
const FIRST_LOOK_ROWS = 5000;

/**
 * Keeps the planner's statistics in step with an organization the import grows from nothing.
 * Planned with statistics from before the import, a lookup of "this organization's members" is
 * thought to touch a handful of rows and may walk them all, and an import makes them 200,000
 * (autovacuum catches up within minutes, and never where it is off, as on CI's server). So
 * the tables are analyzed on a small sample (3,000 rows, a few tens of milliseconds) once the
 * first chunks are in and whenever the rows done double, one lane at a time, and fully once
 * the import is done. Statistics are advice: an analyze that fails (another one ran at the
 * same moment) is left to the next.
 */
function statisticsKeeper(db: Db): { rowsDone(count: number): Promise<void>; done(): Promise<void> } {
  let rows = 0;
  let lookedAt = 0;
  let busy = false;
  const analyze = async (sample: 'small' | 'full') => {
    await db
      .transaction(async (raw) => {
        const tx = raw as unknown as Db;
        if (sample === 'small') await tx.execute(sql`set local default_statistics_target = 10`);
        await tx.execute(sql`analyze ${GROWN_TABLES}`);
      })
      .catch(() => undefined);
  };
  return {
    async rowsDone(count) {
      rows += count;
      if (busy || rows < Math.max(FIRST_LOOK_ROWS, 2 * lookedAt)) return;
      busy = true;
      lookedAt = rows;
      try {
        await analyze('small');
      } finally {
        busy = false;
      }
    },
    async done() {
      if (rows >= FIRST_LOOK_ROWS) await analyze('full');
    },
  };
}

interface ChunkRange {
  readonly from: number;
  readonly to: number;
}

/**
 * The rows still to do, in file order, cut into ranges of `size` rows. With several lanes the
 * last ranges get smaller (each at most a share of what is left), so lanes finish together
 * instead of one working through a whole last chunk while the others wait.
 */
async function pendingRanges(db: Db, importId: string, size: number, lanes: number): Promise<ChunkRange[]> {
  const slice = Math.max(1, Math.floor(size / 10));
  const slices = await queryRows<ChunkRange & { rows: number }>(
    db,
    sql`select min(row_number)::int as "from", max(row_number)::int as "to", count(*)::int as rows
        from (select row_number, (row_number() over (order by row_number) - 1) / ${slice} as slice
              from import_rows where import_id = ${importId} and outcome is null) pending
        group by slice order by slice`,
  );
  let left = slices.reduce((sum, part) => sum + part.rows, 0);
  const ranges: ChunkRange[] = [];
  let current: { from: number; to: number; rows: number } | null = null;
  for (const part of slices) {
    current = current ? { from: current.from, to: part.to, rows: current.rows + part.rows } : { ...part };
    const target = lanes > 1 ? Math.min(size, Math.max(slice, Math.ceil(left / (2 * lanes)))) : size;
    if (current.rows >= target) {
      ranges.push({ from: current.from, to: current.to });
      left -= current.rows;
      current = null;
    }
  }
  if (current) ranges.push({ from: current.from, to: current.to });
  return ranges;
}

interface ChunkJob {
  readonly importId: string;
  readonly orgId: string;
  readonly actor: OrgActor;
  readonly range: ChunkRange;
  /** Whether other lanes may be committing chunks of this import at the same time. */
  readonly sideBySide: boolean;
  readonly options: ImportRunOptions;
  /** Room left under the member cap, shared by the lanes of this run. */
  readonly room: { left: number };
}

/**
 * One chunk, in the caller's transaction: classifies the range's pending rows again and applies
 * them. Answers 'in_turn', having changed nothing, when it may not run beside other chunks.
 */
async function commitChunk(tx: Db, { importId, orgId, actor, range, sideBySide, options, room }: ChunkJob): Promise<number | 'in_turn'> {
  const key = `invite:${orgId}`;
  if (sideBySide) {
    if (!(await shareable(tx, orgId, importId))) return 'in_turn';
    await tx.execute(sql`select pg_advisory_xact_lock_shared(hashtext(${key}))`);
  } else {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
  }
  // Another instance that took the job over (its lease ran out here) waits for this range
  // and then finds its rows done.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${importId}), ${range.from})`);
  const org = await getOrg(tx, orgId);
  const chunk = { importId, orgId, ...range };
  const rows = await classifyRows(tx, chunk, await peopleScope(tx, actor), await inviteCapacity(tx, org, { room: room.left }));
  const count = await applyChunk(tx, rows, { range: chunk, org, actor, inviter: await inviterOf(tx, actor), publicUrl: options.publicUrl });
  room.left -= rows.filter((row) => row.verdict === 'invite' || row.verdict === 'setup').length;
  await tx.execute(sql`update imports set rows_done = rows_done + ${count} where id = ${importId}`);
  return count;
}

/**
 * Whether chunks of this import may hold the organization's invitation lock (which single
 * invitations take too: two imports, or an import and a single invitation, naming the same
 * address create it once, and seats are counted exactly) shared, side by side. Only while
 * nothing they decide can depend on each other: the import's rows are distinct people
 * (duplicates were found at upload), it is the organization's only import being committed,
 * and free seats outnumber its rows left, so no row can be refused a seat that file order
 * would have given it.
 */
async function shareable(tx: Db, orgId: string, importId: string): Promise<boolean> {
  const [state] = await queryRows<{ alone: boolean; ample: boolean }>(
    tx,
    sql`select (select count(*) from imports c where c.org_id = ${orgId} and c.status = 'committing') = 1 as alone,
               (o.kind <> 'trial' and o.seats - o.seats_used >= i.row_count - i.rows_done) as ample
        from imports i join organizations o on o.id = i.org_id
        where i.id = ${importId} and i.org_id = ${orgId}`,
  );
  return state?.alone === true && state.ample;
}

/** The import, or null when it was deleted (its organization too); any other error is thrown. */
async function findImportIfAny(db: Db, orgId: string, importId: string): Promise<ImportRecord | null> {
  try {
    return await findImport(db, orgId, importId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}

/** Said on an import whose job failed for good (the uploader can retry it: decision 0002). */
export const STOPPED_SENTENCE =
  'Roster could not finish this import: the database kept refusing its work, attempt after attempt. ' +
  'The rows already done are kept; retry to carry on with the others.';

/**
 * The import job's last attempt failed: the import ends "failed" with a sentence, and its
 * uploader (or an administrator) can confirm it again to carry on where it stopped. One
 * statement on the import's own row, so it holds even when the rest of the import is unreadable.
 */
export async function stopImport(db: Db, { importId, orgId }: ImportJobPayload): Promise<void> {
  await db.execute(sql`
    update imports set status = 'failed', error = ${STOPPED_SENTENCE}, finished_at = now()
    where id = ${importId} and org_id = ${orgId} and status = 'committing'`);
  // What was done before it stopped, for the page and the report, when the rows can be read.
  await countRows(db, importId, 'outcome')
    .then((counts) => db.execute(sql`update imports set result_counts = ${JSON.stringify(counts)}::jsonb where id = ${importId}`))
    .catch(() => undefined);
}

/**
 * The safety net under `stopImport` (which may itself have met the database away): an import
 * still "committing" with no job queued or running for it is stopped the same way. Its job and
 * its status are written in one transaction, so a committing import always has a live job.
 */
export async function stopOrphanedImports(db: Db): Promise<void> {
  await db.execute(sql`
    update imports i set status = 'failed', error = ${STOPPED_SENTENCE}, finished_at = now()
    where i.status = 'committing'
      and not exists (select 1 from jobs j where j.kind = 'import-commit' and j.status in ('queued', 'running')
                        and j.payload->>'importId' = i.id::text)`);
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
