import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { onPostgres, useFreshDatabase } from '../../test/support/database.js';
import { queryRows } from './sql.js';

describe('the PostgreSQL pool', () => {
  const database = useFreshDatabase();
  it.skipIf(!onPostgres())('never compiles a statement with JIT, on any of its connections (PostgreSQL)', async () => {
    const { db } = database();
    // Several at once, so that more than one connection of the pool answers.
    const settings = await Promise.all(
      Array.from({ length: 4 }, () => queryRows<{ jit: string }>(db, sql`select current_setting('jit') as jit, pg_sleep(0.05)`)),
    );
    expect(settings.map((rows) => rows[0]?.jit)).toEqual(['off', 'off', 'off', 'off']);
  });
});
