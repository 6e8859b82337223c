import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/support/database.js';
import type { Database } from './client.js';
import { pgArray, queryRows } from './sql.js';

describe('array literals', () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ database, drop } = await freshDatabase());
  });
  afterAll(() => drop());

  it('carry every value to the database as it was, quotes, backslashes, separators and nulls included', async () => {
    const values = [
      'plain',
      'a "quoted" word',
      'back\\slash',
      'comma, brace { } and NULL',
      '',
      null,
      'naïve ✓',
      '{"json": "x\\"y"}',
      'NULL',
    ];
    const rows = await queryRows<{ value: string | null }>(
      database.db,
      sql`select u.value from unnest(${pgArray(values)}::text[]) with ordinality as u (value, n) order by u.n`,
    );
    expect(rows.map((row) => row.value)).toEqual(values);
    expect(pgArray([])).toBe('{}');
  });
});
