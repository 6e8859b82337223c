import { createReadStream, openAsBlob, statSync } from 'node:fs';
import { basename } from 'node:path';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { type Database, openDatabase } from '../db/client.js';
import { queryRows } from '../db/sql.js';
import { operatorActor } from '../features/auth/actor.js';
import { commitImport } from '../features/imports/commit-import.js';
import { getImport } from '../features/imports/get-import.js';
import { presentImport } from '../features/imports/presenter.js';
import type { ImportViewType } from '../features/imports/schemas.js';
import { uploadImport } from '../features/imports/upload-import.js';
import { AppError } from '../lib/errors.js';
import { createRoster } from '../roster.js';
import { progressReporter, summaryLines } from './progress.js';

export interface ImportCommand {
  readonly file: string;
  readonly org: string;
  readonly dryRun: boolean;
  readonly mode: 'invite' | 'setup';
  /** A running Roster to go through (its API, with the operator token); absent: the configured database. */
  readonly url: string | undefined;
  readonly token: string | undefined;
}

const PREVIEW_LABELS = {
  invite: 'new invitations',
  setup: 'set up directly',
  already_invited: 'already invited',
  already_member: 'already members',
  invalid: 'invalid',
  not_allowed: 'not allowed',
};
const RESULT_LABELS = {
  invited: 'invited',
  set_up: 'set up',
  added_to_teams: 'added to teams',
  already_invited: 'already invited',
  already_member: 'already members',
  invalid: 'invalid',
  not_allowed: 'not allowed',
};

type Detail = ImportViewType & { problems: { rowNumber: number; email: string | null; username: string | null; reason: string | null }[] };

/** The two ways to reach Roster: both give the same views as the API. */
interface Backend {
  upload(): Promise<Detail>;
  commit(id: string): Promise<void>;
  get(id: string): Promise<Detail>;
  /** Where the report of each row can be downloaded. */
  reportUrl(id: string): string;
  /** Lets the import run (in this process when working on the database directly). */
  run(): Promise<void>;
  close(): Promise<void>;
}

async function databaseBackend(command: ImportCommand): Promise<Backend> {
  const config = loadConfig(process.env);
  const database: Database = config.databaseUrl
    ? await openDatabase({ kind: 'postgres', url: config.databaseUrl, poolSize: 4 })
    : await openDatabase({ kind: 'pglite', dataDir: config.dataDir });
  await database.migrate();
  const roster = await createRoster({ config, database, operatorToken: 'cli-unused-token-cli-unused-token', runJobs: false });
  const services = roster.services;
  const actor = operatorActor();
  const [org] = await queryRows<{ id: string }>(database.db, sql`select id from organizations where slug = ${command.org}`);
  if (!org) throw new AppError('not_found', `No organization has the slug "${command.org}".`);
  const detail = async (id: string): Promise<Detail> => {
    const { record, problems } = await getImport(services, actor, org.id, id);
    return { ...presentImport(record), problems };
  };
  return {
    async upload() {
      const { record, problems } = await uploadImport(services, actor, org.id, {
        fileName: basename(command.file),
        mode: command.mode,
        file: createReadStream(command.file),
      });
      return { ...presentImport(record), problems };
    },
    async commit(id) {
      await commitImport(services, actor, org.id, id);
    },
    get: detail,
    reportUrl: (id) => `${config.publicUrl}/api/v1/orgs/${org.id}/imports/${id}/report.csv`,
    run: () => roster.importWorker.drain(),
    async close() {
      await roster.close();
      await database.close();
    },
  };
}

async function apiBackend(command: ImportCommand, url: string): Promise<Backend> {
  if (!command.token) throw new AppError('unauthenticated', 'Give the operator token with --token or ROSTER_OPERATOR_TOKEN.');
  const base = url.replace(/\/+$/, '');
  const call = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${base}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${command.token}`, ...(init.headers ?? {}) },
    });
    const body = (await response.json().catch(() => ({}))) as T & { detail?: string };
    if (!response.ok) throw new Error(body.detail ?? `${response.status} ${response.statusText}`);
    return body;
  };
  const orgs = await call<{ items: { id: string; slug: string }[] }>(`/api/v1/orgs?q=${encodeURIComponent(command.org)}&limit=200`);
  const org = orgs.items.find((item) => item.slug === command.org);
  if (!org) throw new Error(`No organization has the slug "${command.org}".`);
  const path = `/api/v1/orgs/${org.id}/imports`;
  return {
    async upload() {
      const form = new FormData();
      // A Blob backed by the file: fetch streams it rather than reading it all first.
      form.append('file', await openAsBlob(command.file), basename(command.file));
      return call<Detail>(`${path}?mode=${command.mode}`, { method: 'POST', body: form });
    },
    async commit(id) {
      await call(`${path}/${id}/commit`, { method: 'POST' });
    },
    get: (id) => call<Detail>(`${path}/${id}`),
    reportUrl: (id) => `${base}${path}/${id}/report.csv`,
    run: async () => undefined,
    close: async () => undefined,
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `roster import FILE --org SLUG [--dry-run] [--mode invite|setup]`: returns the exit code. */
export async function runImportCommand(command: ImportCommand, out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  let bytes: number;
  try {
    bytes = statSync(command.file).size;
  } catch {
    throw new AppError('not_found', `Cannot read the file ${command.file}: check the path.`);
  }
  const backend = command.url ? await apiBackend(command, command.url) : await databaseBackend(command);
  try {
    const started = Date.now();
    out.write(`Reading ${basename(command.file)} (${(bytes / 1024 / 1024).toFixed(1)} MB)…\n`);
    const preview = await backend.upload();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    out.write(
      `${summaryLines(`Preview of ${preview.rowCount.toLocaleString('en-US')} rows (${seconds} s):`, preview.preview, PREVIEW_LABELS).join('\n')}\n`,
    );
    if (preview.unknownColumns.length > 0) out.write(`  Ignored columns: ${preview.unknownColumns.join(', ')}\n`);
    for (const row of preview.problems.slice(0, 10)) {
      out.write(`  row ${row.rowNumber} ${row.email ?? row.username ?? ''}: ${row.reason ?? ''}\n`);
    }
    if (command.dryRun) {
      out.write('Dry run: nothing was changed.\n');
      return 0;
    }
    await backend.commit(preview.id);
    const bar = progressReporter(out);
    let finished = false;
    const running = backend.run().finally(() => {
      finished = true;
    });
    let current = await backend.get(preview.id);
    while (current.status === 'committing') {
      bar.update({ ...current.progress, status: current.status });
      await sleep(finished ? 0 : 250);
      current = await backend.get(preview.id);
    }
    await running;
    bar.end({ ...current.progress, status: current.status });
    if (current.status === 'failed') {
      err.write(`The import failed: ${current.error ?? 'unknown error'}\n`);
      return 1;
    }
    const total = ((Date.now() - started) / 1000).toFixed(1);
    out.write(`${summaryLines(`Done in ${total} s:`, current.results, RESULT_LABELS).join('\n')}\n`);
    out.write(`The outcome of each row: ${backend.reportUrl(preview.id)}\n`);
    return 0;
  } finally {
    await backend.close();
  }
}
