import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { onPostgres, useFreshDatabase } from '../../test/support/database.js';
import type { Db } from './client.js';
import { aheadOfTransaction, pipelined, preparedGeneric } from './prepared-statements.js';
import { queryRows } from './sql.js';

// Only PostgreSQL's pool sends statements ahead of BEGIN; on PGlite callers count before the transaction.
describe.skipIf(!onPostgres())('a statement sent ahead of its transaction’s BEGIN (PostgreSQL)', () => {
  const database = useFreshDatabase();
  const setUp = async (): Promise<Db> => {
    const { db } = database();
    await db.execute(sql`create table if not exists ahead_probe (name text primary key)`);
    await db.execute(sql`truncate ahead_probe`);
    return db;
  };
  const names = async (db: Db): Promise<string[]> =>
    (await queryRows<{ name: string }>(db, sql`select name from ahead_probe order by name`)).map((row) => row.name);

  it('commits on its own, before the transaction, even when the transaction rolls back', async () => {
    const db = await setUp();
    expect(pipelined(db)).toBe(true);
    const failed = await db
      .transaction(async (tx) => {
        const ahead = queryRows<{ name: string }>(
          tx as unknown as Db,
          aheadOfTransaction(sql`insert into ahead_probe values ('ahead') returning name`),
        );
        const [, inside] = await Promise.all([ahead, tx.execute(sql`insert into ahead_probe values ('inside')`)]);
        expect(inside).toBeDefined();
        // The ahead statement ran outside the transaction: its own transaction id is not this one's.
        const [row] = await queryRows<{ own: boolean }>(
          tx as unknown as Db,
          sql`select xmin::text::bigint = txid_current() % 4294967296 as own from ahead_probe where name = 'ahead'`,
        );
        expect(row?.own).toBe(false);
        throw new Error('rolled back on purpose');
      })
      .then(
        () => 'no error',
        (error: Error) => error.message,
      );
    expect(failed).toBe('rolled back on purpose');
    expect(await names(db)).toEqual(['ahead']);
  });

  it('refuses to run ahead when it is not the transaction’s first statement', async () => {
    const db = await setUp();
    const message = await db
      .transaction(async (tx) => {
        await tx.execute(sql`insert into ahead_probe values ('first')`);
        await tx.execute(aheadOfTransaction(sql`insert into ahead_probe values ('late')`));
      })
      .then(
        () => 'no error',
        (error: Error) => (error.cause instanceof Error ? error.cause.message : error.message),
      );
    expect(message).toBe('A statement to run ahead of BEGIN must be its transaction’s first.');
    expect(await names(db)).toEqual([]);
  });

  it('sends nothing for a transaction that ends before its first statement, and the connection stays usable', async () => {
    const db = await setUp();
    const result = await db.transaction(async () => 'nothing done');
    expect(result).toBe('nothing done');
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into ahead_probe values ('after')`);
    });
    expect(await names(db)).toEqual(['after']);
  });
});

describe.skipIf(!onPostgres())('a statement planned once, by its generic plan (PostgreSQL)', () => {
  const database = useFreshDatabase();

  it('is planned generically from its first run, and leaves the connection as it found it, even after a failure', async () => {
    const { db } = database();
    await db.execute(sql`create table if not exists generic_probe (id int primary key, name text)`);
    const insert = (ids: number[]) =>
      preparedGeneric(sql`insert into generic_probe (id, name) select u.id, 'probe' from unnest(${`{${ids.join(',')}}`}::int[]) as u (id)`);
    const plans = await db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      await queryRows(t, insert([1]));
      await queryRows(t, insert([2, 3]));
      return queryRows<{ generic_plans: number; custom_plans: number; mode: string }>(
        t,
        sql`select generic_plans::int, custom_plans::int, current_setting('plan_cache_mode') as mode
            from pg_prepared_statements where statement like '%generic_probe%' and statement like '%unnest%'`,
      );
    });
    expect(plans).toEqual([{ generic_plans: 2, custom_plans: 0, mode: 'auto' }]);

    const failed = await db
      .transaction(async (tx) => {
        await queryRows(tx as unknown as Db, insert([1]));
      })
      .then(
        () => 'no error',
        (error: Error) => (error.cause instanceof Error ? error.cause.message : error.message),
      );
    expect(failed).toMatch(/duplicate key/);
    // Every connection of the pool still plans as usual.
    const modes = await Promise.all(
      Array.from({ length: 4 }, () => queryRows<{ mode: string }>(db, sql`select current_setting('plan_cache_mode') as mode`)),
    );
    expect(modes.flat().map((row) => row.mode)).toEqual(['auto', 'auto', 'auto', 'auto']);
  });
});
