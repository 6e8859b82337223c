import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { raiseWebhookEvents } from '../audit/raise-events.js';

/**
 * Marks pending invitations past their expiry as `expired` and logs each one.
 * Lists already show them as expired without this (status is computed on read); the sweep
 * makes the stored status, the seats reserved and the audit log agree. Safe to run on every
 * instance at once.
 */
export async function expireInvitations(db: Db, batchSize = 1000): Promise<number> {
  return db.transaction(async (raw) => {
    const tx = raw as unknown as Db;
    const rows = await queryRows<{ org_id: string; id: string; email: string; expires_at: string }>(
      tx,
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
    select org_id, id, email, expires_at from expired`,
    );
    // The same change raises its webhook events, as every audited change does.
    const byOrg = new Map<string, typeof rows>();
    for (const row of rows) byOrg.set(row.org_id, [...(byOrg.get(row.org_id) ?? []), row]);
    for (const [orgId, expired] of byOrg) {
      await raiseWebhookEvents(
        tx,
        { orgId, label: 'system' },
        expired.map((row) => ({
          action: 'invitation.expired',
          targetType: 'invitation',
          targetId: row.id,
          data: { email: row.email, expiredAt: new Date(row.expires_at).toISOString() },
        })),
      );
    }
    return rows.length;
  });
}
