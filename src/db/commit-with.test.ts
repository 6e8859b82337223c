import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { onPostgres, useFreshDatabase } from '../../test/support/database.js';
import type { Db } from './client.js';
import { commitWith } from './commit-with.js';
import { queryRows } from './sql.js';

describe('commitWith: a transaction last statement and its commit', () => {
  const database = useFreshDatabase();
  const count = async (db: Db, name: string): Promise<number> => {
    const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from commit_with_probe where name = ${name}`);
    return Number(row?.n);
  };
  /** The driver's message: drizzle wraps it in a "Failed query" error of its own. */
  const failure = (promise: Promise<unknown>): Promise<string> =>
    promise.then(
      () => 'no error',
      (error: Error) => (error.cause instanceof Error ? error.cause.message : error.message),
    );
  const setUp = async (): Promise<Db> => {
    const { db } = database();
    await db.execute(sql`create table if not exists commit_with_probe (name text primary key)`);
    return db;
  };

  it('commits both the earlier writes and the last statement, and answers with its rows', async () => {
    const db = await setUp();
    const rows = await db.transaction(async (tx) => {
      await tx.execute(sql`insert into commit_with_probe values ('first')`);
      return commitWith<{ name: string }>(tx as unknown as Db, sql`insert into commit_with_probe values ('last') returning name`);
    });
    expect(rows).toEqual([{ name: 'last' }]);
    expect(await count(db, 'first')).toBe(1);
    expect(await count(db, 'last')).toBe(1);
  });

  it('leaves nothing when the last statement fails, and throws its error', async () => {
    const db = await setUp();
    const message = await failure(
      db.transaction(async (tx) => {
        await tx.execute(sql`insert into commit_with_probe values ('kept-out')`);
        await commitWith(tx as unknown as Db, sql`select 1 / 0`);
      }),
    );
    expect(message).toBe('division by zero');
    expect(await count(db, 'kept-out')).toBe(0);
    // The connection went back to the pool in a usable state.
    const [row] = await queryRows<{ ok: number }>(db, sql`select 1 as ok`);
    expect(row?.ok).toBe(1);
  });

  it.skipIf(!onPostgres())('refuses a statement sent after it, which would run outside the transaction (PostgreSQL)', async () => {
    const db = await setUp();
    const message = await failure(
      db.transaction(async (tx) => {
        await commitWith(tx as unknown as Db, sql`insert into commit_with_probe values ('committed')`);
        await tx.execute(sql`insert into commit_with_probe values ('stray')`);
      }),
    );
    expect(message).toBe('A statement was sent after commitWith() ended its transaction.');
    expect(await count(db, 'committed')).toBe(1);
    expect(await count(db, 'stray')).toBe(0);
    // The next transaction on the pool works as usual.
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into commit_with_probe values ('next')`);
    });
    expect(await count(db, 'next')).toBe(1);
  });
});
