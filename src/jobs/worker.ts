import { setImmediate as nextTurn } from 'node:timers/promises';
import { Compile } from 'typebox/compile';
import type { Db } from '../db/client.js';
import type { BatchJobHandler, JobContext, JobDefinition, JobHandler } from './define.js';
import { type ClaimedJob, claimJobs, completeJobs, failJob, type JobKind, renewLeases } from './queue.js';

export type { BatchJobHandler, JobHandler };

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
  /** The kinds this worker runs (one runner's definitions): it claims only these. */
  readonly definitions: readonly JobDefinition[];
  readonly context: JobContext;
  readonly logger: WorkerLogger;
  readonly pollMs?: number;
  readonly batchSize?: number;
  /**
   * Seconds a claimed job stays this instance's without a heartbeat. The worker renews the
   * leases of the jobs it runs every third of it, so another instance takes a job over only
   * when this one died (or froze) for a whole lease.
   */
  readonly leaseSeconds?: number;
  /** Written into `jobs.locked_by`: which instance runs the job. */
  readonly instance?: string;
  /** false: no polling loop; only drain() runs jobs. */
  readonly autoStart?: boolean;
  /** Asked before each claim: false holds bulk jobs back this time (default: always take them). */
  readonly takeBulk?: () => boolean;
  /** At most this many bulk jobs a claim (default: the batch size); a bulk job may carry many items. */
  readonly bulkBatchSize?: number;
  /** Told when jobs of a kind start and stop running here (the pacing of bulk mail watches imports). */
  readonly onRunning?: (definition: JobDefinition, change: 1 | -1) => void;
}

type AnyHandler = JobHandler<unknown> | BatchJobHandler<unknown>;

export function createWorker(options: WorkerOptions): Worker {
  const { db, logger, context } = options;
  const definitions = new Map(options.definitions.map((definition) => [definition.kind, definition]));
  const kinds = [...definitions.keys()] as JobKind[];
  const checkers = new Map(options.definitions.map((definition) => [definition.kind, Compile(definition.payload)]));
  const handlers = new Map<string, Promise<AnyHandler>>();
  const pollMs = options.pollMs ?? 1000;
  const batchSize = options.batchSize ?? 20;
  const leaseSeconds = options.leaseSeconds ?? 20;
  const instance = options.instance ?? null;
  let stopped = false;
  let wake: (() => void) | null = null;
  let running: Promise<void> = Promise.resolve();

  function handlerOf(definition: JobDefinition): Promise<AnyHandler> {
    let handler = handlers.get(definition.kind);
    if (!handler) {
      handler = definition.handler(context) as Promise<AnyHandler>;
      handlers.set(definition.kind, handler);
    }
    return handler;
  }

  async function fail(definition: JobDefinition | undefined, job: ClaimedJob, error: unknown, payloadValid: boolean): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const final = error instanceof PermanentJobError || !definition || job.attempts >= job.maxAttempts;
    const outcome = await failJob(db, job, message, { final, retryInSeconds: definition?.backoff(job.attempts) ?? 0 });
    logger.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, outcome, err: message }, 'job failed');
    if (outcome === 'failed' && payloadValid && definition?.failedForGood) {
      // The subject of the job (an import) is left in a final state people can see. Should this
      // itself fail, the job is failed all the same; the error is logged for the operator.
      await definition.failedForGood(context, job.payload as never, message).catch((hookError: unknown) => {
        logger.error({ jobId: job.id, kind: job.kind, err: String(hookError) }, 'final failure step failed');
      });
    }
  }

  /** Runs the jobs of one kind; returns those that succeeded. */
  async function runKind(kind: string, claimed: readonly ClaimedJob[]): Promise<ClaimedJob[]> {
    const definition = definitions.get(kind);
    const checker = checkers.get(kind);
    if (!definition || !checker) {
      await Promise.all(claimed.map((job) => fail(undefined, job, new PermanentJobError(`No definition for job kind "${kind}"`), false)));
      return [];
    }
    // A payload that does not match its schema can never run: it fails for good, saying why.
    const jobs: ClaimedJob[] = [];
    for (const job of claimed) {
      if (checker.Check(job.payload)) {
        jobs.push(job);
        continue;
      }
      const why = [...checker.Errors(job.payload)].map((e) => `${e.instancePath || '/'} ${e.message}`).slice(0, 3);
      await fail(definition, job, new PermanentJobError(`The payload does not match the ${kind} schema: ${why.join('; ')}`), false);
    }
    if (jobs.length === 0) return [];
    options.onRunning?.(definition, 1);
    try {
      return await runValid(definition, jobs);
    } finally {
      options.onRunning?.(definition, -1);
    }
  }

  async function runValid(definition: JobDefinition, jobs: readonly ClaimedJob[]): Promise<ClaimedJob[]> {
    let handler: AnyHandler;
    try {
      handler = await handlerOf(definition);
    } catch (error) {
      handlers.delete(definition.kind);
      await Promise.all(jobs.map((job) => fail(definition, job, error, true)));
      return [];
    }
    const done: ClaimedJob[] = [];
    if (typeof handler === 'function') {
      const run = handler;
      await Promise.all(
        jobs.map(async (job) => {
          try {
            await run(job.payload, job);
            done.push(job);
          } catch (error) {
            await fail(definition, job, error, true);
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
      else await fail(definition, job, error ?? new Error('the batch handler gave no result'), true);
    }
    return done;
  }

  /**
   * Renews the leases of `ids` every third of a lease until `work` settles. A renewal that
   * fails (the database is away for a moment) is tried again at the next beat.
   */
  async function withHeartbeat<T>(ids: readonly number[], work: Promise<T>): Promise<T> {
    const beat = setInterval(
      () => {
        renewLeases(db, ids, leaseSeconds, instance).catch((error: unknown) =>
          logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'job heartbeat failed'),
        );
      },
      (leaseSeconds * 1000) / 3,
    );
    try {
      return await work;
    } finally {
      clearInterval(beat);
    }
  }

  /** Returns how many jobs it ran. */
  async function tick(): Promise<number> {
    const batch = await claimJobs(db, batchSize, leaseSeconds, kinds, {
      bulk: options.takeBulk?.() ?? true,
      instance: instance ?? undefined,
      ...(options.bulkBatchSize === undefined ? {} : { bulkLimit: options.bulkBatchSize }),
    });
    if (batch.length === 0) return 0;
    const byKind = new Map<string, ClaimedJob[]>();
    for (const job of batch) byKind.set(job.kind, [...(byKind.get(job.kind) ?? []), job]);
    const work = Promise.all([...byKind].map(([kind, jobs]) => runKind(kind, jobs)));
    const done = (
      await withHeartbeat(
        batch.map((job) => job.id),
        work,
      )
    ).flat();
    // One statement marks the whole batch done. What a job delivered is recorded by the job as
    // it goes (each email as the server accepts it), so a crash before this line repeats none of it.
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
