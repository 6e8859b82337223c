import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../../test/support/database.js';
import { testJobContext } from '../../test/support/jobs.js';
import { queryRows } from '../db/sql.js';
import { type BatchJobHandler, exponentialBackoff, type JobDefinition, type JobHandler } from './define.js';
import { JOBS } from './definitions.js';
import { claimJobs, enqueue, enqueueMany } from './queue.js';
import { createWorker, PermanentJobError, type WorkerOptions } from './worker.js';

const quiet = { warn: () => undefined, error: () => undefined };
const emailId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The real send-email definition (schema, attempts, back-off) with a handler of the test's own. */
function emailKind(
  handler: JobHandler<unknown> | BatchJobHandler<unknown>,
  overrides: Partial<Pick<JobDefinition, 'failedForGood'>> = {},
): JobDefinition {
  const real = JOBS.find((definition) => definition.kind === 'send-email');
  if (!real) throw new Error('send-email is not defined');
  return { ...real, handler: async () => handler, ...overrides } as unknown as JobDefinition;
}

describe('job worker', () => {
  const database = useFreshDatabase();
  const start = (options: Partial<WorkerOptions> & Pick<WorkerOptions, 'definitions'>) =>
    createWorker({ db: database().db, context: testJobContext(database().db), logger: quiet, ...options });
  const jobRows = () =>
    queryRows<{ status: string; attempts: number; last_error: string | null; locked_by: string | null }>(
      database().db,
      sql`select status, attempts, last_error, locked_by from jobs order by id`,
    );

  it('lets the event loop serve others between full batches', async () => {
    const total = 60;
    let ran = 0;
    const worker = start({
      batchSize: 2,
      // A handler that settles at once, as the local outbox does.
      definitions: [
        emailKind({
          batch: async (jobs) => {
            ran += jobs.length;
            return jobs.map(() => null);
          },
        }),
      ],
    });
    try {
      await enqueueMany(
        database().db,
        'send-email',
        Array.from({ length: total }, (_, i) => ({ emailId: emailId(i) })),
      );
      // A request arriving meanwhile: it must get its turn before the whole queue is through.
      const seenAt = await new Promise<number>((resolve) => {
        worker.nudge();
        setImmediate(() => setImmediate(() => resolve(ran)));
      });
      expect(seenAt).toBeLessThan(total);
      await expect.poll(() => ran, { timeout: 20_000 }).toBe(total);
    } finally {
      await worker.stop();
    }
    await database().db.execute(sql`delete from jobs`);
  });

  it('fails a job whose payload does not match its schema for good, saying why, without running it', async () => {
    let ran = 0;
    await database().db.execute(
      sql`insert into jobs (kind, payload, max_attempts) values ('send-email', '{"emailId": "not-a-uuid"}'::jsonb, 30)`,
    );
    const worker = start({
      autoStart: false,
      definitions: [
        emailKind(async () => {
          ran += 1;
        }),
      ],
    });
    await worker.drain();
    expect(ran).toBe(0);
    const [row] = await jobRows();
    expect(row?.status).toBe('failed');
    expect(row?.last_error).toMatch(/payload does not match the send-email schema: \/emailId must match format "uuid"/);
    await database().db.execute(sql`delete from jobs`);
  });

  it('retries with the kind back-off, then runs the final-failure step once with the payload', async () => {
    const stopped: unknown[] = [];
    await enqueue(database().db, 'send-email', { emailId: emailId(7) });
    await database().db.execute(sql`update jobs set max_attempts = 2`);
    const worker = start({
      autoStart: false,
      definitions: [
        emailKind(
          async () => {
            throw new Error('the database went away');
          },
          { failedForGood: async (_context, payload, error) => void stopped.push({ payload, error }) },
        ),
      ],
    });
    await worker.drain();
    expect(await jobRows()).toMatchObject([{ status: 'queued', attempts: 1 }]);
    const [due] = await queryRows<{ wait: number }>(
      database().db,
      sql`select round(extract(epoch from run_at - now()))::int as wait from jobs`,
    );
    expect(due?.wait).toBeGreaterThanOrEqual(3);
    expect(due?.wait).toBeLessThanOrEqual(5);
    expect(stopped).toEqual([]);
    await database().db.execute(sql`update jobs set run_at = now()`);
    await worker.drain();
    expect(await jobRows()).toMatchObject([{ status: 'failed', attempts: 2, last_error: 'the database went away' }]);
    expect(stopped).toEqual([{ payload: { emailId: emailId(7) }, error: 'the database went away' }]);
    await database().db.execute(sql`delete from jobs`);
  });

  it('fails a permanent error at once', async () => {
    await enqueue(database().db, 'send-email', { emailId: emailId(8) });
    const worker = start({
      autoStart: false,
      definitions: [
        emailKind(async () => {
          throw new PermanentJobError('can never be sent');
        }),
      ],
    });
    await worker.drain();
    expect(await jobRows()).toMatchObject([{ status: 'failed', attempts: 1, last_error: 'can never be sent' }]);
    await database().db.execute(sql`delete from jobs`);
  });

  it('keeps a long job its own with a heartbeat, and takes over the job of an instance that died', async () => {
    const db = database().db;
    // A job claimed by an instance that then died: its lease (2 s) is never renewed.
    await enqueue(db, 'send-email', { emailId: emailId(9) });
    const [orphan] = await claimJobs(db, 1, 2, ['send-email'], { instance: 'dead' });
    expect(orphan).toBeDefined();
    let runs = 0;
    let rivalGot = -1;
    const rival = start({ autoStart: false, instance: 'rival', leaseSeconds: 3, definitions: [emailKind(async () => undefined)] });
    const worker = start({
      instance: 'alive',
      leaseSeconds: 3,
      pollMs: 100,
      definitions: [
        emailKind(async () => {
          runs += 1;
          // Runs for twice its lease: the heartbeat (every second) keeps it from the rival.
          await new Promise((resolve) => setTimeout(resolve, 4500));
          rivalGot = (await claimJobs(db, 10, 3, ['send-email'], { instance: 'rival' })).length;
        }),
      ],
    });
    try {
      await expect.poll(async () => (await jobRows())[0]?.status, { timeout: 15_000, interval: 200 }).toBe('done');
    } finally {
      await worker.stop();
      await rival.stop();
    }
    expect(runs).toBe(1);
    expect(rivalGot).toBe(0);
    expect(await jobRows()).toMatchObject([{ status: 'done', attempts: 2, locked_by: 'alive' }]);
    await db.execute(sql`delete from jobs`);
  });

  it('names the definition of each kind once, with a payload schema and a way to run it', () => {
    const kinds = JOBS.map((definition) => definition.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const definition of JOBS) {
      expect(definition.attempts).toBeGreaterThan(0);
      expect(definition.backoff(1)).toBeGreaterThan(0);
    }
    expect(exponentialBackoff(5, 600)(10)).toBe(600);
  });
});
