import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { type Db, MIGRATIONS_DIR } from './client.js';
import { queryRows } from './sql.js';

const expected = (): number => {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
};

/** Ready means: the database answers and every migration this build ships has been applied. */
export async function checkReadiness(db: Db): Promise<void> {
  const [row] = await queryRows<{ applied: number }>(db, sql`select count(*)::int as applied from drizzle.__drizzle_migrations`);
  const applied = row?.applied ?? 0;
  const wanted = expected();
  if (applied < wanted) throw new Error(`${wanted - applied} database migration(s) not applied yet.`);
}
