import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../../test/support/database.js';
import { pgArray, queryRows } from './sql.js';

describe('array literals', () => {
  const database = useFreshDatabase();

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
      database().db,
      sql`select u.value from unnest(${pgArray(values)}::text[]) with ordinality as u (value, n) order by u.n`,
    );
    expect(rows.map((row) => row.value)).toEqual(values);
    expect(pgArray([])).toBe('{}');
  });
});
