import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, MIGRATIONS_DIR, openDatabase } from '../../src/db/client.js';
import { queryRows } from '../../src/db/sql.js';
import { onPostgres } from '../support/database.js';
import { linkPath, recipientOf, type SmtpCatcher, startSmtpCatcher } from '../support/mail.js';
import { newOperatorToken, peopleCsv, type RosterProcess, startRosterProcess, until, uploadAndCommit } from '../support/processes.js';

/**
 * What docs/architecture.md ("Growing past one machine") promises, shown with two real Roster
 * processes on one PostgreSQL database. PGlite admits one process per data directory, so this
 * suite runs only when ROSTER_TEST_DATABASE_URL names a PostgreSQL server (as CI does).
 */

describe.runIf(onPostgres()).sequential('two Roster processes on one PostgreSQL (runs with ROSTER_TEST_DATABASE_URL)', () => {
  const token = newOperatorToken();
  const name = `roster_two_${randomBytes(5).toString('hex')}`;
  let url = '';
  let smtp: SmtpCatcher;
  let a: RosterProcess;
  let b: RosterProcess;
  let database: Database;
  let orgId = '';
  const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(database.db, query);

  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: process.env.ROSTER_TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(query);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    await admin(`create database ${name}`);
    const server = new URL(process.env.ROSTER_TEST_DATABASE_URL ?? '');
    server.pathname = `/${name}`;
    url = server.toString();
    // A relay that takes a few milliseconds a message, so a batch outlasts one poll of the other instance.
    smtp = await startSmtpCatcher(0, { delayMs: 20 });
  }, 60_000);

  afterAll(async () => {
    for (const instance of [a, b]) instance?.child.kill('SIGKILL');
    await Promise.all([a, b].map((instance) => instance?.exited()));
    await database?.close();
    await smtp?.close();
    await admin(`drop database if exists ${name} with (force)`);
  });

  it('starts both on an empty database at once: one migrates while the other waits', { timeout: 180_000 }, async () => {
    const env = { DATABASE_URL: url, SMTP_URL: smtp.url, ROSTER_IMPORT_CHUNK_ROWS: '250' };
    [a, b] = await Promise.all([startRosterProcess(token, env), startRosterProcess(token, env)]);
    await Promise.all([a.ready(), b.ready()]);
    database = await openDatabase({ kind: 'postgres', url, poolSize: 4 });
    const files = readdirSync(MIGRATIONS_DIR).filter((file) => file.endsWith('.sql'));
    const [applied] = await rows<{ n: number; distinct_hashes: number }>(
      sql`select count(*)::int as n, count(distinct hash)::int as distinct_hashes from drizzle.__drizzle_migrations`,
    );
    expect(applied).toEqual({ n: files.length, distinct_hashes: files.length });
    const org = await a.json('/api/v1/orgs', {
      method: 'POST',
      body: JSON.stringify({ name: 'Two Instances', slug: 'two-instances', kind: 'paid', seats: 5000 }),
      expect: 201,
    });
    orgId = org.id;
  });

  it('keeps a session made on one valid on the other, and counts sign-in attempts across both', { timeout: 60_000 }, async () => {
    const email = 'ada.admin@two.test';
    await a.json(`/api/v1/orgs/${orgId}/invitations`, {
      method: 'POST',
      body: JSON.stringify({ emails: email, role: 'admin' }),
      expect: 200,
    });
    const invitation = await until('the invitation email', async () => smtp.messages.find((m) => recipientOf(m) === email) ?? null, 30_000);
    const accept = await fetch(`${b.base}/api/v1${linkPath(invitation.text).replace('/invite/', '/invitations/')}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ firstName: 'Ada', lastName: 'Admin', password: 'two instances one base', acceptTerms: true }),
    });
    expect(accept.status).toBe(200);

    const login = (on: RosterProcess, password: string) =>
      fetch(`${on.base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: email, password }),
      });
    const signedIn = await login(a, 'two instances one base');
    expect(signedIn.status).toBe(200);
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^roster_session=./);
    const session = await fetch(`${b.base}/api/v1/auth/session`, { headers: { cookie } });
    expect(session.status).toBe(200);
    expect(JSON.stringify(await session.json())).toContain(email);

    // Ten wrong passwords per account per five minutes, whichever instance hears them.
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt += 1) statuses.push((await login(attempt % 2 === 0 ? a : b, 'wrong password')).status);
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    // The right password is refused too now, on either instance.
    expect((await login(a, 'two instances one base')).status).toBe(429);
  });

  it('spreads a batch of mail over both instances and sends none twice', { timeout: 120_000 }, async () => {
    const before = smtp.messages.length;
    const addresses = Array.from({ length: 400 }, (_, i) => `spread${i}@two.test`);
    await a.json(`/api/v1/orgs/${orgId}/invitations`, {
      method: 'POST',
      body: JSON.stringify({ emails: addresses, role: 'learner' }),
      expect: 200,
    });
    await until('every email', async () => (smtp.messages.length - before >= addresses.length ? true : null), 90_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const received = smtp.messages.slice(before).map(recipientOf);
    expect(received.sort()).toEqual([...addresses].sort());
    const runners = await rows<{ instance: string; jobs: number }>(sql`
      select case when locked_by like ${`%:${a.pid}:%`} then 'a' when locked_by like ${`%:${b.pid}:%`} then 'b' else locked_by end as instance,
             count(*)::int as jobs
      from jobs j join emails e on e.id = (j.payload->>'emailId')::uuid
      where j.kind = 'send-email' and e.to_address like 'spread%' group by 1 order by 1`);
    expect(runners.map((runner) => runner.instance)).toEqual(['a', 'b']);
    expect(runners.reduce((sum, runner) => sum + runner.jobs, 0)).toBe(addresses.length);
  });

  it('has an import taken over by the other instance when its own is killed', { timeout: 180_000 }, async () => {
    const count = 2000;
    const importId = await uploadAndCommit(a, orgId, peopleCsv(count, 'taken', 'two.test'), count);
    await until('some progress', async () => {
      const body = await b.json(`/api/v1/orgs/${orgId}/imports/${importId}`);
      return body.progress.rowsDone > 0 ? true : null;
    });
    a.child.kill('SIGKILL');
    await a.exited();
    const killedAt = Date.now();
    const done = await until('the import to finish on the other instance', async () => {
      const body = await b.json(`/api/v1/orgs/${orgId}/imports/${importId}`);
      return body.status === 'done' ? body : null;
    });
    // Taken over once its 15 s lease ran out, not after minutes.
    expect(Date.now() - killedAt).toBeLessThan(90_000);
    expect(done.results.invited).toBe(count);
    const [counts] = await rows<{ memberships: number; invitations: number; emails: number; by_b: boolean }>(sql`
      select (select count(*)::int from memberships where org_id = ${orgId} and email like 'taken%') as memberships,
             (select count(*)::int from invitations where org_id = ${orgId} and email like 'taken%') as invitations,
             (select count(*)::int from emails where org_id = ${orgId} and to_address like 'taken%') as emails,
             (select bool_and(locked_by like ${`%:${b.pid}:%`}) from jobs
               where kind = 'import-commit' and payload->>'importId' = ${importId}) as by_b`);
    expect(counts).toEqual({ memberships: count, invitations: count, emails: count, by_b: true });
  });
});
