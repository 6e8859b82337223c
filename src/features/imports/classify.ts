import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { pgArray, queryRows } from '../../db/sql.js';
import type { PeopleScope } from '../members/scope.js';

/** What a row would do (preview) or is about to do (commit), given the organization's state now. */
export const VERDICTS = ['invite', 'setup', 'join_teams', 'already_invited', 'already_member', 'invalid', 'not_allowed'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface RowRange {
  readonly importId: string;
  readonly orgId: string;
  readonly from: number;
  readonly to: number;
}

/** Hands out seats in row order; returns a refusal sentence for a row that gets none. */
export interface Capacity {
  take(kind: 'invite' | 'setup'): string | null;
}

const range = (r: RowRange) => sql`r.import_id = ${r.importId} and r.row_number between ${r.from} and ${r.to} and r.outcome is null`;

/**
 * Works out the verdict of every row of the range that is not done yet, set-based: a handful
 * of statements whatever the number of rows. The preview runs it over the whole file; the
 * commit runs it again on each chunk, inside the chunk's transaction and under the
 * organization's invitation lock, so what it does matches the state it acts on.
 */
export async function classifyRows(tx: Db, r: RowRange, scope: PeopleScope, capacity: Capacity): Promise<void> {
  // What the row says about itself stands; everything else is worked out afresh.
  await tx.execute(sql`
    update import_rows r set verdict = r.problem_kind, reason = r.problem, membership_id = null
    where ${range(r)}`);

  // The person's membership here, by the address typed, by their account's address, or by
  // their username; an active one wins.
  await tx.execute(sql`
    with found as (
      select r.row_number, m.id, m.status, i.status as inv_status, i.expires_at
      from import_rows r
      cross join lateral (
        select * from (
          select x.id, x.status, x.current_invitation_id from memberships x
            where r.email is not null and x.org_id = ${r.orgId} and x.email = r.email
          union all
          select x.id, x.status, x.current_invitation_id from accounts a join memberships x on x.account_id = a.id and x.org_id = ${r.orgId}
            where r.email is not null and a.email = r.email
          union all
          select x.id, x.status, x.current_invitation_id from accounts a join memberships x on x.account_id = a.id and x.org_id = ${r.orgId}
            where r.email is null and a.username = r.username
        ) candidates
        order by (candidates.status = 'active') desc
        limit 1
      ) m
      left join invitations i on i.id = m.current_invitation_id
      where ${range(r)} and r.verdict is null
    )
    update import_rows r set membership_id = f.id,
      verdict = case
        when f.status = 'active' then 'already_member'
        when f.status = 'invited' and f.inv_status = 'pending' and (f.expires_at is null or f.expires_at > now()) then 'already_invited'
      end,
      reason = case
        when f.status = 'invited' and f.inv_status = 'pending' and (f.expires_at is null or f.expires_at > now())
          then 'A pending invitation exists already; it is left as it is.'
      end
    from found f
    where r.import_id = ${r.importId} and r.row_number = f.row_number`);

  if (!scope.all) {
    await tx.execute(sql`
      update import_rows r set verdict = 'not_allowed', reason = 'This person is a member outside the teams you manage.'
      where ${range(r)} and r.verdict = 'already_member'
        and not exists (select 1 from team_members tm
          where tm.org_id = ${r.orgId} and tm.membership_id = r.membership_id and tm.team_id = any(${pgArray([...scope.teamIds])}::uuid[]))`);
  }
  // A member named with teams they are not in yet joins them; nothing else about them changes.
  await tx.execute(sql`
    update import_rows r set verdict = 'join_teams', reason = 'Already a member; joins the teams of this row they are not in yet.'
    where ${range(r)} and r.verdict = 'already_member'
      and exists (select 1 from unnest(r.team_ids) t(id)
                  where not exists (select 1 from team_members tm
                    where tm.org_id = ${r.orgId} and tm.team_id = t.id and tm.membership_id = r.membership_id))`);
  await tx.execute(sql`
    update import_rows r set reason = 'Already a member; nothing would change.'
    where ${range(r)} and r.verdict = 'already_member'`);

  // Setting up creates an account: never for an address or username someone already has.
  await tx.execute(sql`
    update import_rows r set verdict = 'not_allowed', reason = case
      when r.membership_id is not null
        then 'This person was in the organization before: invite them instead, and they come back with their own account.'
      when r.email is not null and exists (select 1 from accounts a where a.email = r.email)
        then 'This address already has an account: invite it instead, so the person confirms by email.'
      else 'This username is already taken: choose another one.' end
    where ${range(r)} and r.verdict is null and r.mode = 'setup'
      and (r.membership_id is not null
        or (r.email is not null and exists (select 1 from accounts a where a.email = r.email))
        or (r.username is not null and exists (select 1 from accounts a where a.username = r.username)))`);
  await tx.execute(sql`update import_rows r set verdict = r.mode where ${range(r)} and r.verdict is null`);

  // Seats go to rows in file order, as they would to invitations sent one by one.
  const wanting = await queryRows<{ row_number: number; verdict: 'invite' | 'setup' }>(
    tx,
    sql`select r.row_number, r.verdict from import_rows r where ${range(r)} and r.verdict in ('invite', 'setup') order by r.row_number`,
  );
  const refused = new Map<string, number[]>();
  for (const row of wanting) {
    const refusal = capacity.take(row.verdict);
    if (!refusal) continue;
    const list = refused.get(refusal);
    if (list) list.push(row.row_number);
    else refused.set(refusal, [row.row_number]);
  }
  for (const [reason, rows] of refused) {
    await tx.execute(sql`
      update import_rows r set verdict = 'not_allowed', reason = ${reason}
      where ${range(r)} and r.row_number = any(${pgArray(rows.map(String))}::int[])`);
  }
}
