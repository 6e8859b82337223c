import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Database, openDatabase } from '../src/db/client.js';
import { queryRows } from '../src/db/sql.js';
import { adminQuery } from './admin-query.js';

export interface BenchDatabase {
  readonly database: Database;
  /** "PGlite (in memory)" or "PostgreSQL roster_bench_… on host:port". */
  readonly label: string;
  /** `select version()`. */
  readonly version: string;
  /** Closes the connection and, on PostgreSQL, drops the database made for this run (unless kept). */
  drop(): Promise<void>;
  /** The connection URL of the database made for this run, on PostgreSQL. */
  readonly url: string | null;
}

async function versionOf(database: Database): Promise<string> {
  const [row] = await queryRows<{ version: string }>(database.db, sql`select version() as version`);
  return row?.version ?? 'unknown';
}

/**
 * PGlite in memory, or a fresh database `roster_bench_<random>` on the PostgreSQL server
 * of `serverUrl`, migrated either way. `keep` leaves that database behind for inspection.
 */
export async function openBenchDatabase(serverUrl: string | null, keep = false): Promise<BenchDatabase> {
  if (serverUrl === null) {
    const database = await openDatabase({ kind: 'pglite' });
    await database.migrate();
    return { database, label: 'PGlite (in memory)', version: await versionOf(database), drop: () => database.close(), url: null };
  }
  const name = `roster_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let database: Database | null = null;
  const drop = async (): Promise<void> => {
    await database?.close();
    database = null;
    if (!keep) await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
  };
  try {
    // ROSTER_DB_POOL_SIZE as the server reads it, to compare pool sizes (decision 0025).
    const poolSize = Number(process.env.ROSTER_DB_POOL_SIZE) || undefined;
    const opened = await openDatabase({ kind: 'postgres', url: url.toString(), ...(poolSize ? { poolSize } : {}) });
    database = opened;
    await opened.migrate();
    return { database: opened, label: `PostgreSQL ${name} on ${url.host}`, version: await versionOf(opened), drop, url: url.toString() };
  } catch (error) {
    await drop();
    throw error;
  }
}
