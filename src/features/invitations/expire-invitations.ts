import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';

/**
 * Marks pending invitations past their expiry as `expired` and logs each one.
 * Lists already show them as expired without this (status is computed on read); the sweep
 * makes the stored status and the audit log agree. Safe to run on every instance at once.
 */
export async function expireInvitations(db: Db, batchSize = 1000): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`
    with expired as (
      update invitations set status = 'expired'
      where id in (
        select id from invitations
        where status = 'pending' and expires_at is not null and expires_at <= now()
        order by expires_at limit ${batchSize}
        for update skip locked)
      returning id, org_id, email, expires_at)
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
