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
  const [rows] = await allAnswered([queryRows<T>(tx, statement), tx.execute(sql.raw(COMMIT_WITH_LAST))]);
  return rows as T[];
}

/**
 * The answers of statements sent together, the last of them with the COMMIT: all are awaited
 * before any outcome is acted on, so that the transaction's own ROLLBACK after a failure finds
 * it ended. Throws the first failure in sending order (the cause; those behind it only found
 * the transaction aborted).
 */
export async function allAnswered(answers: readonly (PromiseLike<unknown> | null)[]): Promise<unknown[]> {
  const outcomes = await Promise.allSettled(answers);
  for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
  return outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : undefined));
}
