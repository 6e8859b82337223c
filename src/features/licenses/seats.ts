import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared-statements.js';
import { cte, queryRows, withCtes } from '../../db/sql.js';
import { AppError } from '../../lib/errors.js';

/**
 * Takes one seat with a conditional increment: under any concurrency the count can never
 * pass the organization's seats, and the check constraint is the last line of defense.
 */
export async function takeSeat(db: Db, orgId: string, along: readonly SQL[] = [], answer?: SQL): Promise<Record<string, unknown> | null> {
  const [row] = await takeSeats(db, orgId, 1, along, answer);
  return row ?? null;
}

/**
 * Takes `count` seats at once (an import's set-ups): all of them, or none and a refusal.
 * `along`: the caller's writes as CTE definitions (`cte()`, `emailCtes()`), written by the same
 * statement (an acceptance's session and billing event, a set-up's email): one round trip
 * fewer; a refusal rolls them back with the rest.
 */
export async function takeSeats(
  db: Db,
  orgId: string,
  count: number,
  along: readonly SQL[] = [],
  /** A read by key whose row the statement answers with once the seat is taken (a SCIM create's User). */
  answer?: SQL,
): Promise<Record<string, unknown>[]> {
  if (count === 0) return [];
  const seat = sql`update organizations set seats_used = seats_used + ${count} where id = ${orgId} and seats_used + ${count} <= seats returning seats_used`;
  const statement = answer
    ? withCtes([...along, cte('seat', seat)], sql`select a.* from seat left join lateral (${answer}) a on true`)
    : withCtes(along, seat);
  const taken = await queryRows<Record<string, unknown>>(db, prepared(statement));
  if (taken.length === 0) {
    throw new AppError('no_seat', 'This organization has no free seat left. An administrator must free a seat or add seats to the plan.');
  }
  return taken;
}

export async function returnSeat(db: Db, orgId: string): Promise<void> {
  await db.execute(sql`update organizations set seats_used = seats_used - 1 where id = ${orgId} and seats_used > 0`);
}
