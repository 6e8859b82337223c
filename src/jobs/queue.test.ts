import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../../test/support/database.js';
import { queryRows } from '../db/sql.js';
import { exponentialBackoff } from './define.js';
import { claimJobs, completeJobs, enqueue, enqueueMany, failJob, pruneJobs, renewLeases } from './queue.js';

describe('job queue', () => {
  const database = useFreshDatabase();

  it('backs off exponentially up to an hour', () => {
    const backoff = exponentialBackoff(5, 3600);
    expect([1, 2, 3, 4].map(backoff)).toEqual([5, 10, 20, 40]);
    expect(backoff(30)).toBe(3600);
  });

  it('runs nothing of a transaction that rolled back', async () => {
    await database()
      .db.transaction(async (tx) => {
        await enqueue(tx as never, 'send-email', { emailId: '00000000-0000-4000-8000-000000000000' });
        throw new Error('rollback');
      })
      .catch(() => undefined);
    expect(await claimJobs(database().db, 10, 60, ['send-email'])).toEqual([]);
  });

  it('claims a job once, retries it later, fails it after the last attempt, and prunes old ones', async () => {
    await enqueue(database().db, 'send-email', { emailId: '00000000-0000-4000-8000-000000000001' });
    // The kind's attempts are written with the job.
    expect(await queryRows(database().db, sql`select max_attempts from jobs`)).toEqual([{ max_attempts: 30 }]);
    const [first] = await claimJobs(database().db, 10, 60, ['send-email']);
    expect(first).toMatchObject({ kind: 'send-email', attempts: 1 });
    expect(await claimJobs(database().db, 10, 60, ['send-email'])).toEqual([]);
    if (!first) throw new Error('no job');
    expect(await failJob(database().db, first, 'boom', { final: false, retryInSeconds: 5 })).toBe('retrying');
    expect(await claimJobs(database().db, 10, 60, ['send-email'])).toEqual([]);
    await database().db.execute(sql`update jobs set run_at = now()`);
    const [second] = await claimJobs(database().db, 10, 60, ['send-email']);
    expect(second?.attempts).toBe(2);
    if (!second) throw new Error('no job');
    expect(await failJob(database().db, second, 'boom again', { final: true, retryInSeconds: 5 })).toBe('failed');
    await database().db.execute(sql`update jobs set finished_at = now() - interval '30 days'`);
    await pruneJobs(database().db, 14);
    expect(await queryRows(database().db, sql`select id from jobs`)).toEqual([]);
  });

  it('runs bulk jobs after those someone waits for, and holds them back when asked', async () => {
    const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const emailOf = (job: { payload: Record<string, unknown> }) => job.payload.emailId;
    await enqueueMany(database().db, 'send-email', [{ emailId: id(101) }, { emailId: id(102) }], { bulk: true });
    await enqueue(database().db, 'send-email', { emailId: id(201) });

    const urgent = await claimJobs(database().db, 10, 60, ['send-email'], { bulk: false });
    expect(urgent.map(emailOf)).toEqual([id(201)]);
    expect(await claimJobs(database().db, 10, 60, ['send-email'], { bulk: false })).toEqual([]);
    // Queued later than the bulk jobs, a job someone waits for still goes first.
    await enqueue(database().db, 'send-email', { emailId: id(202) });
    const next = await claimJobs(database().db, 2, 60, ['send-email']);
    // The first two in claim order (the update returns them in no particular order).
    expect(next.map(emailOf).sort()).toEqual([id(101), id(202)]);
    const last = await claimJobs(database().db, 10, 60, ['send-email']);
    expect(last.map(emailOf)).toEqual([id(102)]);
    // A bulk job may carry many items: a claim can take fewer of them than of the others.
    await enqueueMany(database().db, 'send-email', [{ emailId: id(103) }, { emailId: id(104) }], { bulk: true });
    await enqueue(database().db, 'send-email', { emailId: id(203) });
    const capped = await claimJobs(database().db, 10, 60, ['send-email'], { bulkLimit: 1 });
    expect(capped.map(emailOf).sort()).toEqual([id(103), id(203)]);
    const rest = await claimJobs(database().db, 10, 60, ['send-email'], { bulkLimit: 1 });
    expect(rest.map(emailOf)).toEqual([id(104)]);
    await completeJobs(
      database().db,
      [...urgent, ...next, ...last, ...capped, ...rest].map((job) => job.id),
    );
  });

  it('hands a running job to another instance only once its lease lapses, and renews only its own', async () => {
    const db = database().db;
    await enqueue(db, 'send-email', { emailId: '00000000-0000-4000-8000-000000000301' });
    const [mine] = await claimJobs(db, 10, 60, ['send-email'], { instance: 'a' });
    if (!mine) throw new Error('no job');
    // Alive (its lease renewed): nobody else gets it.
    await renewLeases(db, [mine.id], 60, 'a');
    expect(await claimJobs(db, 10, 60, ['send-email'], { instance: 'b' })).toEqual([]);
    // Its instance died: the lease lapses and the next claim takes it, with one attempt more.
    await db.execute(sql`update jobs set locked_until = now() - interval '1 second' where id = ${mine.id}`);
    const [taken] = await claimJobs(db, 10, 60, ['send-email'], { instance: 'b' });
    expect(taken).toMatchObject({ id: mine.id, attempts: 2 });
    // The first instance, back from a freeze, does not take it back by renewing.
    await db.execute(sql`update jobs set locked_until = now() + interval '5 seconds' where id = ${mine.id}`);
    await renewLeases(db, [mine.id], 600, 'a');
    const [row] = await queryRows<{ locked_by: string; long: boolean }>(
      db,
      sql`select locked_by, locked_until > now() + interval '60 seconds' as long from jobs where id = ${mine.id}`,
    );
    expect(row).toEqual({ locked_by: 'b', long: false });
    await completeJobs(db, [mine.id]);
  });
});
