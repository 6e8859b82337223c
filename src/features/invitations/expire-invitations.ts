import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';

/**
 * Marks pending invitations past their expiry as `expired` and logs each one.
 * Lists already show them as expired without this (status is computed on read); the sweep
 * makes the stored status, the seats reserved and the audit log agree. Safe to run on every
 * instance at once.
 */
export async function expireInvitations(db: Db, batchSize = 1000): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`
    with lapsed as (
      select id, holds_seat from invitations
      where status = 'pending' and expires_at is not null and expires_at <= now()
      order by expires_at limit ${batchSize}
      for update skip locked)
    , expired as (
      update invitations i set status = 'expired', holds_seat = false
      from lapsed where i.id = lapsed.id
      returning i.id, i.org_id, i.email, i.expires_at, lapsed.holds_seat as held)
    , seats as (
      -- Seats the invitations reserved go back to the bank (R-18).
      update organizations o set seats_used = o.seats_used - r.n
      from (select org_id, count(*)::int as n from expired where held group by org_id) r
      where o.id = r.org_id
      returning 1)
    , logged as (
      insert into audit_log (org_id, actor_account_id, actor_label, action, target_type, target_id, data)
      select org_id, null, 'system', 'invitation.expired', 'invitation', id::text,
             jsonb_build_object('email', email, 'expiredAt', expires_at)
      from expired
      returning 1)
    select count(*)::int as count from logged`,
  );
  return row?.count ?? 0;
}
