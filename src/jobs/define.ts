import type { Static, TSchema } from 'typebox';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Sender as WebhookSender } from '../features/webhooks/send-webhook.js';
import type { MailTransport } from '../mail/transport.js';
import type { ClaimedJob } from './queue.js';

/** What a job's handler and its final-failure step may use: passed in by `createRoster`, never global. */
export interface JobContext {
  readonly db: Db;
  readonly databaseKind: 'pglite' | 'postgres';
  readonly config: Config;
  readonly transport: MailTransport;
  /** Rows an import commits per transaction. */
  readonly importChunkSize: number;
  /** Wakes this instance's workers: the handler queued more work (an import's mail). */
  readonly jobsQueued: () => void;
  /** Outbound webhook requests, guarded against the network Roster runs in (one agent per process). */
  readonly webhookSender: WebhookSender;
}

/** Runs one job. Throw to retry it (with the kind's back-off); throw `PermanentJobError` to fail it for good now. */
export type JobHandler<P> = (payload: P, job: ClaimedJob) => Promise<void>;

/**
 * Runs a whole claimed batch of one kind at once (emails: one read for fifty). Answers, in the
 * order given, null for each job done or the error of each job that failed.
 */
export interface BatchJobHandler<P> {
  readonly batch: (jobs: readonly { readonly payload: P; readonly job: ClaimedJob }[]) => Promise<(Error | null)[]>;
}

/**
 * The runner a kind's jobs go to. `quick`: many short jobs at a time (mail, webhook deliveries).
 * `long`: a couple at a time, each running for minutes (imports); so neither waits for the other.
 * `webhooks`: endpoints side by side, so a slow receiver never holds back mail or imports.
 */
export type JobRunner = 'quick' | 'long' | 'webhooks';

export interface JobDefinition<K extends string = string, S extends TSchema = TSchema> {
  readonly kind: K;
  /** Checked when a job is claimed: a payload that does not match fails for good, with the reason. */
  readonly payload: S;
  readonly runner: JobRunner;
  /** Runs in all, the first included, before the job fails for good. */
  readonly attempts: number;
  /** Seconds to wait before the next attempt, after `attempt` attempts failed. */
  readonly backoff: (attempt: number) => number;
  /** 'waiting': someone waits for it; 'bulk': goes after every waiting job (an enqueue may say `bulk` itself). */
  readonly priority: 'waiting' | 'bulk';
  /** While a job of this kind runs on an instance, its bulk mail is paced (decision 0009). */
  readonly holdsBackBulk?: boolean;
  /** Builds the handler once per process; the module is loaded then, so definitions import no feature code. */
  readonly handler: (context: JobContext) => Promise<JobHandler<Static<S>> | BatchJobHandler<Static<S>>>;
  /**
   * Leaves the job's subject in a final state people can see (an import "failed" with a
   * sentence) once the last attempt failed. Runs with the last error's message.
   */
  readonly failedForGood?: (context: JobContext, payload: Static<S>, error: string) => Promise<void>;
}

/** Periodic work (sweeps, pruning): run by one instance per period, whichever claims it first. */
export interface PeriodicTask {
  readonly name: string;
  readonly everySeconds: number;
  /** Must be harmless to run twice at once (it may, after a crash mid-run): every sweep here is idempotent. */
  readonly run: (context: JobContext) => Promise<unknown>;
}

export const defineJob = <K extends string, S extends TSchema>(definition: JobDefinition<K, S>): JobDefinition<K, S> => definition;
export const definePeriodic = (task: PeriodicTask): PeriodicTask => task;

/** Exponential back-off: `first` seconds, doubling, capped at `cap`. */
export const exponentialBackoff =
  (first: number, cap: number) =>
  (attempt: number): number =>
    Math.min(first * 2 ** Math.max(0, attempt - 1), cap);
