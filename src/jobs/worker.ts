import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from '../db/client.js';
import { type ClaimedJob, claimJobs, completeJobs, failJob, type JobKind, type JobPayloads } from './queue.js';

export type JobHandler<K extends JobKind> = (payload: JobPayloads[K], job: ClaimedJob) => Promise<void>;
/**
 * A handler for a whole claimed batch at once (emails: one read and one write for twenty
 * messages). It answers, in the order given, null for each job done or the error of each
 * job that failed.
 */
export interface BatchJobHandler<K extends JobKind> {
  readonly batch: (jobs: readonly { readonly payload: JobPayloads[K]; readonly job: ClaimedJob }[]) => Promise<(Error | null)[]>;
}
export type JobHandlers = { [K in JobKind]?: JobHandler<K> | BatchJobHandler<K> };

/** Thrown by a handler for a job that can never succeed: it is failed at once, not retried. */
export class PermanentJobError extends Error {}

export interface WorkerLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface Worker {
  /** Wakes the worker now, e.g. right after a transaction that queued mail committed. */
  nudge(): void;
  /** Processes due jobs until none are left (tests, CLI). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  readonly db: Db;
  readonly handlers: JobHandlers;
  readonly logger: WorkerLogger;
  readonly pollMs?: number;
  readonly batchSize?: number;
  readonly lockSeconds?: number;
  /** false: no polling loop; only drain() runs jobs. */
  readonly autoStart?: boolean;
  /** Asked before each claim: false holds bulk jobs back this time (default: always take them). */
  readonly takeBulk?: () => boolean;
  /** At most this many bulk jobs a claim (default: the batch size); a bulk job may carry many items. */
  readonly bulkBatchSize?: number;
}

export function createWorker(options: WorkerOptions): Worker {
  const { db, handlers, logger } = options;
  // A worker claims only the kinds it handles: long imports and quick emails run on
  // separate workers, so neither waits for the other.
  const kinds = Object.keys(handlers) as JobKind[];
  const pollMs = options.pollMs ?? 1000;
  const batchSize = options.batchSize ?? 20;
  const lockSeconds = options.lockSeconds ?? 300;
  let stopped = false;
  let wake: (() => void) | null = null;
  let running: Promise<void> = Promise.resolve();

  async function fail(job: ClaimedJob, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const permanent = error instanceof PermanentJobError;
    const outcome = await failJob(db, permanent ? { ...job, attempts: job.maxAttempts } : job, message);
    logger.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, outcome, err: message }, 'job failed');
  }

  /** Runs the jobs of one kind; returns those that succeeded. */
  async function runKind(kind: JobKind, jobs: readonly ClaimedJob[]): Promise<ClaimedJob[]> {
    const handler = handlers[kind] as
      | ((payload: unknown, job: ClaimedJob) => Promise<void>)
      | { batch: (jobs: readonly { payload: unknown; job: ClaimedJob }[]) => Promise<(Error | null)[]> }
      | undefined;
    if (!handler) {
      await Promise.all(jobs.map((job) => fail(job, new PermanentJobError(`No handler for job kind "${job.kind}"`))));
      return [];
    }
    const done: ClaimedJob[] = [];
    if (typeof handler === 'function') {
      await Promise.all(
        jobs.map(async (job) => {
          try {
            await handler(job.payload, job);
            done.push(job);
          } catch (error) {
            await fail(job, error);
          }
        }),
      );
      return done;
    }
    let results: (Error | null)[];
    try {
      results = await handler.batch(jobs.map((job) => ({ payload: job.payload, job })));
    } catch (error) {
      results = jobs.map(() => (error instanceof Error ? error : new Error(String(error))));
    }
    for (const [index, job] of jobs.entries()) {
      const error = results[index];
      if (error === null) done.push(job);
      else await fail(job, error ?? new Error('the batch handler gave no result'));
    }
    return done;
  }

  /** Returns how many jobs it ran. */
  async function tick(): Promise<number> {
    const batch = await claimJobs(db, batchSize, lockSeconds, kinds, {
      bulk: options.takeBulk?.() ?? true,
      ...(options.bulkBatchSize === undefined ? {} : { bulkLimit: options.bulkBatchSize }),
    });
    const byKind = new Map<JobKind, ClaimedJob[]>();
    for (const job of batch) byKind.set(job.kind, [...(byKind.get(job.kind) ?? []), job]);
    const done = (await Promise.all([...byKind].map(([kind, jobs]) => runKind(kind, jobs)))).flat();
    // One statement marks the whole batch done.
    await completeJobs(
      db,
      done.map((job) => job.id),
    );
    return batch.length;
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      let ran = 0;
      try {
        ran = await tick();
      } catch (error) {
        logger.error({ err: error instanceof Error ? error.message : String(error) }, 'job polling failed');
      }
      if (stopped) continue;
      if (ran > 0) {
        // More may be waiting (a claim stops at the batch size, and at fewer bulk jobs): go on
        // until a claim comes back empty, but through the event loop. On the embedded database every
        // query settles without I/O, so back-to-back batches (200,000 emails after an import)
        // would otherwise keep requests from being served until the queue was empty.
        await nextTurn();
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  }

  if (options.autoStart !== false) running = loop();

  return {
    nudge() {
      wake?.();
    },
    async drain() {
      while ((await tick()) > 0) {
        // keep going until nothing is due
      }
    },
    async stop() {
      stopped = true;
      wake?.();
      await running;
    },
  };
}
