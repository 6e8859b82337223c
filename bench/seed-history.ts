import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/client.js';

/**
 * What the dashboard reads, for an organization seeded by `seedMembers`: each active or
 * removed member gets the invitation they accepted (sent 1 to 100 hours before they joined,
 a billing start when they joined and a stop when removed; one
 * pending invitation in fifty is cancelled, and one member in a hundred has a failed email.
 * Set-based, in one statement per table, so the figures cover the whole organization.
 */
export async function seedHistory(db: Db, orgId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into invitations (org_id, membership_id, email, role, token_hash, status, expires_at, accepted_at, created_at)
      select m.org_id, m.id, m.email, m.role, encode(sha256(convert_to('bench-history:' || m.id::text, 'UTF8')), 'hex'), 'accepted',
        m.activated_at + interval '14 days', m.activated_at,
        m.activated_at - make_interval(hours => 1 + (hashtext(m.id::text) & 127) % 100)
      from memberships m where m.org_id = ${orgId} and m.status in ('active', 'removed') and m.activated_at is not null`);
    await tx.execute(sql`
      update invitations set status = 'cancelled', cancelled_at = created_at + interval '2 days'
      where org_id = ${orgId} and status = 'pending' and (hashtext(id::text) & 63) < 2`);
    await tx.execute(sql`
      insert into billing_events (org_id, membership_id, kind, reason, at)
      select m.org_id, m.id, 'start', 'bench', m.activated_at from memberships m
      where m.org_id = ${orgId} and m.status in ('active', 'removed') and m.activated_at is not null
      union all
      select m.org_id, m.id, 'stop', 'bench', m.removed_at from memberships m
      where m.org_id = ${orgId} and m.status = 'removed' and m.removed_at is not null`);
    await tx.execute(sql`
      insert into emails (org_id, membership_id, kind, to_address, subject, text, status, attempts, last_error, created_at)
      select m.org_id, m.id, 'invitation', m.email, 'Bench', 'Bench', 'failed', 5, '550 no such user', m.created_at
      from memberships m where m.org_id = ${orgId} and m.email is not null and (hashtext(m.id::text) & 127) = 5`);
  });
  // Vacuumed as well as analyzed: in a database that has been running, autovacuum has long
  // marked settled rows all-visible, so the dashboard's counts are index-only scans of its
  // indexes (decision 0018). Fresh from a bulk insert, each would also read every heap page.
  await db.execute(sql`vacuum analyze invitations`);
  await db.execute(sql`vacuum analyze billing_events`);
  await db.execute(sql`vacuum analyze emails`);
  await db.execute(sql`vacuum analyze memberships`);
}
