import { type SQL, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { COMMIT_WITH_LAST, pipelined } from './prepared-statements.js';
import { queryRows } from './sql.js';

/**
 * A transaction's last statement, sent together with its COMMIT in one round trip on
 * PostgreSQL (the pool's clients run in pipeline mode; decision 0023). A statement that takes a
 * lock or updates a row every writer shares then holds it only while it runs and commits, not
 * also while its answer travels to Node and Node, busy with other requests, gets round to the
 * COMMIT. A refusal must therefore be raised by the statement itself: when it fails, PostgreSQL
 * runs the COMMIT behind it as a ROLLBACK, and its error is thrown here.
 *
 * Nothing may follow in the transaction: the client refuses any statement but the COMMIT or
 * ROLLBACK the transaction sends at its end, which it answers without a round trip
 * (`PreparingClient`). On PGlite, where there is
 * no round trip to save, the statement runs alone and the transaction commits as usual.
 */
export async function commitWith<T>(tx: Db, statement: SQL): Promise<T[]> {
  if (!pipelined(tx)) return queryRows<T>(tx, statement);
  // Both answers are awaited before either outcome is acted on, so the transaction's own
  // ROLLBACK after a failure finds it ended.
  const [rows, commit] = await Promise.allSettled([queryRows<T>(tx, statement), tx.execute(sql.raw(COMMIT_WITH_LAST))]);
  if (rows.status === 'rejected') throw rows.reason;
  if (commit.status === 'rejected') throw commit.reason;
  return rows.value;
}
