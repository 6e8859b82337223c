import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { commitWith } from '../../db/commit-with.js';
import { prepared } from '../../db/prepared-statements.js';
import { cte, queryRows, withCtes } from '../../db/sql.js';
import { hasSqlState, NO_SEAT } from '../../db/sql-state.js';
import { AppError } from '../../lib/errors.js';

/** What a statement that takes seats may carry, and how it ends. */
export interface SeatStatement {
  /** The caller's writes as CTE definitions (`cte()`, `emailCtes()`): one round trip fewer; a refusal rolls them back with the rest. */
  readonly along?: readonly SQL[];
  /** A read by key whose row the statement answers with once the seat is taken (a SCIM create's User). */
  readonly answer?: SQL;
  /**
   * The statement is the transaction's last: it is sent with the COMMIT (`commitWith`), so the
   * organization's row, which every acceptance and set-up updates, is held only for the two.
   */
  readonly last?: boolean;
}

/**
 * Takes one seat with a conditional increment: under any concurrency the count can never
 * pass the organization's seats, and the check constraint is the last line of defense.
 */
export async function takeSeat(db: Db, orgId: string, options: SeatStatement = {}): Promise<Record<string, unknown> | null> {
  const [row] = await takeSeats(db, orgId, 1, options);
  return row ?? null;
}

/** Takes `count` seats at once (an import's set-ups): all of them, or none and a refusal. */
export async function takeSeats(db: Db, orgId: string, count: number, options: SeatStatement = {}): Promise<Record<string, unknown>[]> {
  if (count === 0) return [];
  const { along = [], answer, last = false } = options;
  const seat = sql`select take_seats(${orgId}::uuid, ${count}::int) as seats_used`;
  const statement = prepared(
    answer
      ? withCtes([...along, cte('seat', seat)], sql`select a.* from seat left join lateral (${answer}) a on true`)
      : withCtes(along, seat),
  );
  try {
    return last ? await commitWith<Record<string, unknown>>(db, statement) : await queryRows<Record<string, unknown>>(db, statement);
  } catch (error) {
    if (!hasSqlState(error, NO_SEAT)) throw error;
    throw new AppError('no_seat', 'This organization has no free seat left. An administrator must free a seat or add seats to the plan.');
  }
}

export async function returnSeat(db: Db, orgId: string): Promise<void> {
  await db.execute(sql`update organizations set seats_used = seats_used - 1 where id = ${orgId} and seats_used > 0`);
}
