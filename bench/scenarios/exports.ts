import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { type Database, openDatabase } from '../../src/db/client.js';
import { queryRows } from '../../src/db/sql.js';
import { type Summary, summarize } from '../measure.js';
import { seedMembers } from '../seed.js';
import { seedHistory } from '../seed-history.js';
import { seedTeams } from '../seed-teams.js';
import { cpuSecondsOf, type RosterProcess, startRosterProcess } from '../server.js';

/**
 * Data out at scale (R-29, R-38): an organization of `members` people (seeded the fast way,
 * set-based SQL, half of them in a team branch, with the invitations, billing events and
 * failed emails of their arrival, which the dashboard reads), then, against a separate Roster process
 * started as `npm start` starts it, the users download as CSV and as XLSX, with the time to
 * the first byte and to the last, the process's peak resident memory, and the latency of the
 * members page while each download runs.
 */
export interface ExportFigures {
  readonly members: number;
  readonly seedS: number;
  readonly downloads: readonly {
    readonly format: 'csv' | 'xlsx';
    readonly rows: number;
    readonly mib: number;
    readonly firstByteMs: number;
    readonly totalS: number;
    /** CPU seconds of the Roster process during the download (all its threads: zlib's too). */
    readonly rosterCpuS: number;
    /** CPU seconds of the PostgreSQL backends of the bench's database during the download (null on PGlite, which runs inside Roster). */
    readonly databaseCpuS: number | null;
    readonly pageDuring: Summary;
  }[];
  readonly pageQuiet: Summary;
  readonly rssStartMiB: number;
  readonly peakRssMiB: number;
  /** Extra timings of the same process (the dashboard's stats), by name. */
  readonly extra: Readonly<Record<string, Summary>>;
}

const token = randomBytes(32).toString('base64url');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Times `count` calls of `path`, one at a time. */
export async function timeCalls(server: RosterProcess, path: string, count: number): Promise<Summary> {
  const samples: number[] = [];
  const errors: string[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const t0 = performance.now();
    try {
      await server.api(path);
      samples.push(performance.now() - t0);
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }
  return summarize(samples, performance.now() - started, errors);
}

/**
 * CPU seconds used so far by the server processes of the database `db` is connected to, by
 * backend: PostgreSQL runs each connection in a process of its own, on this machine here.
 */
async function backendCpu(db: Database['db']): Promise<Map<number, number>> {
  const rows = await queryRows<{ pid: number }>(db, sql`select pid from pg_stat_activity where datname = current_database()`);
  const seconds = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      seconds.set(pid, cpuSecondsOf(pid));
    } catch {
      // Gone meanwhile, or not on this machine.
    }
  }
  return seconds;
}

const cpuSince = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((sum, [pid, now]) => sum + now - (before.get(pid) ?? 0), 0);

/** Reads a download to its end, counting bytes and lines, while the members page is asked for meanwhile. */
async function download(server: RosterProcess, orgId: string, format: 'csv' | 'xlsx', db: Database['db'] | null) {
  const databaseBefore = db ? await backendCpu(db) : null;
  const cpuBefore = server.cpuSeconds();
  const started = performance.now();
  const response = await fetch(`${server.base}/api/v1/orgs/${orgId}/exports/users.${format}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok || !response.body) throw new Error(`export ${format}: ${response.status} ${await response.text()}`);
  let done = false;
  const samples: number[] = [];
  const errors: string[] = [];
  const bystander = (async () => {
    const wallStart = performance.now();
    while (!done) {
      const t0 = performance.now();
      try {
        await server.api(`/api/v1/orgs/${orgId}/members?limit=20&status=active`);
        samples.push(performance.now() - t0);
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
      }
      await sleep(20);
    }
    return summarize(samples, performance.now() - wallStart, errors);
  })();
  let firstByteMs = Number.NaN;
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    if (bytes === 0) firstByteMs = performance.now() - started;
    bytes += chunk.byteLength;
    if (format === 'csv') for (const byte of chunk) if (byte === 10) lines += 1;
  }
  const totalS = (performance.now() - started) / 1000;
  const rosterCpuS = server.cpuSeconds() - cpuBefore;
  const databaseCpuS = db && databaseBefore ? cpuSince(databaseBefore, await backendCpu(db)) : null;
  done = true;
  return {
    format,
    rows: format === 'csv' ? lines - 1 : Number.NaN,
    mib: bytes / 1024 / 1024,
    firstByteMs,
    totalS,
    rosterCpuS,
    databaseCpuS,
    pageDuring: await bystander,
  };
}

export async function measureExports(
  bench: { readonly database: Database; readonly url: string | null },
  members: number,
  progress: (message: string) => void,
  extra: (server: RosterProcess, orgId: string) => Promise<Record<string, Summary>> = async () => ({}),
): Promise<ExportFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-export-'));
  chmodSync(dir, 0o755);
  let server: RosterProcess | null = null;
  try {
    // On PGlite the Roster process owns its data directory: seed it first, then hand it over.
    const database = bench.url ? bench.database : await openDatabase({ kind: 'pglite', dataDir: join(dir, 'data') });
    if (!bench.url) await database.migrate();
    progress(`exports: seeding ${members.toLocaleString('en-US')} memberships`);
    const t0 = performance.now();
    const [org] = await queryRows<{ id: string }>(
      database.db,
      sql`insert into organizations (name, slug, kind, seats) values ('Bench export', ${`bench-export-${randomBytes(4).toString('hex')}`}, 'paid', 1000) returning id`,
    );
    if (!org) throw new Error('no organization');
    await seedMembers(database.db, { orgId: org.id, total: members });
    await seedTeams(database.db, org.id);
    await seedHistory(database.db, org.id);
    const seedS = (performance.now() - t0) / 1000;
    if (!bench.url) await database.close();

    server = await startRosterProcess({ token, databaseUrl: bench.url, dataDir: join(dir, 'data') });
    const rssStartMiB = server.memory('VmRSS');
    const pageQuiet = await timeCalls(server, `/api/v1/orgs/${org.id}/members?limit=20&status=active`, 50);
    const downloads = [];
    for (const format of ['csv', 'xlsx'] as const) {
      progress(`exports: users.${format}`);
      const figures = await download(server, org.id, format, bench.url ? bench.database.db : null);
      if (format === 'csv' && figures.rows !== members) throw new Error(`the CSV has ${figures.rows} rows, not ${members}`);
      downloads.push(figures);
    }
    const peakRssMiB = server.memory('VmHWM');
    return { members, seedS, downloads, pageQuiet, rssStartMiB, peakRssMiB, extra: await extra(server, org.id) };
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
