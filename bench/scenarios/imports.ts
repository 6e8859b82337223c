import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, openAsBlob, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import { queryRows } from '../../src/db/sql.js';
import { writeImportCsv, writeImportXlsx } from '../import-files.js';
import { type Summary, summarize } from '../measure.js';

/**
 * The spreadsheet import at scale, against a separate Roster process started as
 * `npm start` starts it, so that its peak resident memory (VmHWM) is Roster's alone:
 * preview and commit of a generated CSV, preview of the same rows as XLSX (with inline
 * strings, and with shared strings as Excel saves them, which exceljs keeps in memory), the
 * latency of another organization's requests while the commit runs, and, on PostgreSQL, a
 * plain COPY of the same file for scale.
 */
export interface ImportFigures {
  readonly rows: number;
  readonly csvMiB: number;
  readonly xlsxMiB: number;
  readonly previewCsvS: number;
  readonly commitS: number;
  readonly commitRowsPerS: number;
  readonly previewXlsxS: number;
  /** The same people in a workbook with shared strings. */
  readonly xlsxShared: { readonly mib: number; readonly previewS: number };
  readonly peakRssMiB: number;
  readonly rssAfterCsvMiB: number;
  readonly rssAfterPreviewMiB: number;
  readonly otherOrgDuringCommit: Summary;
  /** When the slowest of those requests started, in seconds after confirming. */
  readonly slowestAtS: number;
  readonly otherOrgQuiet: Summary;
  readonly copyS: number | null;
  readonly results: Record<string, number>;
  readonly emailsQueued: number | null;
  /** PostgreSQL only: emails sent when the commit ended, and seconds from confirming until every one was sent. */
  readonly mail: { readonly sentByCommitEnd: number; readonly allSentS: number } | null;
}

const TEAM_PATHS = [
  'Sales',
  'Sales/EMEA',
  'Sales/EMEA/Paris',
  'Sales/Americas',
  'Support',
  'Support/Tier 1',
  'Engineering',
  'Engineering/Web',
];
const token = randomBytes(32).toString('base64url');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Kilobytes from /proc/<pid>/status: VmRSS now, VmHWM the peak so far. */
function memoryOf(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match?.[1] ? Number(match[1]) / 1024 : Number.NaN;
}

export async function measureImports(
  database: Database,
  databaseUrl: string | null,
  rows: number,
  progress: (message: string) => void,
): Promise<ImportFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-import-'));
  chmodSync(dir, 0o755);
  let child: ChildProcess | null = null;
  try {
    const csv = join(dir, 'people.csv');
    const xlsx = join(dir, 'people.xlsx');
    const xlsxShared = join(dir, 'people-shared.xlsx');
    progress(`imports: writing ${rows.toLocaleString('en-US')}-row CSV and XLSX files`);
    await writeImportCsv(csv, rows, { teamPaths: TEAM_PATHS });
    await writeImportXlsx(xlsx, rows, { teamPaths: TEAM_PATHS, domain: 'xlsx.import.test' });
    await writeImportXlsx(xlsxShared, rows, { teamPaths: TEAM_PATHS, domain: 'shared.import.test', sharedStrings: true });
    chmodSync(csv, 0o644);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // The built server, exactly what `npm start` runs (tsx would add its compiler to the memory measured).
    execFileSync(process.execPath, [join('scripts', 'build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
    // The same heap limit as `npm start` (ROSTER_HEAP_MB, default 256).
    // BENCH_SERVER_NODE_ARGS adds flags for a closer look, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    const extraArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    child = spawn(
      process.execPath,
      [`--max-old-space-size=${process.env.ROSTER_HEAP_MB ?? '256'}`, ...extraArgs, join('dist', 'main.js')],
      {
        env: {
          ...process.env,
          PORT: String(port),
          LOG_LEVEL: 'warn',
          ROSTER_OPERATOR_TOKEN: token,
          ROSTER_IMPORT_MAX_ROWS: String(Math.max(rows, 200_000)),
          ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '', ROSTER_DATA_DIR: join(dir, 'data') }),
        },
        // BENCH_SERVER_LOG keeps the server's log (its warnings and errors) in that file.
        stdio: ['ignore', process.env.BENCH_SERVER_LOG ? openSync(process.env.BENCH_SERVER_LOG, 'w') : 'ignore', 'inherit'],
      },
    );
    const pid = child.pid ?? 0;
    const api = async (path: string, init: RequestInit = {}): Promise<any> => {
      const response = await fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
      const body = await response.json().catch(() => null);
      if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${JSON.stringify(body)}`);
      return body;
    };
    for (let i = 0; ; i += 1) {
      if (
        await fetch(`${base}/readyz`)
          .then((r) => r.ok)
          .catch(() => false)
      )
        break;
      if (i > 600) throw new Error('the Roster process did not become ready');
      await sleep(100);
    }
    const post = (path: string, body: unknown) =>
      api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const newOrg = async (name: string) =>
      (await post('/api/v1/orgs', { name, slug: `bench-import-${randomBytes(4).toString('hex')}`, kind: 'paid', seats: rows * 2 }))
        .id as string;
    const orgId = await newOrg('Bench import');
    const otherOrg = await newOrg('Bench bystander');
    const ids = new Map<string, string>();
    for (const path of TEAM_PATHS) {
      const parts = path.split('/');
      const parentId = parts.length > 1 ? (ids.get(parts.slice(0, -1).join('/')) ?? null) : null;
      const team = await post(`/api/v1/orgs/${orgId}/teams`, { name: parts.at(-1), parentId, visibility: 'public' });
      ids.set(path, team.id);
    }

    const upload = async (file: string, name: string) => {
      const form = new FormData();
      form.append('file', await openAsBlob(file), name);
      const started = performance.now();
      const preview = await api(`/api/v1/orgs/${orgId}/imports`, { method: 'POST', body: form });
      return { preview, seconds: (performance.now() - started) / 1000 };
    };
    progress('imports: preview of the CSV');
    const csvPreview = await upload(csv, 'people.csv');
    if (csvPreview.preview.preview.invite !== rows) throw new Error(`preview: ${JSON.stringify(csvPreview.preview.preview)}`);
    const rssAfterPreview = memoryOf(pid, 'VmHWM');

    // The same request with nothing else running, for the ratio.
    const quiet: number[] = [];
    for (let i = 0; i < 100; i += 1) {
      const t0 = performance.now();
      await api(`/api/v1/orgs/${otherOrg}/members?limit=20`);
      quiet.push(performance.now() - t0);
    }
    const otherOrgQuiet = summarize(
      quiet,
      quiet.reduce((a, b) => a + b, 0),
    );

    progress('imports: commit, with another organization reading meanwhile');
    const started = performance.now();
    await api(`/api/v1/orgs/${orgId}/imports/${csvPreview.preview.id}/commit`, { method: 'POST' });
    const samples: number[] = [];
    const errors: string[] = [];
    let done: { status: string; results: Record<string, number> } | null = null;
    const poll = (async () => {
      for (;;) {
        const body = await api(`/api/v1/orgs/${orgId}/imports/${csvPreview.preview.id}`);
        if (body.status === 'done' || body.status === 'failed') {
          done = body;
          return;
        }
        await sleep(100);
      }
    })();
    let slowest = { ms: 0, atS: 0 };
    const bystander = (async () => {
      const wallStart = performance.now();
      while (done === null) {
        const t0 = performance.now();
        try {
          await api(`/api/v1/orgs/${otherOrg}/members?limit=20`);
          const ms = performance.now() - t0;
          samples.push(ms);
          if (ms > slowest.ms) slowest = { ms, atS: (t0 - started) / 1000 };
        } catch (error) {
          errors.push(error instanceof Error ? error.message : String(error));
        }
        await sleep(20);
      }
      return summarize(samples, performance.now() - wallStart, errors);
    })();
    await poll;
    const commitS = (performance.now() - started) / 1000;
    const other = await bystander;
    const finished = done as unknown as { status: string; results: Record<string, number> };
    if (finished.status !== 'done') throw new Error(`the import ended ${finished.status}`);
    const rssAfterCsv = memoryOf(pid, 'VmHWM');

    // Bulk mail yields to the commit; this is when it had all gone out.
    let mail: ImportFigures['mail'] = null;
    if (databaseUrl) {
      const mailCounts = async () =>
        (
          await queryRows<{ sent: number; waiting: number }>(
            database.db,
            sql`select count(*) filter (where status = 'sent')::int as sent, count(*) filter (where status = 'queued')::int as waiting
                from emails where org_id = ${orgId}`,
          )
        )[0] ?? { sent: 0, waiting: 0 };
      const sentByCommitEnd = Number((await mailCounts()).sent);
      progress('imports: waiting for every email to be sent');
      while (Number((await mailCounts()).waiting) > 0) await sleep(250);
      mail = { sentByCommitEnd, allSentS: (performance.now() - started) / 1000 };
    }

    progress('imports: preview of the XLSX');
    const xlsxPreview = await upload(xlsx, 'people.xlsx');
    if (xlsxPreview.preview.rowCount !== rows) throw new Error(`xlsx preview: ${xlsxPreview.preview.rowCount} rows`);
    progress('imports: preview of the XLSX with shared strings');
    const sharedPreview = await upload(xlsxShared, 'people-shared.xlsx');
    if (sharedPreview.preview.rowCount !== rows) throw new Error(`shared-strings xlsx preview: ${sharedPreview.preview.rowCount} rows`);
    const peak = memoryOf(pid, 'VmHWM');

    // On PGlite the process has its own data directory, which this process cannot open meanwhile.
    const queued = databaseUrl
      ? (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from emails where org_id = ${orgId}`))[0]?.n
      : null;

    let copyS: number | null = null;
    if (databaseUrl) {
      progress('imports: PostgreSQL COPY of the same file into a plain table');
      await database.db.execute(
        sql`create table bench_copy (email text, first_name text, last_name text, username text, teams text, role text, mode text)`,
      );
      const t0 = performance.now();
      await database.db.execute(sql.raw(`copy bench_copy from '${csv}' with (format csv, header true)`));
      copyS = (performance.now() - t0) / 1000;
      await database.db.execute(sql`drop table bench_copy`);
    }
    return {
      rows,
      csvMiB: statSync(csv).size / 1024 / 1024,
      xlsxMiB: statSync(xlsx).size / 1024 / 1024,
      previewCsvS: csvPreview.seconds,
      commitS,
      commitRowsPerS: rows / commitS,
      previewXlsxS: xlsxPreview.seconds,
      xlsxShared: { mib: statSync(xlsxShared).size / 1024 / 1024, previewS: sharedPreview.seconds },
      peakRssMiB: peak,
      rssAfterCsvMiB: rssAfterCsv,
      rssAfterPreviewMiB: rssAfterPreview,
      otherOrgDuringCommit: other,
      slowestAtS: slowest.atS,
      otherOrgQuiet,
      copyS,
      results: finished.results,
      emailsQueued: queued === null || queued === undefined ? null : Number(queued),
      mail,
    };
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
