import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { type Database, MIGRATIONS_DIR, openDatabase } from '../../src/db/client.js';
import { queryRows } from '../../src/db/sql.js';

/**
 * Starting PGlite and migrating it costs seconds; loading a migrated data directory is
 * several times faster. The first test file builds that template (keyed by the migrations'
 * content) and every later one, in any worker, starts from it.
 */
let template: Blob | undefined;

export async function migratedTemplate(): Promise<Blob> {
  template ??= await readOrBuildTemplate();
  return template;
}

async function readOrBuildTemplate(): Promise<Blob> {
  const hash = createHash('sha256');
  for (const name of readdirSync(MIGRATIONS_DIR).sort()) {
    if (name.endsWith('.sql')) hash.update(name).update(readFileSync(join(MIGRATIONS_DIR, name)));
  }
  const file = join(tmpdir(), `roster-test-template-${hash.digest('hex').slice(0, 16)}.tar`);
  if (!existsSync(file)) {
    const database = await openDatabase({ kind: 'pglite' });
    await database.migrate();
    const dump = await database.dump();
    await database.close();
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  }
  return new Blob([readFileSync(file)]);
}

/**
 * A fresh, migrated database for one test file: PGlite in memory by default, or a new
 * database on the PostgreSQL server named by ROSTER_TEST_DATABASE_URL (CI sets it), dropped
 * afterwards.
 */
export async function freshDatabase(): Promise<{ database: Database; drop: () => Promise<void>; url?: string }> {
  const serverUrl = process.env.ROSTER_TEST_DATABASE_URL;
  if (!serverUrl) return lendPglite();
  const name = `roster_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 60 });
  await database.migrate();
  return {
    database,
    url: url.toString(),
    drop: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/**
 * A fresh database for the calling `describe`, made before its tests and dropped after them:
 * call the returned function inside a test to get it.
 */
export function useFreshDatabase(): () => Database {
  let fresh: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  beforeAll(async () => {
    fresh = await freshDatabase();
  });
  afterAll(() => fresh?.drop());
  return () => {
    if (!fresh) throw new Error('The test database is made before the tests run.');
    return fresh.database;
  };
}

export const onPostgres = (): boolean => Boolean(process.env.ROSTER_TEST_DATABASE_URL);

/**
 * Fills a new Roster data directory with the migrated template, so a process started on it
 * (a test that kills and restarts one) skips migrating from nothing.
 */
export async function migratedDataDir(dataDir: string): Promise<void> {
  const database = await openDatabase({ kind: 'pglite', dataDir, loadDataDir: await migratedTemplate() });
  await database.close();
}

/**
 * In-memory PGlite instances of this worker that a test file has finished with. Starting one
 * from the template costs about 2 s of CPU (PostgreSQL starting up in WebAssembly) and the
 * suites start about seventy; emptying one costs milliseconds. Workers share modules across
 * files (vitest's `isolate: false`), so later files of a worker get these back.
 */
const idle: Database[] = [];

async function lendPglite(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const database = idle.pop() ?? (await openDatabase({ kind: 'pglite', loadDataDir: await migratedTemplate() }));
  await database.migrate();
  let closed = false;
  // A test that closes its database itself ends that instance; the pool only takes back open ones.
  const lent: Database = {
    ...database,
    async close() {
      closed = true;
      await database.close();
    },
  };
  return {
    database: lent,
    async drop() {
      if (closed) return;
      closed = true;
      try {
        await emptyToTemplate(database);
        idle.push(database);
      } catch {
        await database.close();
      }
    },
  };
}

/**
 * Back to the migrated template's state: the migrations insert no rows, so every table of the
 * schema emptied (identities restarted) and the session reset is the template again.
 */
async function emptyToTemplate(database: Database): Promise<void> {
  await database.db.execute(sql`rollback`);
  await database.db.execute(sql`discard all`);
  const tables = await queryRows<{ name: string }>(
    database.db,
    sql`select quote_ident(tablename) as name from pg_tables where schemaname = 'public'`,
  );
  if (tables.length === 0) return;
  await database.db.execute(sql.raw(`truncate ${tables.map((t) => t.name).join(', ')} restart identity cascade`));
}
