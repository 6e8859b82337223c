import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { onPostgres, useFreshDatabase } from '../../test/support/database.js';
import { nameFor } from './prepared-statements.js';
import { queryRows } from './sql.js';

describe('prepared statements', () => {
  it('names a text from its second sighting on, always the same name', () => {
    const text = `select $1::int as n -- ${Math.random()}`;
    expect(nameFor(text)).toBeUndefined();
    const name = nameFor(text);
    expect(name).toMatch(/^r_[\w-]{20}$/);
    expect(nameFor(text)).toBe(name);
    expect(nameFor(`${text} `)).toBeUndefined();
  });

  const database = useFreshDatabase();
  it.skipIf(!onPostgres())('prepares a repeated statement on the connection and answers it right each time (PostgreSQL)', async () => {
    const { db } = database();
    const marker = `prepared-${Date.now()}`;
    const answers: number[] = [];
    await db.transaction(async (tx) => {
      for (let i = 0; i < 8; i++) {
        const [row] = await queryRows<{ n: number }>(tx, sql`select ${i}::int + 1 as n, ${marker}::text as marker`);
        answers.push(Number(row?.n));
      }
      const prepared = await queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from pg_prepared_statements where statement like '%as marker'`,
      );
      expect(prepared[0]?.n).toBe(1);
    });
    expect(answers).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
