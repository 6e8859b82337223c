import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import type { Role } from '../db/schema.js';
import { ROLES } from '../db/schema.js';
import { queryRows } from '../db/sql.js';
import { operatorActor } from '../features/auth/actor.js';
import { exportUsers, type UsersExportQuery } from '../features/exports/export-users.js';
import type { ExportFormat } from '../features/exports/formats.js';
import { MEMBER_STATUSES, type MemberStatus } from '../features/members/schemas.js';
import { AppError } from '../lib/errors.js';
import { createRoster } from '../roster.js';

export interface ExportCommand {
  readonly org: string;
  readonly format: ExportFormat;
  /** A file to write; absent: standard output. */
  readonly out: string | undefined;
  readonly status: string | undefined;
  readonly role: string | undefined;
  readonly team: string | undefined;
  readonly q: string | undefined;
  readonly url: string | undefined;
  readonly token: string | undefined;
}

const invalid = (message: string) => new AppError('validation_failed', message);

/** The members view's filters, checked as the API checks them. */
function filtersOf(command: ExportCommand): UsersExportQuery {
  if (command.status !== undefined && !(MEMBER_STATUSES as readonly string[]).includes(command.status))
    throw invalid(`--status must be one of ${MEMBER_STATUSES.join(', ')}.`);
  if (command.role !== undefined && !(ROLES as readonly string[]).includes(command.role))
    throw invalid(`--role must be one of ${ROLES.join(', ')}.`);
  if (command.team !== undefined && !/^[0-9a-f-]{36}$/i.test(command.team)) throw invalid('--team must be a team id (a UUID).');
  return {
    ...(command.status ? { status: command.status as MemberStatus } : {}),
    ...(command.role ? { role: command.role as Role } : {}),
    ...(command.team ? { team: command.team } : {}),
    ...(command.q ? { q: command.q } : {}),
    sort: 'email',
  };
}

async function fromDatabase(command: ExportCommand, query: UsersExportQuery): Promise<{ stream: Readable; close: () => Promise<void> }> {
  const config = loadConfig(process.env);
  const database = config.databaseUrl
    ? await openDatabase({ kind: 'postgres', url: config.databaseUrl, poolSize: 2 })
    : await openDatabase({ kind: 'pglite', dataDir: config.dataDir });
  await database.migrate();
  const roster = await createRoster({ config, database, operatorToken: 'cli-unused-token-cli-unused-token', runJobs: false });
  const close = async () => {
    await roster.close();
    await database.close();
  };
  try {
    const [org] = await queryRows<{ id: string }>(database.db, sql`select id from organizations where slug = ${command.org}`);
    if (!org) throw new AppError('not_found', `No organization has the slug "${command.org}".`);
    const file = await exportUsers(roster.services, operatorActor(), org.id, command.format, query);
    return { stream: file.stream, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function fromApi(
  command: ExportCommand,
  url: string,
  query: UsersExportQuery,
): Promise<{ stream: Readable; close: () => Promise<void> }> {
  if (!command.token) throw new AppError('unauthenticated', 'Give the operator token with --token or ROSTER_OPERATOR_TOKEN.');
  const base = url.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${command.token}` };
  const orgs = await fetch(`${base}/api/v1/orgs?q=${encodeURIComponent(command.org)}&limit=200`, { headers });
  const list = (await orgs.json().catch(() => ({}))) as { items?: { id: string; slug: string }[]; detail?: string };
  if (!orgs.ok) throw new Error(list.detail ?? `${orgs.status} ${orgs.statusText}`);
  const org = list.items?.find((item) => item.slug === command.org);
  if (!org) throw new AppError('not_found', `No organization has the slug "${command.org}".`);
  const params = new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]));
  const response = await fetch(`${base}/api/v1/orgs/${org.id}/exports/users.${command.format}?${params}`, { headers });
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => ({}))) as { detail?: string };
    throw new Error(body.detail ?? `${response.status} ${response.statusText}`);
  }
  return { stream: Readable.fromWeb(response.body as Parameters<typeof Readable.fromWeb>[0]), close: async () => undefined };
}

/** `roster export --org SLUG [--format csv|xlsx] [--out FILE] [filters]`: returns the exit code. */
export async function runExportCommand(command: ExportCommand, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const query = filtersOf(command);
  const source = command.url ? await fromApi(command, command.url, query) : await fromDatabase(command, query);
  try {
    await pipeline(source.stream, command.out ? createWriteStream(command.out) : out, { end: Boolean(command.out) });
    if (command.out) err.write(`Wrote ${command.out}\n`);
    return 0;
  } finally {
    await source.close();
  }
}
