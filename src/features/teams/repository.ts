import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type TeamRole, teams } from '../../db/schema.js';
import { queryRows } from '../../db/sql.js';
import { notFound } from '../../lib/errors.js';
import { INVITATION_TALLIES, WHOLE_ORG } from '../members/kept-counts.js';
import type { Visibility } from './schemas.js';

export type TeamRow = typeof teams.$inferSelect;
type At = Date | string | null;

/** Walks stop here even if the tree were corrupted into a cycle. */
const MAX_DEPTH = 1000;

/**
 * Changes to the shape of one organization's tree (create, rename, move, delete) run one at
 * a time: two concurrent moves cannot build a cycle, and a team cannot get a child while it
 * is being deleted.
 */
export async function lockTeamTree(db: Db, orgId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`teams:${orgId}`}))`);
}

/**
 * The team, optionally locked: `update` to change or delete it, `key share` while people are
 * added to or taken out of it (it cannot be deleted meanwhile, and its owner can still be
 * handed over). Another organization's team is "not found".
 */
export async function findTeam(db: Db, orgId: string, teamId: string, lock?: 'update' | 'key share'): Promise<TeamRow> {
  const query = db
    .select()
    .from(teams)
    .where(and(eq(teams.orgId, orgId), eq(teams.id, teamId)))
    .limit(1);
  const [row] = lock ? await query.for(lock) : await query;
  if (!row) throw notFound('The team');
  return row;
}

/** One team of the tree, as the database computes it. */
export interface TeamRecord {
  readonly id: string;
  readonly parent_id: string | null;
  readonly name: string;
  readonly visibility: Visibility;
  readonly owner_membership_id: string | null;
  readonly created_at: At;
  readonly depth: number;
  readonly path: string[];
  readonly member_count: number;
  readonly managers: { memberId: string; email: string | null; role: TeamRole }[];
}

/**
 * The whole tree of an organization as a flat list, parents before children and siblings by
 * name, each with its depth, its path of names from the top, its head count and its managers:
 * one statement (a recursive CTE down from the top-level teams), whatever the number of teams.
 * With `only`, the same for one team (the counts are then computed for that team alone).
 *
 * People are counted once per team, whether they are learners there (directly, or through a
 * team below) or hold a team role there; removed members are not counted.
 */
function treeQuery(orgId: string, only: string | null): SQL {
  const forTeam = (column: SQL): SQL => (only === null ? sql`` : sql`and ${column} = ${only}`);
  return sql`
    with recursive tree (id, parent_id, name, visibility, owner_membership_id, created_at, depth, path, sort_key, ids) as (
      select t.id, t.parent_id, t.name, t.visibility, t.owner_membership_id, t.created_at, 0,
             array[t.name], array[lower(t.name)], array[t.id]
        from teams t
        where t.org_id = ${orgId} and t.parent_id is null
      union all
      select c.id, c.parent_id, c.name, c.visibility, c.owner_membership_id, c.created_at, tree.depth + 1,
             tree.path || c.name, tree.sort_key || lower(c.name), tree.ids || c.id
        from tree
        join teams c on c.parent_id = tree.id and c.org_id = ${orgId}
        where c.id <> all(tree.ids) and tree.depth < ${MAX_DEPTH}
    ),
    counts as (
      -- Kept as people come and go (decision 0017): a few rows per team, not its people.
      select c.team_id, sum(c.n)::int as n
        from member_counts c
        where c.org_id = ${orgId} and c.team_id <> ${WHOLE_ORG}::uuid and c.tally not in ('removed', ${INVITATION_TALLIES}) ${forTeam(sql`c.team_id`)}
        group by c.team_id
    ),
    managers as (
      select r.team_id,
             json_agg(json_build_object('memberId', m.id, 'email', m.email, 'role', r.role) order by coalesce(m.email, ''), m.id) as list
        from team_roles r
        join memberships m on m.id = r.membership_id and m.org_id = ${orgId} and m.status <> 'removed'
        where r.org_id = ${orgId} ${forTeam(sql`r.team_id`)}
        group by r.team_id
    )
    select tree.id, tree.parent_id, tree.name, tree.visibility, tree.owner_membership_id, tree.created_at, tree.depth,
           to_json(tree.path) as path,
           coalesce(counts.n, 0) as member_count,
           coalesce(managers.list, '[]'::json) as managers
      from tree
      left join counts on counts.team_id = tree.id
      left join managers on managers.team_id = tree.id
      ${only === null ? sql`` : sql`where tree.id = ${only}`}
      order by tree.sort_key`;
}

export async function listTeamRecords(db: Db, orgId: string): Promise<TeamRecord[]> {
  return queryRows<TeamRecord>(db, treeQuery(orgId, null));
}

export async function getTeamRecord(db: Db, orgId: string, teamId: string): Promise<TeamRecord> {
  const [row] = await queryRows<TeamRecord>(db, treeQuery(orgId, teamId));
  if (!row) throw notFound('The team');
  return row;
}

/** Whether `candidate` is the team itself or sits anywhere below it: walks up from the candidate. */
export async function isSelfOrBelow(db: Db, orgId: string, teamId: string, candidate: string): Promise<boolean> {
  const [row] = await queryRows<{ inside: boolean }>(
    db,
    sql`with recursive up (id, parent_id) as (
          select t.id, t.parent_id from teams t where t.org_id = ${orgId} and t.id = ${candidate}
          union
          select p.id, p.parent_id from up join teams p on p.id = up.parent_id and p.org_id = ${orgId}
        )
        select exists (select 1 from up where id = ${teamId}) as inside`,
  );
  return row?.inside === true;
}

/** What keeps a team from being deleted: teams inside it, people in it (as the tree counts them), trainings on it. */
export async function teamContents(db: Db, orgId: string, teamId: string): Promise<{ teams: number; people: number; trainings: number }> {
  const [row] = await queryRows<{ teams: number; people: number; trainings: number }>(
    db,
    sql`select
          (select count(*)::int from teams t where t.org_id = ${orgId} and t.parent_id = ${teamId}) as teams,
          (select count(*)::int from (
             select tm.membership_id from team_members tm where tm.org_id = ${orgId} and tm.team_id = ${teamId}
             union
             select r.membership_id from team_roles r where r.org_id = ${orgId} and r.team_id = ${teamId}
           ) p join memberships m on m.id = p.membership_id and m.status <> 'removed') as people,
          (select count(*)::int from trainings tr where tr.org_id = ${orgId} and tr.team_id = ${teamId}) as trainings`,
  );
  return { teams: Number(row?.teams ?? 0), people: Number(row?.people ?? 0), trainings: Number(row?.trainings ?? 0) };
}

/** The team role a person holds on this very team, if any. */
export async function teamRoleOf(db: Db, orgId: string, teamId: string, membershipId: string): Promise<TeamRole | null> {
  const [row] = await queryRows<{ role: TeamRole }>(
    db,
    sql`select role from team_roles where org_id = ${orgId} and team_id = ${teamId} and membership_id = ${membershipId}`,
  );
  return row?.role ?? null;
}

/** Whether the person was added to this team itself (a row of origin this team exists). */
export async function isPlacedDirectly(db: Db, orgId: string, teamId: string, membershipId: string): Promise<boolean> {
  const [row] = await queryRows<{ direct: boolean }>(
    db,
    sql`select exists (
          select 1 from team_members
          where org_id = ${orgId} and team_id = ${teamId} and membership_id = ${membershipId} and origin_team_id = ${teamId}
        ) as direct`,
  );
  return row?.direct === true;
}

/** Whether a write failed on the unique sibling name (`teams_sibling_name_key`); the error may be wrapped by the driver layer. */
export function isSiblingNameConflict(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const { code, constraint } = current as { code?: unknown; constraint?: unknown };
    if (code === '23505') return constraint === undefined || constraint === 'teams_sibling_name_key';
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export interface MemberTeamRecord {
  readonly team_id: string;
  readonly team_role: TeamRole | null;
  readonly direct: boolean;
}

/**
 * One person's teams: where they are placed as a learner (`direct` when added to the team
 * itself, not only to a team below it) and where they hold a team role (always direct).
 */
export async function listMemberTeamRecords(db: Db, orgId: string, membershipId: string): Promise<MemberTeamRecord[]> {
  return queryRows<MemberTeamRecord>(
    db,
    sql`
      with placed as (
        select tm.team_id, bool_or(tm.origin_team_id = tm.team_id) as direct
          from team_members tm
          where tm.org_id = ${orgId} and tm.membership_id = ${membershipId}
          group by tm.team_id
      ),
      roles as (
        select r.team_id, r.role from team_roles r where r.org_id = ${orgId} and r.membership_id = ${membershipId}
      )
      select coalesce(placed.team_id, roles.team_id) as team_id, roles.role as team_role,
             coalesce(placed.direct, false) or roles.role is not null as direct
        from placed full join roles on roles.team_id = placed.team_id`,
  );
}
