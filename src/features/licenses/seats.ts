import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { AppError } from '../../lib/errors.js';

/**
 * Takes one seat with a conditional increment: under any concurrency the count can never
 * pass the organization's seats, and the check constraint is the last line of defense.
 */
export async function takeSeat(db: Db, orgId: string): Promise<void> {
  const taken = await queryRows(
    db,
    sql`update organizations set seats_used = seats_used + 1 where id = ${orgId} and seats_used < seats returning seats_used`,
  );
  if (taken.length === 0) {
    throw new AppError('no_seat', 'This organization has no free seat left. An administrator must free a seat or add seats to the plan.');
  }
}

export async function returnSeat(db: Db, orgId: string): Promise<void> {
  await db.execute(sql`update organizations set seats_used = seats_used - 1 where id = ${orgId} and seats_used > 0`);
}
