import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { cursorRows, type TextRow } from '../../db/cursor.js';
import { queryRows } from '../../db/sql.js';
import type { Keyset } from '../members/keyset.js';
import {
  DISPLAY_STATUS,
  filterNeedsInvitation,
  INVITED_BY,
  type MemberFilter,
  memberConditions,
  SORT_PLANS,
} from '../members/repository.js';

/** One line of the users download (R-29), in column order. */
export const USER_COLUMNS = [
  'email',
  'username',
  'first_name',
  'last_name',
  'status',
  'role',
  'teams',
  'invited_at',
  'invited_by',
  'accepted_or_set_up_at',
  'removed_at',
  'last_email',
  'last_email_error',
  'add_on_licenses',
] as const;

export type UserLine = (string | null)[];

/** Where the teams column is: the database sends team ids there, Node puts their paths in. */
const TEAMS = USER_COLUMNS.indexOf('teams');

/**
 * Rows per round trip of the PostgreSQL cursor, and per statement on PGlite (walked in pages
 * so that other requests run in between): a few MB; 1,000, 5,000 and 10,000 measured alike.
 */
export const EXPORT_BATCH = 5000;

export type UserFilter = Omit<MemberFilter, 'after' | 'limit'>;

/** Exact UTC time as text, as the API writes it (milliseconds, "Z"): no Date is made in Node. */
const isoText = (at: SQL) => sql`to_char(${at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The download's columns as text, in USER_COLUMNS order and named as they are (PGlite's rows
 * are objects, read in select-list order), for memberships `m` with their
 * current invitation `i`, account `a`, inviter `ib`, last email `le`, placements `t` and
 * add-ons `ad`. Names, username and the account's address only for people who have accepted
 * (R-6): for the others they never leave the database.
 */
const LINE = sql`
  case when m.status = 'invited' then m.email else coalesce(m.email, a.email) end as email,
  case when m.status = 'invited' then null else a.username end as username,
  case when m.status = 'invited' then null else nullif(a.first_name, '') end as first_name,
  case when m.status = 'invited' then null else nullif(a.last_name, '') end as last_name,
  ${DISPLAY_STATUS} as status,
  m.role::text as role,
  t.team_ids as teams,
  ${isoText(sql`m.invited_at`)} as invited_at,
  ${INVITED_BY} as invited_by,
  ${isoText(sql`m.activated_at`)} as accepted_or_set_up_at,
  ${isoText(sql`m.removed_at`)} as removed_at,
  le.status || ' (' || le.kind || ')' as last_email,
  le.last_error as last_email_error,
  ad.names as add_on_licenses`;

/**
 * The joins LINE reads. The last email, the placements and the add-ons are each one grouped
 * read of the organization's rows for `people` (a condition on `x.membership_id`), joined by
 * hash: a row-by-row lookup for each of them (three subqueries per person) cost twice the
 * database time for a whole organization (decision 0020).
 */
const joins = (orgId: string, people: SQL) => sql`
  left join invitations i on i.id = m.current_invitation_id and i.org_id = m.org_id
  left join accounts a on a.id = m.account_id
  left join accounts ib on ib.id = m.invited_by
  left join (select distinct on (x.membership_id) x.membership_id, x.kind, x.status, x.last_error from emails x
             where x.org_id = ${orgId} and x.membership_id is not null and ${people}
             order by x.membership_id, x.created_at desc nulls last, x.id desc) le on le.membership_id = m.id
  left join (select x.membership_id, string_agg(distinct x.team_id::text, ',') as team_ids from team_members x
             where x.org_id = ${orgId} and x.team_id = x.origin_team_id and ${people} group by 1) t on t.membership_id = m.id
  left join (select x.membership_id, string_agg(l.name, '; ' order by l.name) as names
             from add_on_assignments x join add_on_licenses l on l.id = x.add_on_id
             where x.org_id = ${orgId} and ${people} group by 1) ad on ad.membership_id = m.id`;

/** Every row of the filter in one statement, for a cursor. */
function wholeQuery(orgId: string, filter: UserFilter): SQL {
  const conditions = memberConditions(orgId, { ...filter, after: null });
  return sql`select ${LINE} from memberships m ${joins(orgId, sql`true`)}
    where ${sql.join(conditions, sql` and `)} order by ${SORT_PLANS[filter.sort].order}`;
}

/** One page after `after`: its ids along the sort's index, then its lines, with the next page's key last. */
function pageQuery(orgId: string, filter: UserFilter, after: Keyset | null, limit: number): SQL {
  const plan = SORT_PLANS[filter.sort];
  const conditions = memberConditions(orgId, { ...filter, after });
  const withInvitation = filterNeedsInvitation(filter)
    ? sql`left join invitations i on i.id = m.current_invitation_id and i.org_id = m.org_id`
    : sql``;
  return sql`with page as materialized (
      select m.id from memberships m ${withInvitation} where ${sql.join(conditions, sql` and `)} order by ${plan.order} limit ${limit})
    select ${LINE}, ${plan.key}::text as key, m.id::text as id
    from page join memberships m on m.id = page.id ${joins(orgId, sql`x.membership_id in (select id from page)`)}
    order by ${plan.order}`;
}

/** Every team's path of names from the top ("Sales/EMEA/Paris"), read once per download. */
async function teamPaths(db: Db, orgId: string): Promise<Map<string, string>> {
  const rows = await queryRows<{ id: string; parent_id: string | null; name: string }>(
    db,
    sql`select id, parent_id, name from teams where org_id = ${orgId}`,
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const paths = new Map<string, string>();
  const pathOf = (id: string, depth = 0): string => {
    const known = paths.get(id);
    if (known !== undefined) return known;
    const team = byId.get(id);
    if (!team) return '';
    // The tree has no cycles (a check and the move rule keep it so); the depth bound is a guard.
    const path = team.parent_id && depth < 100 ? `${pathOf(team.parent_id, depth + 1)}/${team.name}` : team.name;
    paths.set(id, path);
    return path;
  };
  for (const id of byId.keys()) pathOf(id);
  return paths;
}

/**
 * The members view's rows, whole, as lines of text: on PostgreSQL one statement read through
 * a cursor; on PGlite a keyset walk along the view's own sort, a page per statement, so
 * other requests get its single connection in between (the next page is asked for as soon as
 * this one's last key is known). Either way memory holds a batch or two.
 */
export async function* userLines(db: Db, orgId: string, filter: UserFilter, batch = EXPORT_BATCH): AsyncGenerator<UserLine[]> {
  const paths = await teamPaths(db, orgId);
  // The teams each person was placed in (not the public teams above that carry them), as paths.
  const withPaths = (rows: TextRow[]): UserLine[] => {
    for (const row of rows) {
      const ids = row[TEAMS];
      if (ids) {
        const names: string[] = [];
        for (const id of ids.split(',')) {
          const path = paths.get(id);
          if (path) names.push(path);
        }
        row[TEAMS] = names.sort().join('; ');
      }
    }
    return rows;
  };
  const cursor = cursorRows(db, wholeQuery(orgId, filter), batch);
  if (cursor) {
    for await (const rows of cursor) yield withPaths(rows);
    return;
  }
  const width = USER_COLUMNS.length;
  const pageAfter = (after: Keyset | null): Promise<TextRow[]> => {
    const page = queryRows<Record<string, string | null>>(db, pageQuery(orgId, filter, after, batch)).then((rows) =>
      rows.map((row) => Object.values(row)),
    );
    // Awaited below; if the reader leaves first, its failure must not go unhandled.
    page.catch(() => undefined);
    return page;
  };
  let next: Promise<TextRow[]> | null = pageAfter(null);
  while (next) {
    const rows: TextRow[] = await next;
    const last = rows.at(-1);
    if (!last) return;
    next = rows.length < batch ? null : pageAfter({ sort: filter.sort, value: last[width] ?? '', id: last[width + 1] ?? '' });
    yield withPaths(rows.map((row) => row.slice(0, width)));
  }
}
