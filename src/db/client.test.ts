import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { onPostgres, useFreshDatabase } from '../../test/support/database.js';
import { openDatabase, withJitOff } from './client.js';
import { queryRows } from './sql.js';

describe('the PostgreSQL pool', () => {
  it('turns JIT off beside the options a URL gives, and alone otherwise', () => {
    expect(withJitOff('postgres://u@h:5432/db')).toEqual({ connectionString: 'postgres://u@h:5432/db', options: '-c jit=off' });
    expect(withJitOff('postgres://u@h/db?sslmode=disable&options=-c%20statement_timeout%3D5000')).toEqual({
      connectionString: 'postgres://u@h/db?sslmode=disable',
      options: '-c statement_timeout=5000 -c jit=off',
    });
    expect(withJitOff('not a url')).toEqual({ connectionString: 'not a url', options: '-c jit=off' });
  });

  const database = useFreshDatabase();
  it.skipIf(!onPostgres())('never compiles a statement with JIT, on any of its connections (PostgreSQL)', async () => {
    const { db } = database();
    // Several at once, so that more than one connection of the pool answers.
    const settings = await Promise.all(
      Array.from({ length: 4 }, () => queryRows<{ jit: string }>(db, sql`select current_setting('jit') as jit, pg_sleep(0.05)`)),
    );
    expect(settings.map((rows) => rows[0]?.jit)).toEqual(['off', 'off', 'off', 'off']);
  });

  it.skipIf(!onPostgres())('keeps the options of the URL as it turns JIT off (PostgreSQL)', async () => {
    const url = new URL(database().kind === 'postgres' ? (process.env.ROSTER_TEST_DATABASE_URL ?? '') : '');
    url.searchParams.set('options', '-c statement_timeout=4321');
    const opened = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 1 });
    try {
      const [row] = await queryRows<{ jit: string; timeout: string }>(
        opened.db,
        sql`select current_setting('jit') as jit, current_setting('statement_timeout') as timeout`,
      );
      expect(row).toEqual({ jit: 'off', timeout: '4321ms' });
    } finally {
      await opened.close();
    }
  });
});
