import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import { queryRows } from '../../src/db/sql.js';
import { SMTP_CONNECTIONS } from '../../src/mail/transport.js';
import { freshDatabase, migratedDataDir, onPostgres } from '../support/database.js';
import { recipientOf, type SmtpCatcher, startSmtpCatcher } from '../support/mail.js';
import { newOperatorToken, type RosterProcess, startRosterProcess, until } from '../support/processes.js';

/**
 * `kill -9` in the middle of a batch of 1,000 invitations, over real SMTP to a server in this
 * process: every email arrives, at most the SMTP pool's connections' worth twice (each email
 * is recorded as sent when the server accepts it), and the rest soon after.
 */
const BATCH = 1000;
const token = newOperatorToken();

interface Run {
  readonly smtp: SmtpCatcher;
  readonly env: Record<string, string>;
  readonly children: RosterProcess[];
  drop(): Promise<void>;
}

async function prepare(): Promise<Run> {
  // Each message takes the server a few milliseconds, as a relay's would: the kill lands mid-batch.
  const smtp = await startSmtpCatcher(0, { delayMs: 2 });
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-mail-kill-'));
  const env: Record<string, string> = { ROSTER_DATA_DIR: dataDir, SMTP_URL: smtp.url };
  let dropDatabase = async (): Promise<void> => undefined;
  if (onPostgres()) {
    const fresh = await freshDatabase();
    dropDatabase = fresh.drop;
    env.DATABASE_URL = fresh.url ?? '';
  } else {
    await migratedDataDir(dataDir);
  }
  const children: RosterProcess[] = [];
  return {
    smtp,
    env,
    children,
    async drop() {
      for (const child of children) child.child.kill('SIGKILL');
      await Promise.all(children.map((child) => child.exited()));
      await smtp.close();
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts a process, queues the batch on it and kills it once `atLeast` emails have arrived.
 * `holding(pid)`, when given, says whether the process holds jobs it has not finished: the
 * process is frozen (SIGSTOP) while that is read, and killed only while it holds some, so the
 * kill always lands on work in flight rather than between two claims.
 */
async function killMidBatch(
  run: Run,
  atLeast: number,
  holding?: (pid: number) => Promise<boolean>,
): Promise<{ addresses: string[]; receivedAtKill: number; first: RosterProcess }> {
  const first = await startRosterProcess(token, run.env);
  run.children.push(first);
  await first.ready();
  const org = await first.json('/api/v1/orgs', {
    method: 'POST',
    body: JSON.stringify({ name: 'Mail Kill', slug: `mail-kill-${Date.now().toString(36)}`, kind: 'paid', seats: 10 }),
    expect: 201,
  });
  const addresses = Array.from({ length: BATCH }, (_, i) => `person${i}@mail-kill.test`);
  const invited = await first.json(`/api/v1/orgs/${org.id}/invitations`, {
    method: 'POST',
    body: JSON.stringify({ emails: addresses, role: 'learner' }),
    expect: 200,
  });
  expect(invited.results.filter((result: { outcome: string }) => result.outcome === 'invited')).toHaveLength(BATCH);
  await until('part of the batch to arrive', async () => (run.smtp.messages.length >= atLeast ? true : null), 60_000);
  if (holding) {
    await until(
      'the process to hold unfinished jobs',
      async () => {
        first.child.kill('SIGSTOP');
        if (await holding(first.pid)) return true;
        first.child.kill('SIGCONT');
        return null;
      },
      60_000,
    );
  }
  first.child.kill('SIGKILL');
  await first.exited();
  const receivedAtKill = run.smtp.messages.length;
  expect(receivedAtKill).toBeLessThan(BATCH);
  return { addresses, receivedAtKill, first };
}

/** Waits for every address to have its email; returns when the last one arrived. */
async function everyEmail(run: Run, addresses: readonly string[]): Promise<number> {
  try {
    await until(
      'every email of the batch',
      async () => (new Set(run.smtp.messages.map(recipientOf)).size >= addresses.length ? true : null),
      90_000,
    );
  } catch (error) {
    const logs = run.children.map(
      (child) => `--- process ${child.pid} (exit ${child.child.exitCode ?? child.child.signalCode}):\n${child.log()}`,
    );
    throw new Error(`${String(error)} (${new Set(run.smtp.messages.map(recipientOf)).size} arrived)\n${logs.join('\n')}`);
  }
  // Anything still in flight has its moment to arrive (and be counted as a duplicate).
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const received = run.smtp.messages.map(recipientOf);
  expect(new Set(received)).toEqual(new Set(addresses));
  // At least once, and at most the SMTP pool's connections' worth twice.
  expect(received.length - addresses.length).toBeLessThanOrEqual(SMTP_CONNECTIONS);
  return Math.max(...run.smtp.acceptedAt);
}

async function emailStates(env: Record<string, string>): Promise<Record<string, number>> {
  const database: Database = env.DATABASE_URL
    ? await openDatabase({ kind: 'postgres', url: env.DATABASE_URL })
    : await openDatabase({ kind: 'pglite', dataDir: env.ROSTER_DATA_DIR ?? '' });
  try {
    const rows = await queryRows<{ status: string; n: number }>(
      database.db,
      sql`select status, count(*)::int as n from emails group by status`,
    );
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  } finally {
    await database.close();
  }
}

describe('email delivery survives kill -9 in the middle of a 1,000-email batch', () => {
  let run: Run | null = null;
  afterEach(async () => {
    await run?.drop();
    run = null;
  });

  it('restarted, the process delivers every email within 60 s, at most the pool connections twice', { timeout: 240_000 }, async () => {
    run = await prepare();
    const { addresses } = await killMidBatch(run, 300);
    const restartedAt = Date.now();
    const second = await startRosterProcess(token, run.env);
    run.children.push(second);
    const lastAt = await everyEmail(run, addresses);
    expect(lastAt - restartedAt).toBeLessThan(60_000);
    // On PostgreSQL an email the dead process sent but never recorded is sent again once its
    // job's lease runs out (at most the pool's connections' worth, counted above), and only then
    // recorded. (PGlite's data directory admits one process: a restart takes every job back at once.)
    const env = run.env;
    if (env.DATABASE_URL) {
      await until('every email recorded as sent', async () => ((await emailStates(env)).sent === BATCH ? true : null), 60_000);
    }
    second.child.kill('SIGTERM');
    await second.exited();
    expect(await emailStates(run.env)).toEqual({ sent: BATCH });
  });
});

// One PGlite data directory admits one process at a time, so a second live instance beside a
// dead one needs PostgreSQL: this runs whenever ROSTER_TEST_DATABASE_URL is set (as in CI).
describe.runIf(onPostgres())('on PostgreSQL only: a second instance finishes the batch of one that stays dead', () => {
  let run: Run | null = null;
  afterAll(async () => {
    await run?.drop();
  });

  it('takes over the dead instance jobs within its lease and delivers the rest', { timeout: 240_000 }, async () => {
    run = await prepare();
    const url = run.env.DATABASE_URL ?? '';
    const { addresses, first } = await killMidBatch(run, 300, async (pid) => {
      const database = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
      try {
        const [row] = await queryRows<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from jobs where kind = 'send-email' and status = 'running' and locked_by like ${`%:${pid}:%`}`,
        );
        return (row?.n ?? 0) > 0;
      } finally {
        await database.close();
      }
    });
    const killedAt = Date.now();
    const second = await startRosterProcess(token, run.env);
    run.children.push(second);
    const lastAt = await everyEmail(run, addresses);
    // Start-up, a 15 s lease run out, and the rest of the batch.
    expect(lastAt - killedAt).toBeLessThan(60_000);
    const env = run.env;
    const database = await openDatabase({ kind: 'postgres', url: env.DATABASE_URL ?? '' });
    try {
      const read = () =>
        queryRows<{ by_first: boolean; attempts: number; status: string }>(
          database.db,
          sql`select locked_by like ${`%:${first.pid}:%`} as by_first, attempts, status from jobs where kind = 'send-email'`,
        );
      // A job the dead instance sent but never finished is done once its lease runs out and the
      // other instance takes it over: every email has arrived by then, its job follows.
      const jobs = await until(
        'every job done',
        async () => {
          const rows = await read();
          return rows.every((job) => job.status === 'done') ? rows : null;
        },
        60_000,
      );
      expect(jobs).toHaveLength(BATCH);
      // The jobs the dead instance held were taken over (a second attempt) and finished by the other.
      const takenOver = jobs.filter((job) => job.attempts === 2);
      expect(takenOver.length).toBeGreaterThan(0);
      expect(takenOver.every((job) => !job.by_first)).toBe(true);
    } finally {
      await database.close();
    }
    second.child.kill('SIGTERM');
    await second.exited();
  });
});
