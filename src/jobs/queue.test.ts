import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/support/database.js';
import type { Database } from '../db/client.js';
import { queryRows } from '../db/sql.js';
import { backoffSeconds, claimJobs, enqueue, failJob, pruneJobs } from './queue.js';

describe('job queue', () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ database, drop } = await freshDatabase());
  });
  afterAll(() => drop());

  it('backs off exponentially up to an hour', () => {
    expect([1, 2, 3, 4].map(backoffSeconds)).toEqual([5, 10, 20, 40]);
    expect(backoffSeconds(30)).toBe(3600);
  });

  it('runs nothing of a transaction that rolled back', async () => {
    await database.db
      .transaction(async (tx) => {
        await enqueue(tx as never, 'send-email', { emailId: '00000000-0000-4000-8000-000000000000' });
        throw new Error('rollback');
      })
      .catch(() => undefined);
    expect(await claimJobs(database.db, 10, 60, ['send-email'])).toEqual([]);
  });

  it('claims a job once, retries it later, fails it after the last attempt, and prunes old ones', async () => {
    await enqueue(database.db, 'send-email', { emailId: '00000000-0000-4000-8000-000000000001' }, { maxAttempts: 2 });
    const [first] = await claimJobs(database.db, 10, 60, ['send-email']);
    expect(first).toMatchObject({ kind: 'send-email', attempts: 1 });
    expect(await claimJobs(database.db, 10, 60, ['send-email'])).toEqual([]);
    if (!first) throw new Error('no job');
    expect(await failJob(database.db, first, 'boom')).toBe('retrying');
    expect(await claimJobs(database.db, 10, 60, ['send-email'])).toEqual([]);
    await database.db.execute(sql`update jobs set run_at = now()`);
    const [second] = await claimJobs(database.db, 10, 60, ['send-email']);
    expect(second?.attempts).toBe(2);
    if (!second) throw new Error('no job');
    expect(await failJob(database.db, second, 'boom again')).toBe('failed');
    await database.db.execute(sql`update jobs set finished_at = now() - interval '30 days'`);
    await pruneJobs(database.db, 14);
    expect(await queryRows(database.db, sql`select id from jobs`)).toEqual([]);
  });
});
