import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared-statements.js';
import { type EmailStatus, type InvitationStatus, type MembershipSource, memberships, type Role } from '../../db/schema.js';
import { queryRows } from '../../db/sql.js';
import { notFound } from '../../lib/errors.js';
import { escapeLike } from '../../lib/like.js';
import { inTeams } from '../access/people-scope.js';
import { keptTally } from './kept-counts.js';
import type { Keyset } from './keyset.js';
import type { MemberSort, MemberStatus } from './schemas.js';

export type MembershipRow = typeof memberships.$inferSelect;
type At = Date | string | null;

/**
 * One row of the members view, as the database computes it. Profile columns (names,
 * username, account) are already null for people who have not accepted (R-6): they never
 * leave the database for those rows.
 */
export interface MemberRecord {
  readonly id: string;
  readonly status: MemberStatus;
  readonly role: Role;
  readonly email: string | null;
  readonly first_name: string | null;
  readonly last_name: string | null;
  readonly username: string | null;
  readonly account_id: string | null;
  readonly invited_at: At;
  readonly invited_by: string | null;
  readonly reminded_at: At;
  readonly reminded_by: string | null;
  readonly activated_at: At;
  readonly removed_at: At;
  readonly note: string | null;
  readonly inv_id: string | null;
  readonly inv_status: InvitationStatus | null;
  readonly inv_expires_at: At;
  readonly mail_kind: string | null;
  readonly mail_status: EmailStatus | null;
  readonly mail_last_error: string | null;
  readonly mail_sent_at: At;
  readonly source: MembershipSource;
  readonly source_id: string | null;
  readonly source_label: string | null;
  /** Sort values of the row, for the next page's cursor. */
  readonly created_key: string;
  readonly email_key: string;
}

/** An invitation `i` that is pending in the database but past its expiry reads as expired. */
export const LAPSED = sql`(i.status = 'pending' and i.expires_at is not null and i.expires_at <= now())`;

/**
 * The status glossary (R-22) from the membership and its current invitation. Used in the
 * select list of page rows and in the grouped counts; filters use `statusCondition`, which
 * says the same thing as plain conditions the indexes can serve.
 */
export const DISPLAY_STATUS = sql`case
  when m.status = 'active' then 'active'
  when m.status = 'removed' then 'removed'
  when i.status = 'accepted' and i.via is not null then 'requested'
  when i.status = 'cancelled' then 'cancelled'
  when i.status = 'expired' or ${LAPSED} then 'expired'
  else 'pending' end`;

export function statusCondition(status: MemberStatus): SQL {
  switch (status) {
    case 'active':
      return sql`m.status = 'active'`;
    case 'removed':
      return sql`m.status = 'removed'`;
    case 'cancelled':
      return sql`(m.status = 'invited' and i.status = 'cancelled')`;
    case 'expired':
      return sql`(m.status = 'invited' and (i.status = 'expired' or ${LAPSED}))`;
    case 'requested':
      // A visitor of a link or join page in "request to join" mode who proved their address:
      // their account is tied to the membership then (`recordJoinRequest`), which puts them in
      // memberships_org_invited_accounts_idx, a few rows where the invited are many.
      return sql`(m.status = 'invited' and m.account_id is not null and i.status = 'accepted' and i.via is not null)`;
    case 'pending':
      // Superseded or accepted current invitations are oddities; they read as pending.
      return sql`(m.status = 'invited' and (i.id is null or i.status = 'superseded' or (i.status = 'accepted' and i.via is null)
        or (i.status = 'pending' and (i.expires_at is null or i.expires_at > now()))))`;
  }
}

/** Exact UTC text with microseconds: a JavaScript Date would round them away and skip rows. */
const CREATED_KEY = sql`to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
/** People set up with a username only have no address; they sort as the empty string. */
const EMAIL_KEY = sql`coalesce(m.email, '')`;

interface SortPlan {
  readonly key: SQL;
  /** How a cursor value is turned back into the key's type. */
  readonly cast: (value: string) => SQL;
  readonly descending: boolean;
  /**
   * Spelled exactly as the index is, nulls included: memberships_org_created_idx is
   * (org_id, created_at desc nulls last, id desc nulls last), and a plain "desc" (nulls
   * first) would not match it, so Postgres would sort the whole organization instead.
   */
  readonly order: SQL;
  readonly cursorValue: (row: MemberRecord) => string;
}

const timestamp = (v: string): SQL => sql`${v}::timestamptz`;
const text = (v: string): SQL => sql`${v}::text`;

export const SORT_PLANS: Record<MemberSort, SortPlan> = {
  '-created': {
    key: sql`m.created_at`,
    cast: timestamp,
    descending: true,
    order: sql`m.created_at desc nulls last, m.id desc nulls last`,
    cursorValue: (r) => r.created_key,
  },
  created: {
    key: sql`m.created_at`,
    cast: timestamp,
    descending: false,
    order: sql`m.created_at asc nulls first, m.id asc nulls first`,
    cursorValue: (r) => r.created_key,
  },
  // For the index (org_id, coalesce(email, ''), id), default order: see the report on indexes.
  email: { key: EMAIL_KEY, cast: text, descending: false, order: sql`${EMAIL_KEY} asc, m.id asc`, cursorValue: (r) => r.email_key },
  '-email': { key: EMAIL_KEY, cast: text, descending: true, order: sql`${EMAIL_KEY} desc, m.id desc`, cursorValue: (r) => r.email_key },
};

/** A row comparison, so the (org_id, key, id) index serves it as a range, not a filter. */
function after(plan: SortPlan, keyset: Keyset): SQL {
  const bound = sql`(${plan.cast(keyset.value)}, ${keyset.id}::uuid)`;
  return plan.descending ? sql`(${plan.key}, m.id) < ${bound}` : sql`(${plan.key}, m.id) > ${bound}`;
}

const likePattern = (q: string): string => `%${escapeLike(q.toLowerCase())}%`;

/**
 * Email, and for people who have accepted also their account's email, username and name.
 * Two id lookups, each served by a trigram index (a fragment search cannot use a btree),
 * rather than one OR across a join, which would read the whole organization. Addresses and
 * usernames are stored lower-cased (R-1). The matches are fetched by key (`= any(array(…))`,
 * and a lateral `limit 1` from an account to its membership), never hashed against a scan
 * of the organization: a rare fragment then costs its few matches (decision 0017).
 */
function searchCondition(orgId: string, q: string): SQL {
  const pattern = likePattern(q);
  return sql`m.id = any(array(
    select s.id from memberships s where s.org_id = ${orgId} and s.email like ${pattern}
    union
    select s.id from accounts a
    cross join lateral (select s.id from memberships s where s.org_id = ${orgId} and s.account_id = a.id and s.status <> 'invited' limit 1) s
    where a.email like ${pattern} or a.username like ${pattern} or lower(a.first_name || ' ' || a.last_name) like ${pattern}))`;
}

/** Who invited the person (their address or username; "operator" when no account did), given the inviter `ib`. */
export const INVITED_BY = sql`case when m.invited_by is not null then coalesce(ib.email, ib.username)
  when m.invited_at is not null and m.source not in ('link', 'join_page') then 'operator' end`;

/**
 * The same test as `searchCondition`, on one row `m` at hand. The account is probed by key, row by
 * row: a scalar subquery, because an `exists` here would be planned as a hash of every matching
 * account in the installation.
 */
function rowMatches(q: string): SQL {
  const pattern = likePattern(q);
  return sql`(m.email like ${pattern} or (m.status <> 'invited' and coalesce((
    select a.email like ${pattern} or a.username like ${pattern} or lower(a.first_name || ' ' || a.last_name) like ${pattern}
    from accounts a where a.id = m.account_id), false)))`;
}

/**
 * Rows a name search reads in the page's order before it gives up on the walk. A fragment
 * that 2.5 % of the rows match fills a page of 50 within them; a rarer one is found through
 * the trigram indexes instead, where it costs its (then fewer than about 5,000) matches.
 */
export const SEARCH_WALK = 2000;

/** Columns of the members view for memberships `m` (from `source`), with the joins they need. */
const view = (source: SQL): SQL => sql`
  select m.id, ${DISPLAY_STATUS} as status, m.role,
    case when m.status = 'invited' then m.email else coalesce(m.email, a.email) end as email,
    case when m.status = 'invited' then null else nullif(a.first_name, '') end as first_name,
    case when m.status = 'invited' then null else nullif(a.last_name, '') end as last_name,
    case when m.status = 'invited' then null else a.username end as username,
    case when m.status = 'invited' then null else m.account_id end as account_id,
    m.invited_at,
    ${INVITED_BY} as invited_by,
    m.reminded_at,
    case when m.reminded_by is not null then coalesce(rb.email, rb.username) when m.reminded_at is not null then 'operator' end as reminded_by,
    m.activated_at, m.removed_at, m.note,
    i.id as inv_id,
    case when ${LAPSED} then 'expired' else i.status end as inv_status,
    i.expires_at as inv_expires_at,
    le.kind as mail_kind, le.status as mail_status, le.last_error as mail_last_error, le.sent_at as mail_sent_at,
    m.source, m.source_id,
    case m.source when 'link' then (select l.label from invite_links l where l.id = m.source_id and l.org_id = m.org_id)
                  when 'import' then (select f.file_name from imports f where f.id = m.source_id and f.org_id = m.org_id) end as source_label,
    ${CREATED_KEY} as created_key, ${EMAIL_KEY} as email_key
  from ${source}
  left join invitations i on i.id = m.current_invitation_id and i.org_id = m.org_id
  left join accounts a on a.id = m.account_id
  left join accounts ib on ib.id = m.invited_by
  left join accounts rb on rb.id = m.reminded_by
  left join lateral (
    select e.kind, e.status, e.last_error, e.sent_at from emails e
    where e.org_id = m.org_id and e.membership_id = m.id
    order by e.created_at desc nulls last, e.id desc limit 1) le on true`;

export interface MemberFilter {
  /** Only people placed in one of these teams (a manager's scope). */
  readonly within?: readonly string[];
  /** Only people placed in this team (the team filter). */
  readonly team?: string;
  readonly status?: MemberStatus;
  readonly role?: Role;
  readonly q?: string;
  /** How they came in (R-36), and which link or import. */
  readonly source?: MembershipSource;
  readonly sourceId?: string;
  readonly sort: MemberSort;
  readonly after: Keyset | null;
  readonly limit: number;
}

/**
 * The view's filters as conditions on memberships `m` (and, for the statuses that need it, the
 * current invitation `i`), the keyset bound included. Shared with the users download.
 */
export function memberConditions(orgId: string, filter: Omit<MemberFilter, 'limit'>): SQL[] {
  const conditions: SQL[] = [sql`m.org_id = ${orgId}`];
  if (filter.status) conditions.push(statusCondition(filter.status));
  // Said twice for a role other than learner: a prepared page's plan is made without the value,
  // and only the written-out `<> 'learner'` lets it use the index of staff roles.
  if (filter.role)
    conditions.push(filter.role === 'learner' ? sql`m.role = 'learner'` : sql`m.role = ${filter.role} and m.role <> 'learner'`);
  if (filter.source) conditions.push(sql`m.source = ${filter.source}`);
  if (filter.sourceId) conditions.push(sql`m.source_id = ${filter.sourceId}::uuid`);
  if (filter.within) conditions.push(inTeams(orgId, filter.within));
  if (filter.team) conditions.push(inTeams(orgId, [filter.team]));
  if (filter.q) conditions.push(searchCondition(orgId, filter.q));
  if (filter.after) conditions.push(after(SORT_PLANS[filter.sort], filter.after));
  return conditions;
}

/** Whether the filter's conditions read the current invitation `i` (statuses other than active and removed). */
export const filterNeedsInvitation = (filter: { readonly status?: MemberStatus }): boolean =>
  filter.status !== undefined && !['active', 'removed'].includes(filter.status);

/**
 * A page's length written into the statement: with a parameter there, PostgreSQL guesses a tenth
 * of the rows and, comparing that guess with the real length, keeps planning a prepared page at
 * every call. A few lengths are ever asked for (a page, a download's batch): a few statements.
 */
function literalLimit(limit: number): SQL {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`memberPageQuery: limit ${limit} is not a positive whole number`);
  return sql.raw(String(limit));
}

/**
 * Tabs of invited people read from their current invitation that may hold a few of many: the
 * invitations' own index finds them (`invitations_org_status_created_idx` for the cancelled,
 * `invitations_org_expiring_idx` for the expired and those past their expiry not swept yet).
 */
const FROM_INVITATIONS: Partial<Record<MemberStatus, SQL>> = {
  cancelled: sql`i.status = 'cancelled'`,
  expired: sql`i.status in ('pending', 'expired') and i.expires_at <= now()`,
};

/** How a tab of `FROM_INVITATIONS` is read: chosen by the kept counts, unless a test says. */
export type TabWay = 'walk' | 'gather' | 'choose';

/** The tabs of invited people, whose kept tallies together count everyone invited. */
const INVITED_TABS: readonly MemberStatus[] = ['pending', 'cancelled', 'expired', 'requested'];

/**
 * Whether a tab holds few enough people to be gathered from their invitations and sorted: a walk
 * of the invited in the page's order reads about limit × invited / tab of them, a gather the tab
 * (and its sort), so it gathers when tab² < limit × invited. From the kept counts.
 */
const fewInTab = (orgId: string, status: MemberStatus, limit: number): SQL =>
  sql`${keptTally(orgId, [status])} ^ 2 < ${literalLimit(limit)} * ${keptTally(orgId, INVITED_TABS)}`;

/**
 * The kept tallies that hold everyone a tab can show: an invitation past its expiry but not yet
 * swept is kept as pending and shown as expired. Each tally is exact, kept in the transaction
 * that changes a person (decision 0017), so tallies at zero mean an empty tab.
 */
const TAB_TALLIES: Record<MemberStatus, readonly MemberStatus[]> = {
  active: ['active'],
  removed: ['removed'],
  requested: ['requested'],
  cancelled: ['cancelled'],
  pending: ['pending'],
  expired: ['expired', 'pending'],
};

/**
 * Whether the tab may hold anyone, from the kept counts: a one-time filter, evaluated before the
 * page reads a row. An empty tab otherwise walked every person its filter starts from (an empty
 * requested tab read each invited person and their invitation: 200,000 after a large import).
 */
const tabMayHoldAnyone = (orgId: string, status: MemberStatus): SQL => sql`${keptTally(orgId, TAB_TALLIES[status])} > 0`;

/**
 * `walk`: rows a name search walks before it turns to the trigram indexes (tests set it small to
 * reach both ways); `tabWay`: how a cancelled or expired tab is read (tests force each way).
 */
export function memberPageQuery(orgId: string, filter: MemberFilter, walk = SEARCH_WALK, tabWay: TabWay = 'choose'): SQL {
  const plan = SORT_PLANS[filter.sort];
  // The search is added below, in whichever of its two ways fits.
  const conditions = memberConditions(orgId, { ...filter, q: undefined });
  const needsInvitation = filterNeedsInvitation(filter);
  const rows = (columns: SQL, extra: SQL[], limit: number): SQL => sql`
    select ${columns} from memberships m
    ${needsInvitation ? sql`left join invitations i on i.id = m.current_invitation_id and i.org_id = m.org_id` : sql``}
    where ${sql.join([...conditions, ...extra], sql` and `)}
    order by ${plan.order}
    limit ${literalLimit(limit)}`;
  let inner = rows(sql`m.id`, filter.q ? [searchCondition(orgId, filter.q)] : [], filter.limit);
  if (filter.q && filter.limit < walk) {
    // A common fragment is found fastest by walking the page's index and testing each row; a
    // rare one along the trigram indexes. The walk goes first, for at most `walk` rows: if it
    // fills the page, or the filters hold fewer rows than it may read, its answer is the answer;
    // otherwise the trigram lookup runs instead (the one-time filters below are evaluated lazily,
    // so only one of the two branches reads anything). A page as long as the walk (a download's)
    // goes straight to the indexes.
    const walked = (columns: SQL): SQL => rows(columns, [], walk);
    inner = sql`
      with hits as materialized (
        select m.id from (${walked(sql`m.id, m.created_at, m.email, m.account_id, m.status`)}) m
        where ${rowMatches(filter.q)} order by ${plan.order} limit ${filter.limit}),
      settled as materialized (
        select (select count(*) from hits) >= ${filter.limit} or (select count(*) from (${walked(sql`1`)}) w) < ${walk} as yes)
      select hits.id from hits where (select yes from settled)
      union all
      select found.id from (${inner}) found where not (select yes from settled)`;
  }
  const fromInvitations = filter.status && !filter.q ? FROM_INVITATIONS[filter.status] : undefined;
  if (filter.status && fromInvitations && tabWay !== 'walk') {
    // The invited people of a tab with few of them, from their invitations: walking the invited
    // in the page's order read every one of them when the tab was empty (10,000 after an
    // import of that many, 200,000 after a large one). Each person looked up by key (lateral).
    const gathered = sql`
      select m.id from invitations i
      cross join lateral (select * from memberships x
                          where x.id = i.membership_id and x.org_id = i.org_id and x.current_invitation_id = i.id limit 1) m
      where i.org_id = ${orgId} and ${fromInvitations} and ${sql.join(conditions, sql` and `)}
      order by ${plan.order}
      limit ${literalLimit(filter.limit)}`;
    // Both ways in one statement, one of them read: its one-time filter is evaluated first.
    inner =
      tabWay === 'gather'
        ? gathered
        : sql`
      with way as materialized (select ${fewInTab(orgId, filter.status, filter.limit)} as gather)
      select walked.id from (${inner}) walked where not (select gather from way)
      union all
      select found.id from (${gathered}) found where (select gather from way)`;
  }
  if (filter.status) inner = sql`select held.id from (${inner}) held where ${tabMayHoldAnyone(orgId, filter.status)}`;
  // Each id looked up through the key (lateral, limit 1): joined plainly, a page of thousands
  // (a download walks 2,000 at a time) is hashed against a scan of the whole table.
  return sql`${view(sql`(${inner}) page cross join lateral (select * from memberships x where x.id = page.id limit 1) m`)} order by ${plan.order}`;
}

/**
 * One page of the members view. The inner query finds the page's ids along an index
 * (org, key, id) and touches invitations and accounts only when a filter needs them; the
 * outer query dresses those few rows (inviter, last email) without re-sorting the org.
 */
export async function listMemberRecords(
  db: Db,
  orgId: string,
  filter: MemberFilter,
  walk = SEARCH_WALK,
  tabWay: TabWay = 'choose',
): Promise<MemberRecord[]> {
  const query = memberPageQuery(orgId, filter, walk, tabWay);
  // Planning the page took more than its run (2.3 of 4 ms of PostgreSQL's time at 200,000
  // members): a page without a search is prepared, its plan the same for any organization (the
  // first rows along the index of its sort, then each row's decoration by key). A search's plan
  // depends on how rare its words are: planned each time.
  return queryRows<MemberRecord>(db, filter.q ? query : prepared(query));
}

export async function findMemberRecord(db: Db, orgId: string, memberId: string): Promise<MemberRecord | null> {
  const [row] = await queryRows<MemberRecord>(db, sql`${view(sql`memberships m`)} where m.org_id = ${orgId} and m.id = ${memberId}`);
  return row ?? null;
}

export async function getMemberRecord(db: Db, orgId: string, memberId: string): Promise<MemberRecord> {
  const row = await findMemberRecord(db, orgId, memberId);
  if (!row) throw notFound('The member');
  return row;
}

/**
 * How many rows of the organization have each status. Active and removed rows are counted
 * from the membership index alone; only invited rows are joined to their invitation, so a
 * large organization is not read twice for every page.
 */
export async function countByStatus(
  db: Db,
  orgId: string,
  filter: { within?: readonly string[]; team?: string } = {},
): Promise<Record<MemberStatus, number>> {
  const scope = sql`${filter.within ? sql`and ${inTeams(orgId, filter.within)}` : sql``} ${filter.team ? sql`and ${inTeams(orgId, [filter.team])}` : sql``}`;
  const rows = await queryRows<{ status: MemberStatus; n: number }>(
    db,
    sql`select m.status, count(*)::int as n from memberships m
          where m.org_id = ${orgId} and m.status in ('active', 'removed') ${scope} group by 1
        union all
        select ${DISPLAY_STATUS}, count(*)::int from memberships m
          left join invitations i on i.id = m.current_invitation_id and i.org_id = m.org_id
          where m.org_id = ${orgId} and m.status = 'invited' ${scope} group by 1`,
  );
  const counts: Record<MemberStatus, number> = { pending: 0, requested: 0, active: 0, cancelled: 0, expired: 0, removed: 0 };
  for (const row of rows) counts[row.status] += Number(row.n);
  return counts;
}

/** Refuses an id that is not a membership of this organization. */
export async function requireMembership(db: Db, orgId: string, memberId: string): Promise<void> {
  const [row] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.id, memberId)))
    .limit(1);
  if (!row) throw notFound('The member');
}

/** The membership, locked for the rest of the transaction; another organization's id is "not found". */
export async function lockMembership(db: Db, orgId: string, memberId: string): Promise<MembershipRow> {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.id, memberId)))
    .for('update')
    .limit(1);
  if (!row) throw notFound('The member');
  return row;
}

/**
 * Serializes changes that could leave an organization without an administrator, then
 * counts the other active admins, locking them so none can be demoted or removed meanwhile.
 */
export async function otherActiveAdmins(db: Db, orgId: string, exceptId: string): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from memberships
        where org_id = ${orgId} and status = 'active' and role = 'admin' and id <> ${exceptId}
        order by id for update`,
  );
  return rows.length;
}

/** Role changes, removals and the last-admin rule of one organization run one at a time. */
export async function lockAdminChanges(db: Db, orgId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`members:${orgId}`}))`);
}
