import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';

/**
 * Ends the plans whose renewal date has passed without renewal: everyone but the
 * administrators leaves — access, roles and team places end, seats and add-on licenses go
 * back (non-transferable ones are consumed), billing stops, pending invitations are
 * cancelled, what the leavers owned passes to an administrator — and the log says so. History
 * stays: a person invited again after renewal regains their account. Administrators
 * keep access to arrange the renewal. Idempotent and safe on every instance at once.
 */
export async function endExpiredPlans(db: Db): Promise<number> {
  const due = await queryRows<{ id: string }>(
    db,
    sql`select id from organizations where renewal_date < current_date and plan_ended_at is null order by renewal_date limit 20`,
  );
  let ended = 0;
  for (const { id } of due) {
    if (await db.transaction((tx) => endPlan(tx as unknown as Db, id))) ended += 1;
  }
  return ended;
}

async function endPlan(tx: Db, orgId: string): Promise<boolean> {
  const [org] = await queryRows<{ id: string }>(
    tx,
    sql`select id from organizations where id = ${orgId} and renewal_date < current_date and plan_ended_at is null for update skip locked`,
  );
  if (!org) return false;
  // Set-based for any size of organization: the leavers are listed once, then every table
  // is updated from that list.
  await tx.execute(sql`create temp table plan_leavers (id uuid primary key, status text not null) on commit drop`);
  await tx.execute(sql`
    insert into plan_leavers
    select id, status from memberships
    where org_id = ${orgId} and role <> 'admin' and status in ('active', 'invited')`);
  const [counts] = await queryRows<{ active: number; invited: number }>(
    tx,
    sql`select count(*) filter (where status = 'active')::int as active, count(*) filter (where status = 'invited')::int as invited from plan_leavers`,
  );
  const active = counts?.active ?? 0;
  const invited = counts?.invited ?? 0;
  // Seats go back: the leavers' own, and those their pending invitations reserved.
  await tx.execute(sql`
    update organizations set
      seats_used = greatest(0, seats_used - ${active} - (
        select count(*) from invitations
        where org_id = ${orgId} and holds_seat and membership_id in (select id from plan_leavers))),
      plan_ended_at = now()
    where id = ${orgId}`);
  await tx.execute(sql`
    update invitations set holds_seat = false, status = case when status = 'pending' then 'cancelled' else status end,
      cancelled_at = case when status = 'pending' then now() else cancelled_at end
    where org_id = ${orgId} and membership_id in (select id from plan_leavers) and (status = 'pending' or holds_seat)`);
  await tx.execute(sql`
    insert into billing_events (org_id, membership_id, kind, reason)
    select ${orgId}, id, 'stop', 'plan-expired' from plan_leavers where status = 'active'`);
  await tx.execute(sql`
    with gone as (
      delete from add_on_assignments where org_id = ${orgId} and membership_id in (select id from plan_leavers)
      returning add_on_id),
    released as (select add_on_id, count(*)::int as n from gone group by add_on_id)
    update add_on_licenses a set used = a.used - r.n, consumed = a.consumed + case when a.transferable then 0 else r.n end
    from released r where a.id = r.add_on_id and a.org_id = ${orgId}`);
  await tx.execute(sql`delete from team_roles where org_id = ${orgId} and membership_id in (select id from plan_leavers)`);
  await tx.execute(sql`delete from team_members where org_id = ${orgId} and membership_id in (select id from plan_leavers)`);
  await tx.execute(sql`
    with heir as (
      select id from memberships where org_id = ${orgId} and status = 'active' and role = 'admin'
      order by activated_at asc nulls last, id limit 1)
    , teams_moved as (
      update teams set owner_membership_id = (select id from heir)
      where org_id = ${orgId} and owner_membership_id in (select id from plan_leavers) returning 1)
    update trainings set owner_membership_id = (select id from heir)
    where org_id = ${orgId} and owner_membership_id in (select id from plan_leavers)`);
  await tx.execute(sql`
    update memberships set status = 'removed', removed_at = now()
    where org_id = ${orgId} and id in (select id from plan_leavers)`);
  await tx.execute(sql`
    insert into audit_log (org_id, actor_account_id, actor_label, action, target_type, target_id, data)
    values (${orgId}, null, 'system', 'org.plan_expired', 'organization', ${orgId},
            ${JSON.stringify({ membersRemoved: active, invitationsCancelled: invited })}::jsonb)`);
  return true;
}
