import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { pgArray, queryRows } from '../db/sql.js';

/** Every job Roster runs, with its payload. Adding a kind here makes the worker demand a handler. */
export interface JobPayloads {
  /** One email, or a batch of an import's (bulk mail: a job per fifty, not per email). */
  'send-email': { emailId: string } | { emailIds: string[] };
  'import-commit': { importId: string; orgId: string };
  /** Sends an endpoint's pending webhook deliveries, in order (handler: features/webhooks/deliver-endpoint.ts). */
  'webhook-deliver': { endpointId: string };
}
export type JobKind = keyof JobPayloads;

export interface ClaimedJob {
  readonly id: number;
  readonly kind: JobKind;
  readonly payload: Record<string, unknown>;
  readonly attempts: number;
  readonly maxAttempts: number;
}

export interface EnqueueOptions {
  readonly runAt?: Date;
  readonly maxAttempts?: number;
  /** Bulk work (an import's mail) runs after the jobs someone is waiting for. */
  readonly bulk?: boolean;
}

/** Writes jobs in the caller's transaction: they run only if that transaction commits. */
export async function enqueueMany<K extends JobKind>(
  db: Db,
  kind: K,
  payloads: readonly JobPayloads[K][],
  options: EnqueueOptions = {},
): Promise<void> {
  if (payloads.length === 0) return;
  // One array parameter for all payloads: thousands of jobs in one cheap statement.
  await db.execute(
    insertJobs(kind, sql`select p from unnest(${pgArray(payloads.map((p) => JSON.stringify(p)))}::jsonb[]) as t (p)`, options),
  );
}

/**
 * The statement that queues a job for each row of `payloads`, a query with one jsonb column
 * `p` (a `JobPayloads[kind]` each). A caller can put it in a WITH clause beside the insert
 * that creates what the jobs are about, and build the payloads from that insert's rows.
 */
export function insertJobs(kind: JobKind, payloads: SQL, options: EnqueueOptions = {}): SQL {
  const runAt = options.runAt ?? new Date();
  return sql`
    insert into jobs (kind, payload, run_at, max_attempts, priority)
    select ${kind}::text, q.p, ${runAt.toISOString()}::timestamptz, ${options.maxAttempts ?? 10}::int, ${options.bulk ? 1 : 0}::smallint
    from (${payloads}) as q`;
}

export async function enqueue<K extends JobKind>(db: Db, kind: K, payload: JobPayloads[K], options: EnqueueOptions = {}): Promise<void> {
  await enqueueMany(db, kind, [payload], options);
}

/**
 * Claims up to `limit` due jobs, bulk ones last and at most `bulkLimit` of them (none with
 * `bulk: false`). SKIP LOCKED lets any number of instances poll the same table; a job whose
 * worker died is claimed again once its lock lapses.
 */
export async function claimJobs(
  db: Db,
  limit: number,
  lockSeconds: number,
  kinds: readonly JobKind[],
  options: { readonly bulk?: boolean; readonly bulkLimit?: number } = {},
): Promise<ClaimedJob[]> {
  const kindList = sql`${pgArray([...kinds])}::text[]`;
  const bulkLimit = options.bulk === false ? 0 : Math.min(limit, options.bulkLimit ?? limit);
  // Due jobs of one priority, in order along the queued-jobs index.
  const due = (priority: 0 | 1, count: SQL) => sql`
      select id from jobs
      where status = 'queued' and kind = any(${kindList}) and run_at <= now() and priority = ${sql.raw(String(priority))}
      order by kind, priority, run_at, id
      limit ${count}
      for update skip locked`;
  const rows = await queryRows<{ id: string; kind: JobKind; payload: Record<string, unknown>; attempts: number; max_attempts: number }>(
    db,
    sql`
    -- Index walks (due jobs in order, urgent then bulk, then jobs whose worker died), each
    -- stopping at the batch size: the cost does not grow with the number of jobs waiting.
    with urgent as (${due(0, sql`${limit}`)}
    ), bulk as (${due(1, sql`least(${bulkLimit}::int, ${limit}::int - (select count(*)::int from urgent))`)}
    ), due as (
      select id from urgent union all select id from bulk
    ), lapsed as (
      select id from jobs
      where status = 'running' and kind = any(${kindList}) and locked_until < now()
      order by kind, locked_until
      limit ${limit}
      for update skip locked
    )
    update jobs set status = 'running', attempts = attempts + 1,
      locked_until = now() + make_interval(secs => ${lockSeconds})
    where id in (select id from due union all select id from lapsed)
    returning id, kind, payload, attempts, max_attempts`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    kind: row.kind,
    payload: row.payload,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
  }));
}

/** A long job (an import) says it is alive, so no other instance claims it while it runs. */
export async function extendJobLock(db: Db, id: number, lockSeconds: number): Promise<void> {
  await db.execute(
    sql`update jobs set locked_until = now() + make_interval(secs => ${lockSeconds}) where id = ${id} and status = 'running'`,
  );
}

/**
 * Hands back every running job at once. Only for a database no other process can use (the
 * embedded one, behind its lock file): there, a running job at boot was cut off by a crash.
 */
export async function requeueRunningJobs(db: Db): Promise<number> {
  const rows = await queryRows(db, sql`update jobs set status = 'queued', locked_until = null where status = 'running' returning id`);
  return rows.length;
}

/** Marks jobs done, one statement for a whole batch. */
export async function completeJobs(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(
    sql`update jobs set status = 'done', finished_at = now(), locked_until = null where id = any(${pgArray(ids.map(String))}::bigint[])`,
  );
}

/** Exponential backoff: 5 s, 10 s, 20 s … capped at one hour; after the last attempt the job is failed. */
export function backoffSeconds(attempts: number): number {
  return Math.min(5 * 2 ** Math.max(0, attempts - 1), 3600);
}

export async function failJob(db: Db, job: ClaimedJob, error: string): Promise<'retrying' | 'failed'> {
  const final = job.attempts >= job.maxAttempts;
  await db.execute(sql`
    update jobs set status = ${final ? 'failed' : 'queued'}, last_error = ${error.slice(0, 2000)},
      run_at = now() + make_interval(secs => ${backoffSeconds(job.attempts)}), locked_until = null,
      finished_at = ${final ? sql`now()` : null}
    where id = ${job.id}`);
  return final ? 'failed' : 'retrying';
}

/** Removes finished jobs older than the given age, so the table stays small. */
export async function pruneJobs(db: Db, olderThanDays: number): Promise<void> {
  await db.execute(
    sql`delete from jobs where status in ('done', 'failed') and finished_at < now() - make_interval(days => ${olderThanDays})`,
  );
}
