import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { pgArray, queryRows } from '../../db/sql.js';
import type { TeamScope } from '../access/team-scope.js';
import { notFound } from './errors.js';
import { type FilterAttributes, filterToSql } from './filter.js';
import { USER_NAME, UUID, versionOf } from './user-records.js';
import { GROUP_SCHEMA, type Json } from './values.js';
import { assertVersion } from './version.js';

/**
 * SCIM Groups are the organization's teams (decision 0016), at any depth of the tree. Their
 * `members` are the people placed in the team itself (team_members rows whose origin is the
 * team): not those carried up from a team below, which the provider did not put there, and not
 * team roles, which are given in Roster. Only Users are shown (active or removed members, not
 * pending invitations).
 */
export interface GroupRecord {
  readonly id: string;
  readonly name: string;
  readonly created_at: string | Date;
  readonly last_modified: string | Date;
  /** Placement rows of origin this team, and a sum of their hashes: the version follows them without listing them. */
  readonly placed: number;
  readonly digest: string;
}

export interface GroupMember {
  readonly value: string;
  readonly display: string | null;
}

const direct = (team: SQL) => sql`tm.org_id = t.org_id and tm.team_id = ${team} and tm.origin_team_id = ${team}`;

/** What a Groups filter may name. `displayName eq` compares ignoring case, as team names are unique. */
export function groupAttributes(orgId: string): FilterAttributes {
  const member = {
    type: 'reference',
    eq: (value: string) =>
      UUID.test(value)
        ? sql`exists (select 1 from team_members tm where ${direct(sql`t.id`)} and tm.membership_id = ${value}::uuid and tm.org_id = ${orgId})`
        : sql`false`,
  } as const;
  return {
    id: { type: 'string', expr: sql`t.id::text`, caseExact: true },
    displayname: { type: 'string', expr: sql`t.name` },
    members: { type: 'complex', value: member, sub: { value: member } },
    'meta.created': { type: 'dateTime', expr: sql`t.created_at` },
    'meta.lastmodified': { type: 'dateTime', expr: sql`greatest(t.created_at, d.latest)` },
  };
}

export const GROUP_SORT: Readonly<Record<string, SQL>> = {
  id: sql`t.id`,
  displayname: sql`lower(t.name)`,
  'meta.created': sql`t.created_at`,
  'meta.lastmodified': sql`greatest(t.created_at, d.latest)`,
};

const scopeCondition = (scope: TeamScope): SQL => (scope.all ? sql`` : sql` and t.id = any(${pgArray([...scope.teamIds])}::uuid[])`);

// One aggregate per team over its own placements (the primary key's prefix): no list, no join.
const GROUPS = (orgId: string, scope: TeamScope) => sql`teams t
  left join lateral (
    select count(*)::int as placed, coalesce(sum(hashtext(tm.membership_id::text)::bigint), 0)::text as digest,
           max(tm.created_at) as latest
      from team_members tm where ${direct(sql`t.id`)}) d on true
  where t.org_id = ${orgId}${scopeCondition(scope)}`;

const COLUMNS = sql`t.id, t.name, t.created_at, greatest(t.created_at, d.latest) as last_modified, d.placed, d.digest`;

export async function findGroupRecords(
  db: Db,
  orgId: string,
  scope: TeamScope,
  query: { filter?: string | undefined; offset: number; limit: number; orderBy?: SQL; descending?: boolean },
): Promise<GroupRecord[]> {
  const where = query.filter ? sql` and (${filterToSql(query.filter, groupAttributes(orgId))})` : sql``;
  const direction = query.descending ? sql`desc nulls last` : sql`asc nulls last`;
  return queryRows<GroupRecord>(
    db,
    sql`select ${COLUMNS} from ${GROUPS(orgId, scope)}${where}
        order by ${query.orderBy ?? sql`lower(t.name)`} ${direction}, t.id
        limit ${query.limit} offset ${query.offset}`,
  );
}

export async function countGroupRecords(db: Db, orgId: string, scope: TeamScope, filter: string | undefined): Promise<number> {
  const where = filter ? sql` and (${filterToSql(filter, groupAttributes(orgId))})` : sql``;
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${GROUPS(orgId, scope)}${where}`);
  return Number(row?.n ?? 0);
}

export async function findGroupRecord(db: Db, orgId: string, id: string): Promise<GroupRecord | null> {
  if (!UUID.test(id)) return null;
  const [row] = await queryRows<GroupRecord>(db, sql`select ${COLUMNS} from ${GROUPS(orgId, { all: true })} and t.id = ${id}`);
  return row ?? null;
}

/** The members of a page of groups: one statement for the page. */
export async function findGroupMembers(db: Db, orgId: string, teamIds: readonly string[]): Promise<Map<string, GroupMember[]>> {
  const out = new Map<string, GroupMember[]>(teamIds.map((id) => [id, []]));
  if (teamIds.length === 0) return out;
  const rows = await queryRows<{ team_id: string; value: string; display: string | null }>(
    db,
    sql`select tm.team_id, m.id as value, ${USER_NAME} as display
          from team_members tm
          join memberships m on m.id = tm.membership_id and m.org_id = ${orgId}
          left join accounts a on a.id = m.account_id
         where tm.org_id = ${orgId} and tm.team_id = any(${pgArray([...teamIds])}::uuid[]) and tm.origin_team_id = tm.team_id
           and m.status in ('active', 'removed') and m.erased_at is null
         order by tm.team_id, m.id`,
  );
  for (const row of rows) out.get(row.team_id)?.push({ value: row.value, display: row.display });
  return out;
}

/** The ids of the people placed in the team itself (a `replace` of members compares with them). */
export async function directMemberIds(db: Db, orgId: string, teamId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select membership_id as id from team_members where org_id = ${orgId} and team_id = ${teamId} and origin_team_id = ${teamId}`,
  );
  return rows.map((r) => r.id);
}

const iso = (value: string | Date): string => new Date(value).toISOString();

/** Changes when the name or the placements do, whether or not the members are listed. */
export const groupVersion = (row: GroupRecord): string =>
  versionOf({ id: row.id, displayName: row.name, created: iso(row.created_at), placed: row.placed, digest: row.digest });

/** `members` null: left out, as `excludedAttributes=members` asked (they were not read). */
export function presentGroup(row: GroupRecord, members: readonly GroupMember[] | null, baseUrl: string): Json {
  return {
    schemas: [GROUP_SCHEMA],
    id: row.id,
    displayName: row.name,
    ...(members
      ? {
          members: members.map((m) => ({
            value: m.value,
            ...(m.display ? { display: m.display } : {}),
            type: 'User',
            $ref: `${baseUrl}/Users/${m.value}`,
          })),
        }
      : {}),
    meta: {
      resourceType: 'Group',
      created: iso(row.created_at),
      lastModified: iso(row.last_modified),
      location: `${baseUrl}/Groups/${row.id}`,
      version: groupVersion(row),
    },
  };
}

/**
 * The Group a PUT, PATCH or DELETE changes: its team row held (no key update: people can still
 * be added to it elsewhere, but two changes of the Group run one after the other), 404 when
 * gone, 412 on a stale `If-Match`.
 */
export async function lockGroupForChange(db: Db, orgId: string, id: string, ifMatch: string | undefined): Promise<GroupRecord> {
  const locked = UUID.test(id)
    ? await queryRows<{ id: string }>(db, sql`select id from teams where org_id = ${orgId} and id = ${id} for no key update`)
    : [];
  const current = locked.length > 0 ? await findGroupRecord(db, orgId, id) : null;
  if (!current) throw notFound(`The Group ${id}`);
  assertVersion(ifMatch, groupVersion(current));
  return current;
}
