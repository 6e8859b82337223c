import { createHash } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared-statements.js';
import type { ScimProfile } from '../../db/schema.js';
import { pgArray, queryRows } from '../../db/sql.js';
import { parseAddress } from '../../lib/email-address.js';
import { keptMembersNotErased } from '../members/kept-counts.js';
import { notFound } from './errors.js';
import { type FilterAttributes, filterToSql, isEqualityOn } from './filter.js';
import { ENTERPRISE_SCHEMA, type Json, USER_SCHEMA } from './values.js';
import { assertVersion } from './version.js';

/**
 * SCIM Users are the organization's members and former members (R-16): `active` is the
 * membership being active, and a removed member reads `active: false` (history kept, R-19).
 * Pending invitations and erased people are not Users.
 */
export interface UserRecord {
  readonly id: string;
  readonly status: 'active' | 'removed' | 'invited';
  readonly user_name: string;
  readonly email: string | null;
  readonly given_name: string | null;
  readonly family_name: string | null;
  readonly external_id: string | null;
  readonly profile: ScimProfileRow | null;
  readonly created_at: string | Date;
  readonly last_modified: string | Date;
}

type ScimProfileRow = ScimProfile & { readonly employeeNumber?: string | null; readonly department?: string | null };

export const USER_NAME = sql`coalesce(m.scim_profile->>'userName', a.email, a.username, m.email)`;
const EMAIL = sql`coalesce(a.email, m.email)`;
// An account tied from elsewhere shows what the identity provider sent, never its own profile (R-6).
const GIVEN = sql`case when m.scim_profile is not null then m.scim_profile->>'givenName' else a.first_name end`;
const FAMILY = sql`case when m.scim_profile is not null then m.scim_profile->>'familyName' else a.last_name end`;
const LAST_MODIFIED = sql`greatest(m.created_at, m.activated_at, m.removed_at, m.scim_updated_at,
  case when m.scim_profile is null then a.updated_at end)`;

/** userName and email addresses are compared as Roster stores them: folded. */
export function foldUserName(value: string): string {
  const parsed = parseAddress(value);
  return parsed.ok ? parsed.email : value.trim().toLowerCase();
}

/** What a Users filter may name. `userName eq` is three index lookups, not a scan of the organization. */
export function userAttributes(orgId: string): FilterAttributes {
  const emailValue = { type: 'string', expr: EMAIL } as const;
  return {
    id: { type: 'string', expr: sql`m.id::text`, caseExact: true },
    username: {
      type: 'string',
      expr: USER_NAME,
      eq: (value) => {
        const folded = foldUserName(value);
        return sql`m.id in (
          select m1.id from memberships m1 where m1.org_id = ${orgId} and m1.email = ${folded}
          union all
          select m2.id from accounts a2 join memberships m2 on m2.account_id = a2.id and m2.org_id = ${orgId}
          where a2.email = ${folded} or a2.username = ${folded})`;
      },
    },
    externalid: { type: 'string', expr: sql`m.scim_external_id`, caseExact: true },
    active: { type: 'boolean', expr: sql`(m.status = 'active')` },
    'name.givenname': { type: 'string', expr: GIVEN },
    'name.familyname': { type: 'string', expr: FAMILY },
    displayname: { type: 'string', expr: sql`trim(coalesce(${GIVEN}, '') || ' ' || coalesce(${FAMILY}, ''))` },
    emails: {
      type: 'complex',
      value: emailValue,
      sub: { value: emailValue, type: { type: 'string', expr: sql`'work'` }, primary: { type: 'boolean', expr: sql`true` } },
    },
    'meta.created': { type: 'dateTime', expr: sql`m.created_at` },
    'meta.lastmodified': { type: 'dateTime', expr: LAST_MODIFIED },
    'enterprise:employeenumber': { type: 'string', expr: sql`m.scim_profile->>'employeeNumber'` },
    'enterprise:department': { type: 'string', expr: sql`m.scim_profile->>'department'` },
  };
}

export const USER_SORT: Readonly<Record<string, SQL>> = {
  id: sql`m.id`,
  username: sql`lower(${USER_NAME})`,
  externalid: sql`m.scim_external_id`,
  'name.givenname': sql`lower(${GIVEN})`,
  'name.familyname': sql`lower(${FAMILY})`,
  'meta.created': sql`m.created_at`,
  'meta.lastmodified': LAST_MODIFIED,
};

/** What a User shows, from a membership `m` and its account `a`. */
const COLUMNS = sql`m.id, m.status, ${USER_NAME} as user_name, ${EMAIL} as email, ${GIVEN} as given_name, ${FAMILY} as family_name,
          m.scim_external_id as external_id, m.scim_profile as profile, m.created_at, ${LAST_MODIFIED} as last_modified`;

/** Whether membership `alias` is a User: a member now or before, not erased (memberships_org_scim_users_idx holds just these). */
const isUser = (alias: string): SQL => sql.raw(`${alias}.status in ('active', 'removed') and ${alias}.erased_at is null`);

const USERS = (orgId: string) => sql`memberships m left join accounts a on a.id = m.account_id
  where m.org_id = ${orgId} and ${isUser('m')}`;

export async function findUserRecords(
  db: Db,
  orgId: string,
  query: { filter?: string | undefined; offset: number; limit: number; orderBy?: SQL; descending?: boolean; ids?: readonly string[] },
): Promise<UserRecord[]> {
  if (query.filter === undefined && query.orderBy === undefined) {
    return queryRows<UserRecord>(db, usersInIdOrder(orgId, query.offset, query.limit, query.descending === true));
  }
  const where = query.filter ? sql` and (${filterToSql(query.filter, userAttributes(orgId))})` : sql``;
  const order = query.orderBy ?? sql`m.id`;
  const direction = query.descending ? sql`desc nulls last` : sql`asc nulls last`;
  const statement = sql`select ${COLUMNS}
        from ${USERS(orgId)}${where}
        order by ${order} ${direction}, m.id
        limit ${query.limit} offset ${query.offset}`;
  // `userName eq`, sent before every create, is three lookups by key whatever the value: planned
  // once (its planning was 1–2 ms, three times its run). Other filters are planned each time.
  const byKey = query.filter !== undefined && query.orderBy === undefined && isEqualityOn(query.filter, 'username');
  return queryRows<UserRecord>(db, byKey ? prepared(statement) : statement);
}

/**
 * Every User in id order, as identity providers page through them all (startIndex and count):
 * the page's first id is found along memberships_org_scim_users_idx, skipping `offset` entries
 * of the index alone, and then only the page's rows are read. Sorting the organization for
 * each page took 200-240 ms 100,000 people in, so a whole sync grew with the square of its
 * size (decision 0030). Past the end, the first id is null and the page empty.
 */
export function usersInIdOrder(orgId: string, offset: number, limit: number, descending: boolean): SQL {
  const direction = descending ? sql`desc` : sql`asc`;
  return sql`select ${COLUMNS}
        from ${USERS(orgId)}
          and m.id ${descending ? sql`<=` : sql`>=`} (select u.id from memberships u
            where u.org_id = ${orgId} and ${isUser('u')}
            order by u.id ${direction} offset ${offset} limit 1)
        order by m.id ${direction}
        limit ${limit}`;
}

export async function countUserRecords(db: Db, orgId: string, filter: string | undefined): Promise<number> {
  // Every User: from the kept counts, not a count of the organization (30 ms at 190,000).
  if (filter === undefined) return keptMembersNotErased(db, orgId);
  const where = filter ? sql` and (${filterToSql(filter, userAttributes(orgId))})` : sql``;
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${USERS(orgId)}${where}`);
  return Number(row?.n ?? 0);
}

/** One User; `lock` holds the membership until the transaction ends (a change reads, then writes). */
export async function findUserRecord(db: Db, orgId: string, id: string, lock = false): Promise<UserRecord | null> {
  if (!UUID.test(id)) return null;
  // By key: prepared (decision 0022).
  const [row] = await queryRows<UserRecord>(db, prepared(sql`${userRecordQuery(orgId, id)}${lock ? sql` for update of m` : sql``}`));
  return row ?? null;
}

/** One User by id, as a query other statements can carry (a create's seat statement answers with it). */
export function userRecordQuery(orgId: string, id: string): SQL {
  return usersByKey(orgId, sql`array[${id}::uuid]`);
}

/** Users by id, as a query other statements can carry (creates set up together). */
export function userRecordsQuery(orgId: string, ids: readonly string[]): SQL {
  return usersByKey(orgId, sql`${pgArray(ids)}::uuid[]`);
}

/**
 * Users by id, each membership found by its key alone and its organization checked on the row
 * found. These statements are prepared, and a plan made while the tables were small (a new
 * installation's first provisioning) chose the organization's index for `m.org_id = … and
 * m.id = any(…)` and kept it: every create then read the whole organization, 2.8 ms at 7,000
 * members. Inside a lateral with a limit, the key is the only way in.
 */
function usersByKey(orgId: string, ids: SQL): SQL {
  return sql`select ${COLUMNS}
        from unnest(${ids}) as k(id)
        cross join lateral (select * from memberships x where x.id = k.id limit 1) m
        left join accounts a on a.id = m.account_id
        where m.org_id = ${orgId} and m.status in ('active', 'removed') and m.erased_at is null`;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const iso = (value: string | Date): string => new Date(value).toISOString();

/** A weak ETag over what the resource says: it changes exactly when the representation does. */
export function versionOf(resource: Json): string {
  const hash = createHash('sha256').update(JSON.stringify(resource)).digest('base64url').slice(0, 22);
  return `W/"${hash}"`;
}

function userBody(row: UserRecord): Json {
  const given = row.given_name || null;
  const family = row.family_name || null;
  const enterprise = {
    ...(row.profile?.employeeNumber ? { employeeNumber: row.profile.employeeNumber } : {}),
    ...(row.profile?.department ? { department: row.profile.department } : {}),
  };
  const hasEnterprise = Object.keys(enterprise).length > 0;
  return {
    schemas: hasEnterprise ? [USER_SCHEMA, ENTERPRISE_SCHEMA] : [USER_SCHEMA],
    id: row.id,
    ...(row.external_id ? { externalId: row.external_id } : {}),
    userName: row.user_name,
    name: { ...(given ? { givenName: given } : {}), ...(family ? { familyName: family } : {}) },
    ...(given || family ? { displayName: [given, family].filter(Boolean).join(' ') } : {}),
    emails: row.email ? [{ value: row.email, type: 'work', primary: true }] : [],
    active: row.status === 'active',
    ...(hasEnterprise ? { [ENTERPRISE_SCHEMA]: enterprise } : {}),
  };
}

/** The User's version: over what it says and when it last changed, not where it is served. */
export const userVersion = (row: UserRecord): string =>
  versionOf({ ...userBody(row), created: iso(row.created_at), lastModified: iso(row.last_modified) });

export function presentUser(row: UserRecord, baseUrl: string): Json {
  return {
    ...userBody(row),
    meta: {
      resourceType: 'User',
      created: iso(row.created_at),
      lastModified: iso(row.last_modified),
      location: `${baseUrl}/Users/${row.id}`,
      version: userVersion(row),
    },
  };
}

/** The User a PUT or PATCH changes: locked for the transaction, 404 when gone, 412 on a stale `If-Match`. */
export async function lockUserForChange(db: Db, orgId: string, id: string, ifMatch: string | undefined): Promise<UserRecord> {
  const current = await findUserRecord(db, orgId, id, true);
  if (!current) throw notFound(`The User ${id}`);
  assertVersion(ifMatch, userVersion(current));
  return current;
}
