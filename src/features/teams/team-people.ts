import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared-statements.js';
import type { TeamRole } from '../../db/schema.js';
import { queryRows } from '../../db/sql.js';
import { keptPeopleInTeam } from '../members/kept-counts.js';
import { LAPSED } from '../members/repository.js';
import type { MemberStatus } from '../members/schemas.js';

type At = Date | string | null;

/** A person as a team's member list shows them. Profile columns are null unless they accepted (R-6). */
export interface TeamMemberRecord {
  readonly id: string;
  readonly email: string | null;
  readonly first_name: string | null;
  readonly last_name: string | null;
  readonly status: MemberStatus;
  readonly direct: boolean;
  readonly team_role: TeamRole | null;
  readonly added_at: At;
}

export interface TeamMemberFilter {
  /** The membership id of the last row of the previous page. */
  readonly after: string | null;
  readonly limit: number;
  /** One person only (to show the row just added). */
  readonly membershipId?: string;
}

/**
 * How a page's people are found. `gather`: the team's own rows (its key leads with the
 * organization and team), each person looked up for their address, sorted; its cost grows
 * with the team. `walk`: the organization's people in address order (an index), each tested
 * for a place in the team, until the page is full; its cost grows with how rare the team's
 * people are among the organization's. `walk` reads at most `rows` people, then gives way.
 */
export type PageWay = { readonly kind: 'gather' } | { readonly kind: 'walk'; readonly rows: number };

/**
 * The cheaper way for a page of `limit` rows, from the kept counts of the team and the
 * organization (`team` and `org` people who are not removed). A walked person cost 4.1 µs on
 * PostgreSQL 15 (an index entry, a probe of the team), a gathered one 3.3 µs with the sort. A
 * walk is tried when it expects to read fewer people than half the team (limit × org / team,
 * if the team's people are spread evenly through the alphabet), and reads no more than that:
 * one that falls short and gives way costs at most about 1.6 times the gather alone. A team
 * of half a 200,000-member organization expects to walk about 100; a team of 1,000 there
 * gathers its 1,000.
 */
export function pageWay(team: number, org: number, limit: number): PageWay {
  // A power of two, so that a page's statement comes in a few texts, each prepared once.
  const reach = 2 ** Math.floor(Math.log2(Math.max(team / 2, 1)));
  const expected = Math.ceil((limit * Math.max(org, team)) / Math.max(team, 1));
  return team > limit && expected < reach ? { kind: 'walk', rows: reach } : { kind: 'gather' };
}

/** A page's length, or a walk's reach, written into the statement: a plan for the length asked. */
function literal(n: number): SQL {
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`team people: ${n} is not a positive whole number`);
  return sql.raw(String(n));
}

/**
 * The people in a team, by address: learners placed here (directly or through a team below)
 * and holders of a team role here; removed members are left out. The page's people are found
 * first, the cheaper way for the team's size (`pageWay`), then only they are dressed (name,
 * status, how they are in the team). `way` is for tests, to take one way whatever the counts say.
 */
export async function listTeamMemberRecords(
  db: Db,
  orgId: string,
  teamId: string,
  filter: TeamMemberFilter,
  way?: PageWay,
): Promise<TeamMemberRecord[]> {
  let chosen: PageWay = way ?? { kind: 'gather' };
  if (way === undefined && filter.membershipId === undefined) {
    const sizes = await keptPeopleInTeam(db, orgId, teamId);
    chosen = pageWay(sizes.team, sizes.org, filter.limit);
  }
  const ids = pageIds(orgId, teamId, filter, chosen);
  // Planning took about a third of the statement's time: its plan is the same for any team
  // (the team's rows or the organization's index, then each person looked up by key).
  return queryRows<TeamMemberRecord>(
    db,
    prepared(sql`
      with page as materialized (${ids})
      select m.id,
             case when m.status = 'invited' then m.email else coalesce(m.email, a.email) end as email,
             case when m.status = 'active' then nullif(a.first_name, '') end as first_name,
             case when m.status = 'active' then nullif(a.last_name, '') end as last_name,
             case
               when m.status = 'active' then 'active'
               when i.status = 'cancelled' then 'cancelled'
               when i.status = 'expired' or ${LAPSED} then 'expired'
               else 'pending' end as status,
             -- A team role is held on the team itself: direct, like a placement made here.
             r.role is not null or coalesce(p.here, false) as direct,
             r.role as team_role,
             least(p.added_at, r.created_at) as added_at
        from page
        cross join lateral (select * from memberships x where x.id = page.id and x.org_id = ${orgId} limit 1) m
        -- The person's placements in the team (one per team they were added to, here or below), in one look.
        cross join lateral (select bool_or(tm.origin_team_id = ${teamId}) as here, min(tm.created_at) as added_at from team_members tm
                            where tm.org_id = ${orgId} and tm.team_id = ${teamId} and tm.membership_id = m.id) p
        left join team_roles r on r.team_id = ${teamId} and r.membership_id = m.id and r.org_id = ${orgId}
        left join accounts a on a.id = m.account_id and m.status = 'active'
        left join invitations i on i.id = m.current_invitation_id and i.org_id = m.org_id
        order by coalesce(m.email, ''), m.id`),
  );
}

/** The ids of one page, in address order, found the way chosen. */
function pageIds(orgId: string, teamId: string, filter: TeamMemberFilter, way: PageWay): SQL {
  const limit = literal(filter.limit);
  // Past the previous page's last person, `m`, in address order.
  const after =
    filter.after === null
      ? sql``
      : sql`and (coalesce(m.email, ''), m.id) > (
              select coalesce(c.email, ''), c.id from memberships c where c.org_id = ${orgId} and c.id = ${filter.after})`;
  const one = (column: SQL): SQL => (filter.membershipId === undefined ? sql`` : sql`and ${column} = ${filter.membershipId}`);
  const gather = sql`
    select m.id from (
      select tm.membership_id as id from team_members tm where tm.org_id = ${orgId} and tm.team_id = ${teamId} ${one(sql`tm.membership_id`)}
      union
      select r.membership_id from team_roles r where r.org_id = ${orgId} and r.team_id = ${teamId} ${one(sql`r.membership_id`)}
    ) p
    join memberships m on m.id = p.id and m.org_id = ${orgId}
    where m.status <> 'removed' ${after}
    order by coalesce(m.email, ''), m.id
    limit ${limit}`;
  if (way.kind === 'gather') return gather;
  // Along the index (org, address, id), person by person, until the page is full: the walk is
  // pulled row by row (no sort, no materialized list), so it reads only as far as it must, and
  // at most `rows` people. If it stops short of a full page before the organization ends, the
  // gather runs instead (the one-time filters are evaluated lazily: the walk is counted only
  // then, and only one of the two branches reads the team).
  const reach = literal(way.rows);
  const along = (columns: SQL): SQL => sql`
    select ${columns} from memberships m
    where m.org_id = ${orgId} ${after}
    order by coalesce(m.email, ''), m.id
    limit ${reach}`;
  return sql`
    with hits as materialized (
      select w.id from (${along(sql`m.id, m.status, coalesce(m.email, '') as k`)}) w
      where w.status <> 'removed'
        -- Each person looked up by key (offset 0 keeps PostgreSQL from hashing the whole team
        -- instead, which it prefers when it counts on walking far).
        and (exists (select 1 from team_members tm where tm.org_id = ${orgId} and tm.team_id = ${teamId} and tm.membership_id = w.id offset 0)
             or exists (select 1 from team_roles r where r.team_id = ${teamId} and r.membership_id = w.id and r.org_id = ${orgId} offset 0))
      order by w.k, w.id
      limit ${limit}
    ),
    settled as materialized (
      select (select count(*) from hits) >= ${limit} or (select count(*) from (${along(sql`1`)}) w) < ${reach} as yes
    )
    select hits.id from hits where (select yes from settled)
    union all
    select gathered.id from (${gather}) gathered where not (select yes from settled)`;
}
