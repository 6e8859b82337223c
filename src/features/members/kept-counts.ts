import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared-statements.js';
import { queryRows } from '../../db/sql.js';
import type { MemberStatus } from './schemas.js';

/** The row of the whole organization in member_counts (a team's rows carry its id). */
export const WHOLE_ORG = '00000000-0000-0000-0000-000000000000';

/**
 * The organization's kept count of people in `tallies`, as a scalar subquery: a few rows of
 * member_counts (one per shard), whatever the organization's size.
 */
export const keptTally = (orgId: string, tallies: readonly string[]): SQL => sql`(
  select coalesce(sum(c.n), 0) from member_counts c
    where c.org_id = ${orgId} and c.team_id = ${WHOLE_ORG}::uuid and c.tally in (${sql.raw(tallies.map((tally) => `'${tally}'`).join(', '))}))`;

/** Tallies of invitations, not of people: kept for the whole organization only. */
export const INVITATION_TALLIES = sql.raw(`'invitations_pending', 'invitations_seated'`);

/**
 * The members page's tab counts, for the organization or one team, from the counts the
 * database keeps (decision 0017): a handful of rows, whatever the organization's size. The
 * kept tallies do not know the time, so pending invitations already past their expiry (the
 * sweep marks them within a minute) are found along their index and moved to "expired".
 */
export async function keptStatusCounts(db: Db, orgId: string, team?: string): Promise<Record<MemberStatus, number>> {
  const teamId = team ?? WHOLE_ORG;
  const inTeam = team
    ? sql`and exists (select 1 from team_members tm where tm.org_id = ${orgId} and tm.team_id = ${team} and tm.membership_id = m.id
                      union all select 1 from team_roles r where r.team_id = ${team} and r.membership_id = m.id)`
    : sql``;
  // Prepared: its plan is the same for any organization. The lapsed invitations are asked for in
  // expiry order, so that the one index that holds them in that order serves them whatever the
  // statistics say (not the pending ones' index by address, filtered: see kept_active_and_pending).
  const rows = await queryRows<{ tally: string; n: number }>(
    db,
    prepared(sql`select tally, sum(n)::int as n from member_counts
          where org_id = ${orgId} and team_id = ${teamId} and tally not in (${INVITATION_TALLIES}) group by tally
        union all
        select 'lapsed', count(*)::int from (select from invitations i
          join memberships m on m.id = i.membership_id and m.org_id = i.org_id and m.current_invitation_id = i.id and m.status = 'invited'
          where i.org_id = ${orgId} and i.status = 'pending' and i.expires_at <= now() ${inTeam}
          order by i.expires_at) lapsed`),
  );
  const counts: Record<MemberStatus, number> = { pending: 0, requested: 0, active: 0, cancelled: 0, expired: 0, removed: 0 };
  for (const row of rows) {
    const n = Number(row.n);
    if (row.tally === 'lapsed') {
      counts.pending -= n;
      counts.expired += n;
    } else if (row.tally in counts) counts[row.tally as MemberStatus] += n;
  }
  return counts;
}

/**
 * The seats pending invitations hold (R-18), and the pending invitations holding none, which
 * will each want one on acceptance: kept counts, less the invitations past their expiry that the
 * sweep has not marked yet (those still hold their seat until it does, and want none).
 */
export async function keptInvitationSeats(db: Db, orgId: string): Promise<{ held: number; wanted: number }> {
  const [row] = await queryRows<{ held: number; wanted: number }>(
    db,
    prepared(sql`select coalesce(sum(c.n) filter (where c.tally = 'invitations_seated'), 0)::int as held,
                        (coalesce(sum(c.n) filter (where c.tally = 'invitations_pending'), 0)
                          - coalesce(sum(c.n) filter (where c.tally = 'invitations_seated'), 0)
                          - (select count(*) from invitations i
                              where i.org_id = ${orgId} and i.status = 'pending' and i.expires_at <= now() and not i.holds_seat))::int as wanted
                   from member_counts c
                   where c.org_id = ${orgId} and c.team_id = ${WHOLE_ORG}::uuid and c.tally in (${INVITATION_TALLIES})`),
  );
  return { held: Number(row?.held ?? 0), wanted: Number(row?.wanted ?? 0) };
}

/**
 * People who are or were members (active or removed), less those erased: what SCIM lists as
 * Users. Kept counts, and the erased read along their own index, which only erasures write.
 */
export async function keptMembersNotErased(db: Db, orgId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    prepared(sql`select (coalesce(sum(c.n), 0)
                         - (select count(*) from memberships e where e.org_id = ${orgId} and e.erased_at is not null))::int as n
                   from member_counts c
                   where c.org_id = ${orgId} and c.team_id = ${WHOLE_ORG}::uuid and c.tally in ('active', 'removed')`),
  );
  return Number(row?.n ?? 0);
}

/** People who are not removed, in one team and in the whole organization, as the counts keep them. */
export async function keptPeopleInTeam(db: Db, orgId: string, teamId: string): Promise<{ team: number; org: number }> {
  const [row] = await queryRows<{ team: number; org: number }>(
    db,
    prepared(sql`select coalesce(sum(c.n) filter (where c.team_id = ${teamId}::uuid), 0)::int as team,
                        coalesce(sum(c.n) filter (where c.team_id = ${WHOLE_ORG}::uuid), 0)::int as org
                   from member_counts c
                   where c.org_id = ${orgId} and c.team_id in (${teamId}::uuid, ${WHOLE_ORG}::uuid)
                     and c.tally not in ('removed', ${INVITATION_TALLIES})`),
  );
  return { team: Number(row?.team ?? 0), org: Number(row?.org ?? 0) };
}

/**
 * Active members and pending invitations not past their expiry, for the member cap and the
 * trial plan's limit: kept counts, less the expired invitations the sweep has not marked yet.
 */
export async function keptActiveAndPending(db: Db, orgId: string): Promise<{ active: number; pending: number }> {
  return activeAndPending(db, prepared(sql`select active, pending from kept_active_and_pending(${orgId}::uuid)`));
}

async function activeAndPending(db: Db, query: SQL): Promise<{ active: number; pending: number }> {
  const [row] = await queryRows<{ active: number; pending: number }>(db, query);
  return { active: Number(row?.active ?? 0), pending: Number(row?.pending ?? 0) };
}

export interface CountDrift {
  readonly orgId: string;
  readonly teamId: string;
  readonly tally: string;
  /** Counted from the rows, and as kept. */
  readonly full: number;
  readonly kept: number;
}

/**
 * Compares the kept counts with a full count (of one organization, or all) and adds the
 * difference where they disagree; returns what it found. Safe beside writers: the full count
 * and the kept one are read by one statement, from one snapshot, and the correction is added
 * like any other change, so what commits meanwhile counts itself. Runs are serialized (two at
 * once would correct twice). Rows of zero and rows of organizations that are gone are dropped.
 */
export async function repairKeptCounts(db: Db, orgId: string | null = null): Promise<CountDrift[]> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.execute(sql`select pg_advisory_xact_lock(hashtext('member_counts:repair'))`);
    const drift = await queryRows<{ org_id: string; team_id: string; tally: string; counted: number; kept: number }>(
      t,
      sql`with full_counts as (
            select org_id, team_id, tally, n from full_member_counts(${orgId}::uuid)
          ), kept as (
            select org_id, team_id, tally, sum(n)::int as n from member_counts
             where ${orgId}::uuid is null or org_id = ${orgId}::uuid group by 1, 2, 3
          ), drift as (
            select coalesce(f.org_id, k.org_id) as org_id, coalesce(f.team_id, k.team_id) as team_id, coalesce(f.tally, k.tally) as tally,
                   coalesce(f.n, 0) as counted, coalesce(k.n, 0) as kept
              from full_counts f full join kept k on k.org_id = f.org_id and k.team_id = f.team_id and k.tally = f.tally
             where coalesce(f.n, 0) <> coalesce(k.n, 0)
          ), fixed as (
            insert into member_counts (org_id, team_id, tally, shard, n)
            select org_id, team_id, tally, 0, counted - kept from drift order by 1, 2, 3
            on conflict (org_id, team_id, tally, shard) do update set n = member_counts.n + excluded.n
          )
          select org_id, team_id, tally, counted, kept from drift order by 1, 2, 3`,
    );
    await t.execute(sql`delete from member_counts c where (${orgId}::uuid is null or c.org_id = ${orgId}::uuid)
      and (c.n = 0 or not exists (select 1 from organizations o where o.id = c.org_id))`);
    return drift.map((row) => ({
      orgId: row.org_id,
      teamId: row.team_id,
      tally: row.tally,
      full: Number(row.counted),
      kept: Number(row.kept),
    }));
  });
}

/** The periodic check: repairs any drift, and says so loudly (the task's failure is logged), since drift means a bug. */
export async function checkKeptCounts(db: Db): Promise<void> {
  const drift = await repairKeptCounts(db);
  if (drift.length === 0) return;
  const orgs = new Set(drift.map((d) => d.orgId)).size;
  const sample = drift
    .slice(0, 5)
    .map((d) => `${d.orgId}/${d.teamId === WHOLE_ORG ? 'org' : d.teamId}/${d.tally}: kept ${d.kept}, counted ${d.full}`)
    .join('; ');
  throw new Error(`kept member counts had drifted in ${orgs} organization(s), ${drift.length} tallies, now repaired: ${sample}`);
}
