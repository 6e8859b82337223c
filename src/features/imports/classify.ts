import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Role } from '../../db/schema.js';
import { pgArray, queryRows } from '../../db/sql.js';
import type { PeopleScope } from '../access/people-scope.js';

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

/** A row as the file gave it. */
interface RowData {
  readonly row_number: number;
  readonly email: string | null;
  readonly username: string | null;
  readonly first_name: string | null;
  readonly last_name: string | null;
  readonly team_ids: string[];
  readonly role: Role;
  readonly password_hash: string | null;
}

/** A row not done yet, with its verdict worked out afresh. */
export interface ClassifiedRow extends RowData {
  readonly verdict: Verdict;
  readonly reason: string | null;
  /** The person's membership here, when they have one. */
  readonly membership_id: string | null;
  /** Whether the verdict, reason or membership differ from what the row holds. */
  readonly changed: boolean;
}

/** What the database knows about a row's person, read in one statement. */
interface Facts extends RowData {
  readonly mode: 'invite' | 'setup';
  readonly problem_kind: 'invalid' | 'not_allowed' | null;
  readonly problem: string | null;
  readonly stored_verdict: string | null;
  readonly stored_reason: string | null;
  readonly stored_membership_id: string | null;
  readonly found_id: string | null;
  readonly found_status: 'invited' | 'active' | 'removed' | null;
  readonly found_pending: boolean | null;
  readonly in_scope: boolean | null;
  readonly missing_teams: boolean | null;
  readonly email_taken: boolean | null;
  readonly username_taken: boolean | null;
}

export const REASONS = {
  outsideScope: 'This person is a member outside the teams you manage.',
  joinsTeams: 'Already a member; joins the teams of this row they are not in yet.',
  nothingChanges: 'Already a member; nothing would change.',
  pending: 'A pending invitation exists already; it is left as it is.',
  cameBack: 'This person was in the organization before: invite them instead, and they come back with their own account.',
  addressTaken: 'This address already has an account: invite it instead, so the person confirms by email.',
  usernameTaken: 'This username is already taken: choose another one.',
} as const;

/**
 * Works out the verdict of every row of the range that is not done yet: one statement reads
 * what the organization knows about each row's person, and the rules below decide. The
 * preview runs it over the whole file and saves what changed; the commit runs it again on each
 * chunk, inside the chunk's transaction and under the organization's invitation lock, so what
 * it does matches the state it acts on. Seats go to rows in file order.
 */
export async function classifyRows(tx: Db, r: RowRange, scope: PeopleScope, capacity: Capacity): Promise<ClassifiedRow[]> {
  const facts = await queryRows<Facts>(
    tx,
    sql`
      with r as materialized (
        select * from import_rows r where ${rowsOf(r)} and r.outcome is null
      ),
      -- The person's membership here, by the address typed, by their account's address, or by
      -- their username; an active one wins. Joined for the whole chunk at once, not looked up
      -- row by row: whatever plan statistics that lag behind a running import lead to (they
      -- may put a whole organization where there is none), it reads the organization at most
      -- once per chunk. Looked up per row, a wrong plan read it once per row, while the other
      -- lane kept adding to it: a commit took 190 s.
      candidates as (
        select r.row_number, x.id, x.status, x.current_invitation_id
          from r join memberships x on x.org_id = ${r.orgId} and x.email = r.email
          where r.problem_kind is null and r.email is not null
        union all
        select r.row_number, x.id, x.status, x.current_invitation_id
          from r join accounts a on a.email = r.email
          join memberships x on x.account_id = a.id and x.org_id = ${r.orgId}
          where r.problem_kind is null and r.email is not null
        union all
        select r.row_number, x.id, x.status, x.current_invitation_id
          from r join accounts a on a.username = r.username
          join memberships x on x.account_id = a.id and x.org_id = ${r.orgId}
          where r.problem_kind is null and r.email is null
      ),
      found as (
        select distinct on (c.row_number) c.row_number, c.id, c.status, i.status as inv_status, i.expires_at
          from candidates c
          left join invitations i on i.id = c.current_invitation_id
          order by c.row_number, (c.status = 'active') desc
      )
      select r.row_number, r.email, r.username, r.first_name, r.last_name, r.team_ids, r.role, r.mode, r.password_hash,
        r.problem_kind, r.problem, r.verdict as stored_verdict, r.reason as stored_reason, r.membership_id as stored_membership_id,
        f.id as found_id, f.status as found_status,
        (f.inv_status = 'pending' and (f.expires_at is null or f.expires_at > now())) as found_pending,
        case when f.status = 'active' and ${!scope.all} then exists (
          select 1 from team_members tm
          where tm.org_id = ${r.orgId} and tm.membership_id = f.id and tm.team_id = any(${pgArray(scope.all ? [] : [...scope.teamIds])}::uuid[])
        ) end as in_scope,
        case when f.status = 'active' then exists (
          select 1 from unnest(r.team_ids) t (id)
          where not exists (select 1 from team_members tm where tm.org_id = ${r.orgId} and tm.team_id = t.id and tm.membership_id = f.id)
        ) end as missing_teams,
        case when r.mode = 'setup' and f.id is null and r.email is not null
          then exists (select 1 from accounts a where a.email = r.email) end as email_taken,
        case when r.mode = 'setup' and f.id is null and r.username is not null
          then exists (select 1 from accounts a where a.username = r.username) end as username_taken
      from r
      left join found f on f.row_number = r.row_number
      order by r.row_number`,
  );
  return facts.map((row) => {
    const [verdict, reason, membershipId] = decide(row, scope, capacity);
    return {
      row_number: row.row_number,
      email: row.email,
      username: row.username,
      first_name: row.first_name,
      last_name: row.last_name,
      team_ids: row.team_ids,
      role: row.role,
      password_hash: row.password_hash,
      verdict,
      reason,
      membership_id: membershipId,
      changed: verdict !== row.stored_verdict || reason !== row.stored_reason || membershipId !== row.stored_membership_id,
    };
  });
}

/** The rules, in order: what the row says about itself, then the person's membership, then set-up's limits, then seats. */
function decide(row: Facts, scope: PeopleScope, capacity: Capacity): [Verdict, string | null, string | null] {
  if (row.problem_kind) return [row.problem_kind, row.problem, null];
  const found = row.found_id;
  if (row.found_status === 'active') {
    if (!scope.all && !row.in_scope) return ['not_allowed', REASONS.outsideScope, found];
    // A member named with teams they are not in yet joins them; nothing else about them changes.
    return row.missing_teams ? ['join_teams', REASONS.joinsTeams, found] : ['already_member', REASONS.nothingChanges, found];
  }
  if (row.found_status === 'invited' && row.found_pending) return ['already_invited', REASONS.pending, found];
  // Setting up creates an account: never for someone who was here, nor an address or username someone has.
  if (row.mode === 'setup') {
    if (found) return ['not_allowed', REASONS.cameBack, found];
    if (row.email_taken) return ['not_allowed', REASONS.addressTaken, null];
    if (row.username_taken) return ['not_allowed', REASONS.usernameTaken, null];
  }
  const refusal = capacity.take(row.mode);
  return refusal ? ['not_allowed', refusal, found] : [row.mode, null, found];
}

/** Stores the verdicts that changed (the preview): one statement, none when nothing changed. */
export async function saveVerdicts(tx: Db, range: RowRange, rows: readonly ClassifiedRow[]): Promise<void> {
  const changed = rows.filter((row) => row.changed);
  if (changed.length === 0) return;
  await tx.execute(sql`
    update import_rows r set verdict = u.verdict, reason = u.reason, membership_id = u.membership_id
    from unnest(${pgArray(changed.map((row) => String(row.row_number)))}::int[], ${pgArray(changed.map((row) => row.verdict))}::text[],
                ${pgArray(changed.map((row) => row.reason))}::text[], ${pgArray(changed.map((row) => row.membership_id))}::uuid[])
      as u (row_number, verdict, reason, membership_id)
    where ${rowsOf(range)} and r.row_number = u.row_number`);
}

/**
 * The range's rows of `import_rows r`, for statements that join them to a list: bounded by
 * the range as well as keyed, so that a planner that thinks the import small (statistics taken
 * before its upload) hashes one range's rows, never the whole file's once per chunk.
 */
export const rowsOf = (range: RowRange) => sql`r.import_id = ${range.importId} and r.row_number between ${range.from} and ${range.to}`;
