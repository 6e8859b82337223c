import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, openAsBlob, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import { queryRows } from '../../src/db/sql.js';
import { writeImportCsv, writeImportXlsx } from '../import-files.js';
import { type Summary, summarize } from '../measure.js';
import { type RosterProcess, startRosterProcess } from '../server.js';

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

export async function measureImports(
  database: Database,
  databaseUrl: string | null,
  rows: number,
  progress: (message: string) => void,
): Promise<ImportFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-import-'));
  chmodSync(dir, 0o755);
  let child: RosterProcess | null = null;
  try {
    const csv = join(dir, 'people.csv');
    const xlsx = join(dir, 'people.xlsx');
    const xlsxShared = join(dir, 'people-shared.xlsx');
    progress(`imports: writing ${rows.toLocaleString('en-US')}-row CSV and XLSX files`);
    await writeImportCsv(csv, rows, { teamPaths: TEAM_PATHS });
    await writeImportXlsx(xlsx, rows, { teamPaths: TEAM_PATHS, domain: 'xlsx.import.test' });
    await writeImportXlsx(xlsxShared, rows, { teamPaths: TEAM_PATHS, domain: 'shared.import.test', sharedStrings: true });
    chmodSync(csv, 0o644);

    const server = await startRosterProcess({
      token,
      databaseUrl,
      dataDir: join(dir, 'data'),
      env: { ROSTER_IMPORT_MAX_ROWS: String(Math.max(rows, 200_000)) },
    });
    child = server;
    const { api } = server;
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
    const rssAfterPreview = server.memory('VmHWM');

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
    const rssAfterCsv = server.memory('VmHWM');

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
    const peak = server.memory('VmHWM');

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
    await child?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
