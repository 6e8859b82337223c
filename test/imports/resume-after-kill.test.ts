import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import { queryRows } from '../../src/db/sql.js';
import { freshDatabase } from '../support/database.js';

const ROWS = 3000;
const token = randomBytes(32).toString('base64url');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The real server, as `npm start` runs it (from source, to skip the build). */
function startRoster(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join('src', 'main.ts')], {
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      ROSTER_OPERATOR_TOKEN: token,
      ROSTER_IMPORT_LEASE_SECONDS: '5',
      ROSTER_IMPORT_CHUNK_ROWS: '500',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const stopped = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe('an import survives the process being killed mid-commit', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-kill-'));
  const children: ChildProcess[] = [];
  let dropDatabase: (() => Promise<void>) | null = null;
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map(stopped));
    await dropDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes after a restart with no row lost and none done twice', { timeout: 240_000 }, async () => {
    const env: Record<string, string> = { ROSTER_DATA_DIR: dataDir };
    if (process.env.ROSTER_TEST_DATABASE_URL) {
      const fresh = await freshDatabase();
      dropDatabase = fresh.drop;
      env.DATABASE_URL = fresh.url ?? '';
    }
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
    const json = async (response: Promise<Response>): Promise<any> => (await response).json();
    const first = startRoster({ ...env, PORT: String(port) });
    children.push(first);
    await until('the server', async () => ((await fetch(`${base}/readyz`)).ok ? true : null));

    const org = await json(
      api('/api/v1/orgs', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Kill Test', slug: `kill-${randomBytes(3).toString('hex')}`, kind: 'paid', seats: ROWS + 10 }),
      }),
    );
    const csv = ['email,first_name,last_name', ...Array.from({ length: ROWS }, (_, i) => `p${i}@kill.test,P,${i}`)].join('\n');
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'kill.csv');
    const preview = await json(api(`/api/v1/orgs/${org.id}/imports`, { method: 'POST', body: form }));
    expect(preview.preview.invite).toBe(ROWS);
    expect((await api(`/api/v1/orgs/${org.id}/imports/${preview.id}/commit`, { method: 'POST' })).status).toBe(202);

    // Killed without warning once some chunks are done and before the last.
    const doneAtKill = await until('some progress', async () => {
      const body = await json(api(`/api/v1/orgs/${org.id}/imports/${preview.id}`));
      return body.progress.rowsDone > 0 ? (body.progress.rowsDone as number) : null;
    });
    first.kill('SIGKILL');
    await stopped(first);
    expect(doneAtKill).toBeLessThan(ROWS);

    const second = startRoster({ ...env, PORT: String(port) });
    children.push(second);
    const finished = await until('the import to finish', async () => {
      const body = await json(api(`/api/v1/orgs/${org.id}/imports/${preview.id}`));
      return body.status === 'done' ? body : null;
    });
    expect(finished.results.invited).toBe(ROWS);
    second.kill('SIGTERM');
    await stopped(second);

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
      expect(await count(sql`select count(*)::int as n from import_rows where import_id = ${preview.id} and outcome is null`)).toBe(0);
    } finally {
      await database.close();
    }
  });
});
