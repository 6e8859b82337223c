import type { Config } from './config.js';
import type { Db } from './db/client.js';

/** What use cases need besides their input: the database and a few settings. Passed in, never global. */
export interface Services {
  readonly db: Db;
  readonly config: Pick<
    Config,
    | 'publicUrl'
    | 'termsVersion'
    | 'termsUrl'
    | 'privacyUrl'
    | 'sessionDays'
    | 'importMaxBytes'
    | 'importMaxRows'
    | 'apiKeyRatePerMinute'
    | 'webhookAllowPrivate'
    | 'webhookTimeoutMs'
    | 'operatorEmail'
  >;
  /** Tells the job worker that a committed transaction queued work (mail). */
  readonly jobsQueued: () => void;
}

/**
 * Runs a use case's writes in one transaction, then wakes the worker. Nothing queued
 * inside is sent if the transaction rolls back.
 */
export async function inTransaction<T>(services: Services, work: (tx: Db) => Promise<T>): Promise<T> {
  const result = await services.db.transaction((tx) => work(tx as unknown as Db));
  services.jobsQueued();
  return result;
}

export function link(services: Services, path: string): string {
  return `${services.config.publicUrl}${path}`;
}
