import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { pgArray, queryRows } from '../../db/sql.js';
import { AppError } from '../../lib/errors.js';

/**
 * With "reserve a seat at invitation" on, each pending invitation holds a seat from
 * the moment it is sent: `invitations.holds_seat` marks it, `organizations.seats_used`
 * counts it. The seat moves to the member on acceptance, passes to the newer link on a
 * reminder, and returns to the bank when the invitation is cancelled, expires or its
 * person is removed.
 */
export async function reserveSeats(db: Db, orgId: string, count: number): Promise<void> {
  if (count <= 0) return;
  const taken = await queryRows(
    db,
    sql`update organizations set seats_used = seats_used + ${count} where id = ${orgId} and seats_used + ${count} <= seats returning id`,
  );
  if (taken.length === 0) {
    throw new AppError(
      'no_seat',
      `Not enough free seats to reserve ${count} for these invitations. Free seats or add seats to the plan first.`,
    );
  }
}

/** Returns the seats the given invitations hold, if any, and marks them as holding none. */
export async function releaseReservedSeats(db: Db, orgId: string, invitationIds: readonly string[]): Promise<number> {
  if (invitationIds.length === 0) return 0;
  const [row] = await queryRows<{ freed: number }>(
    db,
    sql`with freed as (
          update invitations set holds_seat = false
          where org_id = ${orgId} and id = any(${pgArray([...invitationIds])}::uuid[]) and holds_seat
          returning 1),
        counted as (select count(*)::int as n from freed),
        returned as (
          update organizations set seats_used = seats_used - (select n from counted)
          where id = ${orgId} and (select n from counted) > 0
          returning 1)
        select (select n from counted) as freed`,
  );
  return row?.freed ?? 0;
}

/** The same for every invitation of some memberships (cancellation, removal). */
export async function releaseMembershipReservations(db: Db, orgId: string, membershipIds: readonly string[]): Promise<number> {
  if (membershipIds.length === 0) return 0;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from invitations where org_id = ${orgId} and membership_id = any(${pgArray([...membershipIds])}::uuid[]) and holds_seat`,
  );
  return releaseReservedSeats(
    db,
    orgId,
    rows.map((r) => r.id),
  );
}
