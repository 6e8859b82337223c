import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { DEFAULT_POOL_SIZE } from '../config.js';
import { lockDataDir } from './lock.js';
import { PreparingClient } from './prepared-statements.js';

/**
 * The database handle; a transaction has the same type, so every function works in both.
 * Without the schema: drizzle builds a relational query builder per table for every handle,
 * each transaction's too, and Roster writes its queries with the SQL builder and `sql`.
 */
export type Db = PgDatabase<PgQueryResultHKT>;

export interface Database {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  /** Runs the migrations, serialized across instances. */
  migrate(): Promise<void>;
  /** PGlite only: the whole data directory as a tarball (test templates, backups). */
  dump(): Promise<Blob>;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize?: number }
  /** `dataDir` undefined: in memory (tests), optionally started from a dumped data directory. */
  | { readonly kind: 'pglite'; readonly dataDir?: string; readonly loadDataDir?: Blob };

export const MIGRATIONS_DIR = join(import.meta.dirname, '..', '..', 'migrations');

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.kind === 'postgres'
    ? openPostgres(options.url, options.poolSize ?? DEFAULT_POOL_SIZE)
    : openPglite(options.dataDir, options.loadDataDir);
}

/** How long a connection, and the plans of its prepared statements, lives. */
const PLANS_KEPT_SECONDS = 300;

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  // Roster's statements are short: JIT compilation (tens of milliseconds) only ever added to
  // them. A name search whose unused branch was costed high spent 33 of its 40 ms compiling
  // (decision 0022). Turned off in each connection's start-up packet, beside any options the
  // URL gives.
  // Pipeline mode: statements sent together share a round trip (`commitWith`, decision 0023).
  // Each connection is replaced after five minutes, and with it the plans its prepared
  // statements kept: a plan made on a nearly empty table (a new installation's first minutes)
  // chose an organization's index over the primary key and kept it while the table grew
  // (decision 0026); made again, it sees the table's size, analyzed or not. Idle connections are
  // kept (`min`), not closed after pg's ten idle seconds: a burst after a quiet spell otherwise
  // waited for new connections, and each new server process planned its statements afresh (the
  // members page's first 16 requests at once took 120-225 ms, 30-60 ms once warm).
  const pool = new pg.Pool({
    ...withJitOff(url),
    max: poolSize,
    min: poolSize,
    Client: PreparingClient,
    pipeline: true,
    maxLifetimeSeconds: PLANS_KEPT_SECONDS,
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  const db = drizzlePg({ client: pool }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      const { migrate } = await import('drizzle-orm/node-postgres/migrator');
      const client = await pool.connect();
      try {
        // One instance migrates at a time; the others wait, then find nothing to do.
        await client.query('select pg_advisory_lock(727274)');
        await migrate(drizzlePg({ client }), { migrationsFolder: MIGRATIONS_DIR });
      } finally {
        await client.query('select pg_advisory_unlock(727274)').catch(() => undefined);
        client.release();
      }
    },
    dump: () => Promise.reject(new Error('Use pg_dump to back up PostgreSQL.')),
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string | undefined, loadDataDir: Blob | undefined): Promise<Database> {
  const release = dataDir === undefined ? () => undefined : lockDataDir(dataDir);
  try {
    const client = await PGlite.create({
      // The extensions the migrations create must be loaded into the embedded server.
      extensions: { pg_trgm },
      ...(dataDir === undefined ? {} : { dataDir: join(dataDir, 'pglite') }),
      ...(loadDataDir ? { loadDataDir } : {}),
    });
    const db = drizzlePglite({ client }) as unknown as Db;
    return {
      db,
      kind: 'pglite',
      async migrate() {
        const { migrate } = await import('drizzle-orm/pglite/migrator');
        await migrate(drizzlePglite({ client }), { migrationsFolder: MIGRATIONS_DIR });
      },
      dump: async () => client.dumpDataDir('none'),
      async close() {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * The URL without its `options` (`-c name=value …`), and those options followed by JIT off:
 * pg lets the URL's options override the ones given beside it, so they travel together.
 */
export function withJitOff(url: string): { connectionString: string; options: string } {
  try {
    const parsed = new URL(url);
    const given = parsed.searchParams.get('options');
    if (given === null) return { connectionString: url, options: '-c jit=off' };
    parsed.searchParams.delete('options');
    return { connectionString: parsed.toString(), options: `${given} -c jit=off` };
  } catch {
    // Not a URL: pg reads it as it can, with JIT off beside it.
    return { connectionString: url, options: '-c jit=off' };
  }
}

/** For readiness: the database answers. */
export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
