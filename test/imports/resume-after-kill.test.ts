import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import { queryRows } from '../../src/db/sql.js';
import { freshDatabase, migratedDataDir } from '../support/database.js';
import { newOperatorToken, peopleCsv, type RosterProcess, startRosterProcess, until, uploadAndCommit } from '../support/processes.js';

const ROWS = 3000;
const token = newOperatorToken();

describe('an import survives the process being killed mid-commit', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-kill-'));
  const children: RosterProcess[] = [];
  let dropDatabase: (() => Promise<void>) | null = null;
  afterAll(async () => {
    for (const child of children) child.child.kill('SIGKILL');
    await Promise.all(children.map((child) => child.exited()));
    await dropDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes after a restart with no row lost and none done twice', { timeout: 240_000 }, async () => {
    const env: Record<string, string> = { ROSTER_DATA_DIR: dataDir, ROSTER_JOB_LEASE_SECONDS: '5', ROSTER_IMPORT_CHUNK_ROWS: '500' };
    if (process.env.ROSTER_TEST_DATABASE_URL) {
      const fresh = await freshDatabase();
      dropDatabase = fresh.drop;
      env.DATABASE_URL = fresh.url ?? '';
    } else {
      await migratedDataDir(dataDir);
    }
    const first = await startRosterProcess(token, env);
    children.push(first);
    await first.ready();

    const org = await first.json('/api/v1/orgs', {
      method: 'POST',
      body: JSON.stringify({ name: 'Kill Test', slug: `kill-${Date.now().toString(36)}`, kind: 'paid', seats: ROWS + 10 }),
      expect: 201,
    });
    const importId = await uploadAndCommit(first, org.id, peopleCsv(ROWS, 'p', 'kill.test'), ROWS);

    // Killed without warning once some chunks are done and before the last.
    const doneAtKill = await until('some progress', async () => {
      const body = await first.json(`/api/v1/orgs/${org.id}/imports/${importId}`);
      return body.progress.rowsDone > 0 ? (body.progress.rowsDone as number) : null;
    });
    first.child.kill('SIGKILL');
    await first.exited();
    expect(doneAtKill).toBeLessThan(ROWS);

    const second = await startRosterProcess(token, env);
    children.push(second);
    await second.ready();
    const finished = await until('the import to finish', async () => {
      const body = await second.json(`/api/v1/orgs/${org.id}/imports/${importId}`);
      return body.status === 'done' ? body : null;
    });
    expect(finished.results.invited).toBe(ROWS);
    second.child.kill('SIGTERM');
    await second.exited();

    const database: Database = env.DATABASE_URL
      ? await openDatabase({ kind: 'postgres', url: env.DATABASE_URL })
      : await openDatabase({ kind: 'pglite', dataDir });
    try {
      const count = async (query: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(database.db, query))[0]?.n);
      expect(await count(sql`select count(*)::int as n from memberships where org_id = ${org.id}`)).toBe(ROWS);
      expect(await count(sql`select count(distinct email)::int as n from memberships where org_id = ${org.id}`)).toBe(ROWS);
      expect(await count(sql`select count(*)::int as n from invitations where org_id = ${org.id}`)).toBe(ROWS);
      expect(await count(sql`select count(*)::int as n from emails where org_id = ${org.id}`)).toBe(ROWS);
      expect(await count(sql`select count(*)::int as n from audit_log where org_id = ${org.id} and action = 'invitation.sent'`)).toBe(ROWS);
      expect(await count(sql`select count(*)::int as n from import_rows where import_id = ${importId} and outcome is null`)).toBe(0);
    } finally {
      await database.close();
    }
  });
});
