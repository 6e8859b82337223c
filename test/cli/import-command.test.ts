import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { queryRows } from '../../src/db/sql.js';
import { runRosterCli } from '../support/cli.js';
import { freshDatabase, migratedDataDir } from '../support/database.js';
import { createOrg, startTestRoster, type TestRoster } from '../support/roster.js';

const dir = mkdtempSync(join(tmpdir(), 'roster-cli-'));
const token = randomBytes(32).toString('base64url');

const roster = runRosterCli;

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('roster import, on the configured database', () => {
  const env: Record<string, string> = { ROSTER_DATA_DIR: join(dir, 'data') };
  let drop: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    if (process.env.ROSTER_TEST_DATABASE_URL) {
      const fresh = await freshDatabase();
      drop = fresh.drop;
      Object.assign(env, { DATABASE_URL: fresh.url ?? '', ROSTER_OPERATOR_TOKEN: token });
    } else {
      await migratedDataDir(env.ROSTER_DATA_DIR ?? ''); // from the template, not from initdb
    }
    const database = env.DATABASE_URL
      ? await openDatabase({ kind: 'postgres', url: env.DATABASE_URL })
      : await openDatabase({ kind: 'pglite', dataDir: env.ROSTER_DATA_DIR });
    await database.migrate();
    await database.db.execute(sql`insert into organizations (name, slug, kind, seats) values ('CLI Co', 'cli-co', 'paid', 100)`);
    await database.close();
  });
  afterAll(async () => {
    await drop?.();
  });

  const count = async (table: 'memberships' | 'imports') => {
    const database = env.DATABASE_URL
      ? await openDatabase({ kind: 'postgres', url: env.DATABASE_URL })
      : await openDatabase({ kind: 'pglite', dataDir: env.ROSTER_DATA_DIR });
    try {
      const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from ${sql.identifier(table)}`);
      return Number(row?.n);
    } finally {
      await database.close();
    }
  };

  it('previews only with --dry-run, then imports with a summary', { timeout: 120_000 }, async () => {
    const csv = file('people.csv', 'email,first_name,last_name\nann@cli.test,Ann,A\nbob@cli.test,Bob,B\nnot-an-address,X,Y\n');
    const dry = await roster(['import', csv, '--org', 'cli-co', '--dry-run'], env);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain('Preview of 3 rows');
    expect(dry.out).toMatch(/new invitations\s+2/);
    expect(dry.out).toMatch(/row 4 not-an-address: Bad address/);
    expect(dry.out).toContain('Dry run: nothing was changed.');
    expect(await count('memberships')).toBe(0);

    const real = await roster(['import', csv, '--org', 'cli-co'], env);
    expect(real.code, real.err).toBe(0);
    expect(real.out).toMatch(/100% 3\/3 rows/);
    expect(real.out).toMatch(/invited\s+2/);
    expect(real.out).toMatch(/invalid\s+1/);
    expect(real.out).toMatch(/report\.csv/);
    expect(await count('memberships')).toBe(2);
  });

  it('says what is wrong with a file it cannot read, or an unknown organization', { timeout: 180_000 }, async () => {
    const empty = await roster(['import', file('empty.csv', ''), '--org', 'cli-co'], env);
    expect(empty.code).toBe(78);
    expect(empty.err).toMatch(/^roster: .*empty/i);
    const unknown = await roster(['import', file('one.csv', 'email\na@b.co\n'), '--org', 'nope'], env);
    expect(unknown.code).toBe(78);
    expect(unknown.err).toContain('No organization has the slug "nope".');
    const missing = await roster(['import', join(dir, 'nowhere.csv'), '--org', 'cli-co'], env);
    expect(missing.code).toBe(78);
    expect(missing.err).toContain('Cannot read the file');
    const usage = await roster(['import', file('two.csv', 'email\na@b.co\n')], env);
    expect(usage.code).toBe(64);
    expect(usage.err).toContain('Usage:');
  });
});

describe('roster import --url, through a running Roster', () => {
  let t: TestRoster;
  let url: string;
  beforeAll(async () => {
    t = await startTestRoster();
    await t.roster.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.roster.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  it('imports through the API with the operator token', { timeout: 180_000 }, async () => {
    const org = await createOrg(t, { slug: `api-${randomBytes(3).toString('hex')}` });
    const csv = file('api.csv', 'email\ncarol@api.test\ndave@api.test\n');
    // The test Roster runs jobs only when asked: drain imports while the CLI waits for them.
    const draining = setInterval(() => void t.drainImports(), 200);
    try {
      const result = await roster(['import', csv, '--org', org.slug, '--url', url, '--token', t.operatorToken], {});
      expect(result.code, result.err).toBe(0);
      expect(result.out).toMatch(/invited\s+2/);
      expect(result.out).toContain(`${url}/api/v1/orgs/${org.id}/imports/`);
    } finally {
      clearInterval(draining);
    }
    const members = await t.operator.get(`/api/v1/orgs/${org.id}/members?status=pending`);
    expect(members.body.items).toHaveLength(2);
    const wrong = await roster(['import', csv, '--org', org.slug, '--url', url, '--token', 'x'.repeat(43)], {});
    // A token may begin with "-" (one in 64 do): still a token, refused as a wrong one, not as a bad option.
    const dashed = await roster(['import', csv, '--org', org.slug, '--url', url, '--token', `-${'y'.repeat(42)}`], {});
    expect(dashed.err).not.toContain('ambiguous');
    expect(dashed.code).toBe(wrong.code);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/sign in|token|authenticat/i);
  });
});
