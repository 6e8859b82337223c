import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { checkReadiness } from './db/readiness.js';
import { sweepRetention } from './features/erasure/sweep-retention.js';
import { dropAbandonedUploads } from './features/imports/drop-abandoned-uploads.js';
import { importCommitJob } from './features/imports/run-import.js';
import { expireInvitations } from './features/invitations/expire-invitations.js';
import { endExpiredPlans } from './features/orgs/end-expired-plans.js';
import { buildApp } from './http/app.js';
import type { App } from './http/types.js';
import { pruneJobs } from './jobs/queue.js';
import { createWorker, type Worker, type WorkerLogger } from './jobs/worker.js';
import { sendEmailJob } from './mail/send-email-job.js';
import { type MailTransport, outboxTransport, smtpTransport } from './mail/transport.js';
import type { Services } from './services.js';

export interface Roster {
  readonly app: App;
  readonly services: Services;
  /** Sends email. */
  readonly worker: Worker;
  /** Runs imports, so a long import and the mail it queues never wait for each other. */
  readonly importWorker: Worker;
  readonly transport: MailTransport;
  close(): Promise<void>;
}

export interface RosterOptions {
  readonly config: Config;
  readonly database: Database;
  readonly operatorToken: string;
  readonly logger?: FastifyServerOptions['logger'];
  readonly webDir?: string;
  /** Rows an import processes per transaction (default: 500 on PGlite, 5,000 on PostgreSQL). */
  readonly importChunkSize?: number;
  /** false: jobs run only when drain() is called (tests). */
  readonly runJobs?: boolean;
  readonly sweepIntervalMs?: number;
}

/** How often bulk mail may take a batch while an import commits on this instance. */
const BULK_MAIL_PACE_MS = 1000;

const silentLogger: WorkerLogger = { warn: () => undefined, error: () => undefined };

/** Wires the pieces together: used by the server, the CLI and the tests alike. */
export async function createRoster(options: RosterOptions): Promise<Roster> {
  const { config, database } = options;
  const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : outboxTransport();
  let worker: Worker | null = null;
  let importWorker: Worker | null = null;
  const services: Services = {
    db: database.db,
    config,
    jobsQueued: () => {
      worker?.nudge();
      importWorker?.nudge();
    },
  };
  const app = await buildApp({
    services,
    operatorToken: options.operatorToken,
    readiness: () => checkReadiness(database.db),
    logger: options.logger,
    trustProxy: config.trustProxy,
    ...(options.webDir ? { webDir: options.webDir } : {}),
  });
  // While this instance commits an import, bulk mail takes one batch a second: the database
  // and the cores go to the import, and the mail held back goes at full speed once it is done.
  // Mail someone is waiting for is never held back.
  let importsRunning = 0;
  let nextBulkAt = 0;
  const takeBulk = () => {
    if (importsRunning === 0) return true;
    if (Date.now() < nextBulkAt) return false;
    nextBulkAt = Date.now() + BULK_MAIL_PACE_MS;
    return true;
  };
  worker = createWorker({
    db: database.db,
    handlers: { 'send-email': sendEmailJob(database.db, transport, config.mailFrom) },
    // Fifty emails a batch: one read and one write for all of them; the SMTP pool sends them
    // over its few connections at the server's pace. A bulk job carries fifty itself.
    batchSize: 50,
    bulkBatchSize: 1,
    takeBulk,
    logger: options.logger ? (app.log as unknown as WorkerLogger) : silentLogger,
    autoStart: options.runJobs !== false,
  });
  // Expired invitations read "expired" at once in every list; this sweep also records
  // the change in their status and the audit log.
  const sweep =
    options.runJobs === false
      ? null
      : setInterval(() => {
          expireInvitations(database.db).catch((error: unknown) => app.log.warn({ err: error }, 'expiry sweep failed'));
          endExpiredPlans(database.db).catch((error: unknown) => app.log.warn({ err: error }, 'plan expiry sweep failed'));
          // Finished jobs are kept two weeks for inspection, then dropped.
          dropAbandonedUploads(database.db, 60).catch((error: unknown) => app.log.warn({ err: error }, 'upload clean-up failed'));
          pruneJobs(database.db, 14).catch((error: unknown) => app.log.warn({ err: error }, 'job pruning failed'));
          // People removed longer ago than their organization's retention period are erased.
          sweepRetention(database.db).catch((error: unknown) => app.log.warn({ err: error }, 'retention sweep failed'));
        }, options.sweepIntervalMs ?? 60_000);
  sweep?.unref();
  const logger = options.logger ? (app.log as unknown as WorkerLogger) : silentLogger;
  const commitImport = importCommitJob({
    db: database.db,
    publicUrl: config.publicUrl,
    chunkSize: options.importChunkSize ?? config.importChunkRows ?? (database.kind === 'pglite' ? 500 : 2500),
    // The embedded database has one connection: its chunks go one after another.
    lanes: database.kind === 'pglite' ? 1 : config.importLanes,
    mailQueued: () => worker?.nudge(),
    lockSeconds: config.importLeaseSeconds,
  });
  importWorker = createWorker({
    db: database.db,
    handlers: {
      'import-commit': async (payload, job) => {
        importsRunning += 1;
        try {
          await commitImport(payload, job);
        } finally {
          importsRunning -= 1;
          // The held-back mail goes at full speed again.
          worker?.nudge();
        }
      },
    },
    logger,
    batchSize: 2,
    lockSeconds: config.importLeaseSeconds,
    autoStart: options.runJobs !== false,
  });
  const runningWorker = worker;
  const runningImports = importWorker;
  return {
    app,
    services,
    worker: runningWorker,
    importWorker: runningImports,
    transport,
    async close() {
      if (sweep) clearInterval(sweep);
      await app.close();
      await runningImports.stop();
      await runningWorker.stop();
      transport.close();
    },
  };
}
