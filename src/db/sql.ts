import type { SQL } from 'drizzle-orm';
import type { Db } from './client.js';

/** Runs raw SQL and returns its rows; both drivers (pg, PGlite) answer with `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * One Postgres array literal for a single parameter (`${pgArray(ids)}::uuid[]`). Drizzle
 * would spread a JS array into a list of parameters; a literal works the same on both drivers.
 */
export function pgArray(values: readonly (string | null)[]): string {
  return `{${values.map(arrayElement).join(',')}}`;
}

const NEEDS_ESCAPE = /["\\]/;

function arrayElement(value: string | null): string {
  if (value === null) return 'NULL';
  // Most values (ids, addresses, hashes) have nothing to escape: skip the replace for them.
  return NEEDS_ESCAPE.test(value) ? `"${value.replace(/["\\]/g, '\\$&')}"` : `"${value}"`;
}
