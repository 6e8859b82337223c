import { type Static, Type } from 'typebox';
import { defineJob, definePeriodic, exponentialBackoff } from './define.js';

/**
 * Every kind of job and every periodic task Roster runs, declared here and nowhere else.
 * To add a kind: one `defineJob({...})` entry in JOBS (its handler lives in its feature and
 * is loaded lazily); `enqueue(tx, 'kind', payload)` is then typed by its schema, the runner
 * named by `runner` claims it, and its payload is checked when claimed. To add periodic work:
 * one `definePeriodic({...})` entry in PERIODIC_TASKS.
 */

const Uuid = Type.String({ format: 'uuid' });

export const JOBS = [
  defineJob({
    kind: 'send-email',
    // One email someone waits for, or a batch of bulk mail (an import's: fifty to a job).
    payload: Type.Union([
      Type.Object({ emailId: Uuid }, { additionalProperties: false }),
      Type.Object({ emailIds: Type.Array(Uuid, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false }),
    ]),
    runner: 'quick',
    // About a day of retries; the email's row then reads "failed" with the server's last reply.
    attempts: 30,
    backoff: exponentialBackoff(5, 3600),
    priority: 'waiting',
    handler: async (context) =>
      (await import('../mail/send-email-job.js')).sendEmailJob(context.db, context.transport, context.config.mailFrom),
    // The handler marks each email "failed" itself on the last attempt: nothing more to do.
  }),
  defineJob({
    kind: 'import-commit',
    payload: Type.Object({ importId: Uuid, orgId: Uuid }, { additionalProperties: false }),
    runner: 'long',
    // A crash costs one attempt; ten span about half an hour of back-off (5 s doubling, at most 10 min).
    attempts: 10,
    backoff: exponentialBackoff(5, 600),
    priority: 'waiting',
    holdsBackBulk: true,
    handler: async (context) => {
      const { importCommitJob, importRunOptions } = await import('../features/imports/run-import.js');
      return importCommitJob(importRunOptions(context));
    },
    failedForGood: async (context, payload) => (await import('../features/imports/run-import.js')).stopImport(context.db, payload),
  }),
  defineJob({
    kind: 'members-bulk',
    // A bulk action on the members view: its people one after another, each change
    // committed with its outcome, so a crash costs one attempt and repeats nobody.
    payload: Type.Object({ operationId: Uuid, orgId: Uuid }, { additionalProperties: false }),
    runner: 'long',
    attempts: 10,
    backoff: exponentialBackoff(5, 600),
    priority: 'waiting',
    handler: async (context) => (await import('../features/bulk-actions/run-bulk-action.js')).bulkActionJob(context),
    failedForGood: async (context, payload, error) =>
      (await import('../features/bulk-actions/run-bulk-action.js')).stopBulkAction(context.db, payload, error),
  }),
  defineJob({
    kind: 'webhook-deliver',
    // Everything due for one endpoint, in order; the endpoint keeps its own pause between failed
    // deliveries, so a job is retried only after a crash or a database error.
    payload: Type.Object({ endpointId: Uuid }, { additionalProperties: false }),
    runner: 'webhooks',
    attempts: 20,
    backoff: exponentialBackoff(5, 600),
    priority: 'waiting',
    handler: async (context) => {
      const { webhookDeliverJob } = await import('../features/webhooks/deliver-job.js');
      return webhookDeliverJob({
        db: context.db,
        sender: context.webhookSender,
        publicUrl: context.config.publicUrl,
        mailQueued: context.jobsQueued,
      });
    },
  }),
] as const;

export const PERIODIC_TASKS = [
  // Expired invitations read "expired" at once in every list; this records it, returns reserved
  // seats and writes the audit log.
  definePeriodic({
    name: 'expire-invitations',
    everySeconds: 60,
    run: async ({ db }) => (await import('../features/invitations/expire-invitations.js')).expireInvitations(db),
  }),
  definePeriodic({
    name: 'end-expired-plans',
    everySeconds: 60,
    run: async ({ db }) => (await import('../features/orgs/end-expired-plans.js')).endExpiredPlans(db),
  }),
  // An upload cut off by a crash (still "reading" an hour later) is dropped.
  definePeriodic({
    name: 'drop-abandoned-uploads',
    everySeconds: 300,
    run: async ({ db }) => (await import('../features/imports/drop-abandoned-uploads.js')).dropAbandonedUploads(db, 60),
  }),
  // An import left "committing" without a live job (its final-failure step met the database away) ends "failed".
  definePeriodic({
    name: 'stop-orphaned-imports',
    everySeconds: 300,
    run: async ({ db }) => (await import('../features/imports/run-import.js')).stopOrphanedImports(db),
  }),
  // People removed longer ago than their organization's retention period are erased,
  // two hundred at a time; what is left waits for the next run.
  definePeriodic({
    name: 'retention',
    everySeconds: 3600,
    run: async ({ db }) => (await import('../features/erasure/sweep-retention.js')).sweepRetention(db),
  }),
  // The counts screens show are kept by triggers (decision 0017); this compares them with a full
  // count, adds back any difference and reports it (the run's failure is logged), since drift means a bug.
  definePeriodic({
    name: 'check-kept-counts',
    everySeconds: 6 * 3600,
    run: async ({ db }) => (await import('../features/members/kept-counts.js')).checkKeptCounts(db),
  }),
  // The admins of an organization that turned people away for lack of a seat are told who, once a
  // day at most (a row per organization and day makes a repeated or concurrent run send nothing twice).
  definePeriodic({
    name: 'seat-turnaway-notices',
    everySeconds: 3600,
    run: async ({ db, config, jobsQueued }) => {
      const sent = await (await import('../features/licenses/send-turnaway-notices.js')).sendTurnawayNotices(db, config.publicUrl);
      if (sent > 0) jobsQueued();
    },
  }),
  // Finished jobs are kept two weeks for inspection, then dropped.
  definePeriodic({
    name: 'prune-jobs',
    everySeconds: 3600,
    run: async ({ db }) => {
      await (await import('./queue.js')).pruneJobs(db, 14);
      // The SCIM request log (settings page) keeps a week.
      await (await import('../features/scim/log-request.js')).pruneScimRequests(db, 7);
    },
  }),
];

export type JobDefinitions = (typeof JOBS)[number];
export type JobKind = JobDefinitions['kind'];
/** The payload of each kind, from its schema. */
export type JobPayloads = { [D in JobDefinitions as D['kind']]: Static<D['payload']> };

const byKind = new Map<string, JobDefinitions>(JOBS.map((definition) => [definition.kind, definition]));

export function jobDefinition(kind: string): JobDefinitions | undefined {
  return byKind.get(kind);
}
