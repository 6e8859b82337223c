import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared-statements.js';
import { queryRows } from '../../db/sql.js';
import { AppError } from '../../lib/errors.js';

/**
 * Takes one seat with a conditional increment: under any concurrency the count can never
 * pass the organization's seats (R-18), and the check constraint is the last line of defense.
 */
export async function takeSeat(db: Db, orgId: string, along: readonly SQL[] = []): Promise<void> {
  await takeSeats(db, orgId, 1, along);
}

/**
 * Takes `count` seats at once (an import's set-ups): all of them, or none and a refusal.
 * `along`: the caller's writes as CTE definitions (`cte()`, `emailCtes()`), written by the same
 * statement (an acceptance's session and billing event, a set-up's email): one round trip
 * fewer; a refusal rolls them back with the rest.
 */
export async function takeSeats(db: Db, orgId: string, count: number, along: readonly SQL[] = []): Promise<void> {
  if (count === 0) return;
  const before = along.length === 0 ? sql`` : sql`with ${sql.join([...along], sql`, `)} `;
  const taken = await queryRows(
    db,
    prepared(
      sql`${before}update organizations set seats_used = seats_used + ${count} where id = ${orgId} and seats_used + ${count} <= seats returning seats_used`,
    ),
  );
  if (taken.length === 0) {
    throw new AppError('no_seat', 'This organization has no free seat left. An administrator must free a seat or add seats to the plan.');
  }
}

export async function returnSeat(db: Db, orgId: string): Promise<void> {
  await db.execute(sql`update organizations set seats_used = seats_used - 1 where id = ${orgId} and seats_used > 0`);
}
