import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Db } from './client.js';

const dialect = new PgDialect();

/** A row as the server sent it: every column as text (or null), in select-list order. */
export type TextRow = (string | null)[];

/**
 * One statement read through a server-side cursor, `batch` rows per round trip, on a
 * connection of its own: the database plans and runs the query once, and Node holds one or
 * two batches whatever the result's size. Null on PGlite, whose single connection would be
 * held for the whole read (other requests could not run meanwhile): the caller walks in
 * pages there.
 *
 * Every column comes back as text (`rowMode: 'array'`, no value parsed into a Date or a
 * number): the caller selects text. The next batch is asked for as soon as the current one
 * arrives, so the server produces it while Node works on this one. Leaving the loop early
 * (a reader who went away) closes the cursor and returns the connection.
 */
export function cursorRows(db: Db, query: SQL, batch: number): AsyncGenerator<TextRow[]> | null {
  const pool = (db as unknown as { $client?: unknown }).$client;
  if (!(pool instanceof pg.Pool)) return null;
  return readCursor(pool, query, batch);
}

async function* readCursor(pool: pg.Pool, query: SQL, batch: number): AsyncGenerator<TextRow[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const client = await pool.connect();
  let open = false;
  let failed = false;
  try {
    await client.query('begin read only');
    open = true;
    // JIT is off on every connection of the pool (client.ts): compiling this read took longer
    // than running it (seconds, measured: decision 0020).
    // The final sort of a large organization fits in memory instead of spilling to disk.
    await client.query("set local work_mem = '64MB'");
    await client.query({ text: `declare export_rows no scroll cursor for ${text}`, values: params });
    const fetchNext = () => {
      const fetched = client.query<TextRow>({ text: `fetch ${batch} from export_rows`, rowMode: 'array' });
      // Awaited in the loop; a reader who leaves first must not leave its failure unhandled.
      fetched.catch(() => undefined);
      return fetched;
    };
    let next = fetchNext();
    for (;;) {
      const { rows } = await next;
      const more = rows.length === batch;
      if (more) next = fetchNext();
      if (rows.length > 0) yield rows;
      if (!more) break;
    }
    await client.query('commit');
    open = false;
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // Left early (return) or failed: end the transaction, which closes the cursor. A connection
    // that could not even roll back is not given back to the pool.
    const rolledBack = open
      ? await client.query('rollback').then(
          () => true,
          () => false,
        )
      : true;
    client.release(failed && !rolledBack ? true : undefined);
  }
}
