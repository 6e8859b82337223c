import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { runRosterCli } from '../support/cli.js';
import { freshDatabase, migratedDataDir } from '../support/database.js';
import { createOrg, startTestRoster, type TestRoster } from '../support/roster.js';

const dir = mkdtempSync(join(tmpdir(), 'roster-cli-export-'));
const token = randomBytes(32).toString('base64url');

const roster = runRosterCli;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('roster export, on the configured database', () => {
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
    await database.db.execute(sql`
      with org as (insert into organizations (name, slug, kind, seats) values ('Export Co', 'export-co', 'paid', 10) returning id)
      insert into memberships (org_id, email, role, status, invited_at) select id, '=cmd@export.test', 'learner', 'invited', now() from org`);
    await database.close();
  });
  afterAll(async () => {
    await drop?.();
  });

  it('writes the CSV to standard output, and refuses unknown organizations and filters', { timeout: 120_000 }, async () => {
    const result = await roster(['export', '--org', 'export-co'], env);
    expect(result.code, result.err).toBe(0);
    expect(result.out.startsWith('\uFEFFemail,username,first_name,last_name,status,role,teams')).toBe(true);
    expect(result.out).toContain("'=cmd@export.test,,,,pending,learner");
    const unknown = await roster(['export', '--org', 'nobody'], env);
    expect(unknown.code).toBe(78);
    expect(unknown.err).toContain('No organization has the slug "nobody".');
    const badStatus = await roster(['export', '--org', 'export-co', '--status', 'gone'], env);
    expect(badStatus.code).toBe(78);
    expect(badStatus.err).toContain('--status must be one of pending, requested, active, cancelled, expired, removed.');
    const badFormat = await roster(['export', '--org', 'export-co', '--format', 'pdf'], env);
    expect(badFormat.code).toBe(64);
  });
});

describe('roster export --url, through a running Roster', () => {
  let t: TestRoster;
  let url: string;
  beforeAll(async () => {
    t = await startTestRoster();
    await t.roster.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.roster.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  it('downloads through the API with the operator token, as XLSX into a file', { timeout: 180_000 }, async () => {
    const org = await createOrg(t, { slug: `cli-export-${randomBytes(3).toString('hex')}` });
    await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'ann@cli.test, bob@cli.test' });
    const out = join(dir, 'users.xlsx');
    const result = await roster(
      ['export', '--org', org.slug, '--format', 'xlsx', '--out', out, '--url', url, '--token', t.operatorToken],
      {},
    );
    expect(result.code, result.err).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const emails: string[] = [];
    workbook.worksheets[0]?.getColumn(1).eachCell((cell) => {
      emails.push(String(cell.value));
    });
    expect(emails).toEqual(['email', 'ann@cli.test', 'bob@cli.test']);
    const wrong = await roster(['export', '--org', org.slug, '--url', url, '--token', 'x'.repeat(43)], {});
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/sign in|token|authenticat/i);
  });
});
