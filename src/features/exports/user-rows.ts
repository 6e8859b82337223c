import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { pgArray, queryRows } from '../../db/sql.js';
import type { Keyset } from '../members/keyset.js';
import { presentMember } from '../members/presenter.js';
import { listMemberRecords, type MemberFilter, type MemberRecord, SORT_PLANS } from '../members/repository.js';

/** One line of the users download, in column order. */
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

export type UserLine = readonly (string | null)[];

/**
 * Rows read per statement: a few MB at most, and 40 statements for 200,000 people. Each
 * statement is planned anew, and under load planning alone took a tenth of a page's time at 2,000.
 */
export const EXPORT_PAGE = 5000;

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
 * The teams each person was placed in (not the public teams above that carry them), and the
 * add-on licenses they hold, for one page of people: two statements per page.
 */
async function extrasOf(db: Db, orgId: string, ids: readonly string[]) {
  const list = pgArray([...ids]);
  const [teams, addOns] = await Promise.all([
    queryRows<{ membership_id: string; team_ids: string[] }>(
      db,
      sql`select membership_id, array_agg(distinct team_id) as team_ids from team_members
          where org_id = ${orgId} and membership_id = any(${list}::uuid[]) and team_id = origin_team_id group by 1`,
    ),
    queryRows<{ membership_id: string; names: string }>(
      db,
      sql`select aa.membership_id, string_agg(l.name, '; ' order by l.name) as names
          from add_on_assignments aa join add_on_licenses l on l.id = aa.add_on_id
          where aa.org_id = ${orgId} and aa.membership_id = any(${list}::uuid[]) group by 1`,
    ),
  ]);
  return {
    teams: new Map(teams.map((row) => [row.membership_id, row.team_ids])),
    addOns: new Map(addOns.map((row) => [row.membership_id, row.names])),
  };
}

export type UserFilter = Omit<MemberFilter, 'after' | 'limit'>;

/**
 * The members view's rows, whole: a keyset walk along the view's own sort and filters, one
 * page per statement, so memory holds a page or two whatever the organization's size, and
 * other requests get the database between statements (PGlite has one connection). The next
 * page is asked for as soon as this one's last key is known, so the database reads it while
 * this one is dressed and written out: the walk costs the slower of the two, not their sum.
 */
export async function* userLines(db: Db, orgId: string, filter: UserFilter): AsyncGenerator<UserLine[]> {
  const paths = await teamPaths(db, orgId);
  const plan = SORT_PLANS[filter.sort];
  const pageAfter = (after: Keyset | null): Promise<MemberRecord[]> => {
    const page = listMemberRecords(db, orgId, { ...filter, after, limit: EXPORT_PAGE });
    // Awaited below; if the reader leaves first, its failure must not go unhandled.
    page.catch(() => undefined);
    return page;
  };
  let next: Promise<MemberRecord[]> | null = pageAfter(null);
  while (next) {
    const records: MemberRecord[] = await next;
    const last = records.at(-1);
    if (!last) return;
    next = records.length < EXPORT_PAGE ? null : pageAfter({ sort: filter.sort, value: plan.cursorValue(last), id: last.id });
    const extras = await extrasOf(
      db,
      orgId,
      records.map((record) => record.id),
    );
    yield records.map((record) => {
      // The same presenter as the view: no profile for people who have not accepted.
      const view = presentMember(record, { withNote: false });
      const teamNames = (extras.teams.get(record.id) ?? [])
        .map((id) => paths.get(id) ?? '')
        .filter((path) => path !== '')
        .sort();
      return [
        view.email,
        view.username,
        view.firstName,
        view.lastName,
        view.status,
        view.role,
        teamNames.join('; '),
        view.invitedAt,
        view.invitedBy,
        view.activatedAt,
        view.removedAt,
        view.lastEmail ? `${view.lastEmail.status} (${view.lastEmail.kind})` : null,
        view.lastEmail?.lastError ?? null,
        extras.addOns.get(record.id) ?? null,
      ];
    });
  }
}
