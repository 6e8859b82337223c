import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { checkReadiness } from './db/readiness.js';
import { createSender } from './features/webhooks/send-webhook.js';
import { buildApp } from './http/app.js';
import type { App } from './http/types.js';
import type { JobContext, JobRunner } from './jobs/define.js';
import { JOBS, PERIODIC_TASKS } from './jobs/definitions.js';
import { type PeriodicRunner, startPeriodicTasks } from './jobs/periodic.js';
import { createWorker, type Worker, type WorkerLogger } from './jobs/worker.js';
import { type MailTransport, outboxTransport, smtpTransport } from './mail/transport.js';
import type { Services } from './services.js';

export interface Roster {
  readonly app: App;
  readonly services: Services;
  /** Runs the quick jobs (email). */
  readonly worker: Worker;
  /** Runs the long jobs (imports), so a long import and the mail it queues never wait for each other. */
  readonly importWorker: Worker;
  /** The periodic tasks (sweeps, pruning). */
  readonly periodic: PeriodicRunner;
  /** Sends webhooks: a slow receiver never holds back mail or imports. */
  readonly webhookWorker: Worker;
  readonly transport: MailTransport;
  /** This process among the instances sharing the database (as written into `jobs.locked_by`). */
  readonly instance: string;
  close(): Promise<void>;
}

export interface RosterOptions {
  readonly config: Config;
  readonly database: Database;
  readonly operatorToken: string;
  readonly logger?: FastifyServerOptions['logger'];
  readonly webDir?: string;
  /** Rows an import processes per transaction (default: 500 on PGlite, 2,500 on PostgreSQL). */
  readonly importChunkSize?: number;
  /** false: jobs and periodic tasks run only when drain() or runDue() is called (tests, CLI). */
  readonly runJobs?: boolean;
}

/** How often bulk mail may take a batch while an import commits on this instance. */
const BULK_MAIL_PACE_MS = 1000;

const silentLogger: WorkerLogger = { warn: () => undefined, error: () => undefined };

/** Wires the pieces together: used by the server, the CLI and the tests alike. */
export async function createRoster(options: RosterOptions): Promise<Roster> {
  const { config, database } = options;
  const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : outboxTransport();
  const instance = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const workers: Worker[] = [];
  const services: Services = {
    db: database.db,
    config,
    jobsQueued: () => {
      for (const worker of workers) worker.nudge();
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
  const logger = options.logger ? (app.log as unknown as WorkerLogger) : silentLogger;
  const context: JobContext = {
    db: database.db,
    databaseKind: database.kind,
    config,
    transport,
    importChunkSize: options.importChunkSize ?? config.importChunkRows ?? (database.kind === 'pglite' ? 500 : 2500),
    jobsQueued: services.jobsQueued,
    webhookSender: createSender({ allowPrivate: config.webhookAllowPrivate, timeoutMs: config.webhookTimeoutMs }),
  };
  // While this instance runs a job that holds bulk mail back (an import commit), bulk mail takes
  // one batch a second: the database and the cores go to the import, and the mail held back
  // goes at full speed once it is done. Mail someone is waiting for is never held back.
  let holdingBack = 0;
  let nextBulkAt = 0;
  const takeBulk = () => {
    if (holdingBack === 0) return true;
    if (Date.now() < nextBulkAt) return false;
    nextBulkAt = Date.now() + BULK_MAIL_PACE_MS;
    return true;
  };
  const runner = (name: JobRunner) => JOBS.filter((definition) => definition.runner === name);
  const common = {
    db: database.db,
    context,
    logger,
    instance,
    leaseSeconds: config.jobLeaseSeconds,
    autoStart: options.runJobs !== false,
  };
  const worker = createWorker({
    ...common,
    definitions: runner('quick'),
    // Fifty emails a batch: one read for all of them; the SMTP pool sends them over its few
    // connections at the server's pace. A bulk job carries fifty itself.
    batchSize: 50,
    bulkBatchSize: 1,
    takeBulk,
  });
  const importWorker = createWorker({
    ...common,
    definitions: runner('long'),
    batchSize: 2,
    onRunning: (definition, change) => {
      if (!definition.holdsBackBulk) return;
      holdingBack += change;
      // The held-back mail goes at full speed again.
      if (holdingBack === 0) worker.nudge();
    },
  });
  const webhookWorker = createWorker({
    ...common,
    definitions: runner('webhooks'),
    // Endpoints side by side; each one's events one after another.
    batchSize: 16,
  });
  workers.push(worker, importWorker, webhookWorker);
  const periodic = startPeriodicTasks({
    db: database.db,
    tasks: PERIODIC_TASKS,
    context,
    logger,
    instance,
    autoStart: options.runJobs !== false,
  });
  return {
    app,
    services,
    worker,
    importWorker,
    periodic,
    webhookWorker,
    transport,
    instance,
    async close() {
      await periodic.stop();
      await app.close();
      await importWorker.stop();
      await worker.stop();
      await webhookWorker.stop();
      context.webhookSender.close();
      transport.close();
    },
  };
}
