import type { Db } from '../db/client.js';
import { type ClaimedJob, claimJobs, completeJob, failJob, type JobKind, type JobPayloads } from './queue.js';

export type JobHandler<K extends JobKind> = (payload: JobPayloads[K], job: ClaimedJob) => Promise<void>;
export type JobHandlers = { [K in JobKind]?: JobHandler<K> };

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

  async function runOne(job: ClaimedJob): Promise<void> {
    try {
      const handler = handlers[job.kind] as (payload: unknown, job: ClaimedJob) => Promise<void>;
      if (!handler) throw new PermanentJobError(`No handler for job kind "${job.kind}"`);
      await handler(job.payload, job);
      await completeJob(db, job.id);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof PermanentJobError;
      const outcome = await failJob(db, permanent ? { ...job, attempts: job.maxAttempts } : job, message);
      logger.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, outcome, err: message }, 'job failed');
    }
  }

  /** Returns how many jobs it ran. */
  async function tick(): Promise<number> {
    const batch = await claimJobs(db, batchSize, lockSeconds, kinds);
    await Promise.all(batch.map(runOne));
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
      if (ran === batchSize || stopped) continue;
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
