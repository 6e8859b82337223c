import type { Config } from './config.js';
import type { Db } from './db/client.js';
import { hasSqlState } from './db/sql-state.js';

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
/** Tries of a transaction PostgreSQL aborted to break a deadlock, before the error stands. */
const DEADLOCK_TRIES = 4;

export async function inTransaction<T>(services: Services, work: (tx: Db) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await services.db.transaction((tx) => work(tx as unknown as Db));
      services.jobsQueued();
      return result;
    } catch (error) {
      // The kept counts (decision 0017) are rows that writers of one organization share, taken in
      // whatever order a use case writes: PostgreSQL may abort one of two such transactions
      // (40P01). Everything the work did is rolled back, so it is run again, after a short pause.
      if (attempt >= DEADLOCK_TRIES || !hasSqlState(error, '40P01')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}

export function link(services: Services, path: string): string {
  return `${services.config.publicUrl}${path}`;
}
