import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { pgArray, queryRows } from '../../db/sql.js';
import { notFound } from '../../lib/errors.js';

/**
 * Team placement and team scope, for every feature that puts people into teams (teams,
 * invitations, set-up, imports, links) or needs to know whose teams a person manages.
 * Each function works inside the caller's transaction and is set-based: its cost does not
 * grow with a statement per person or per team.
 */

/** Walks stop here even if the tree were corrupted into a cycle (moves refuse cycles). */
const MAX_DEPTH = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Placement {
  readonly orgId: string;
  readonly membershipIds: readonly string[];
  readonly teamIds: readonly string[];
  /** Set when an invitation places the people, so cancelling it can take them out again (R-10). */
  readonly invitationId?: string | null;
}

/**
 * Adds every membership as a learner to every team (R-17). Each team T gets a row with
 * `origin_team_id = T`; when T is public, so does each ancestor going up, up to and including
 * the first private one (or the root when none is private), all with origin T. Taking a person
 * out of T later deletes exactly the rows of origin T, never those another addition made.
 *
 * The ancestor chains of all the teams are computed once by one recursive CTE, and one
 * INSERT … SELECT crosses them with the memberships: adding 10,000 people to a team six levels
 * deep is a single statement. Re-adding is a no-op (`on conflict do nothing`).
 *
 * Only teams and memberships of `orgId` are placed; ids of another organization (or unknown
 * ones) place nobody. Callers validate user input first with `assertTeamsExist`.
 *
 * Propagation is decided now, at the time of the addition: moving a team or changing its
 * visibility later does not rewrite the rows written here.
 */
export async function placeInTeams(tx: Db, placement: Placement): Promise<void> {
  const invitationId = placement.invitationId ?? null;
  await placeEachInTeams(
    tx,
    placement.orgId,
    placement.membershipIds.map((membershipId) => ({ membershipId, invitationId, teamIds: placement.teamIds })),
  );
}

export interface InvitedPlacement {
  readonly orgId: string;
  readonly teamIds: readonly string[];
  /** Each person with the invitation that places them (null: none). */
  readonly people: readonly { readonly membershipId: string; readonly invitationId: string | null }[];
}

/**
 * placeInTeams for many people who each have their own invitation (a bulk invite): the same
 * rows, still one statement for everyone, each row marked with its person's invitation.
 */
export async function placeInvitedInTeams(tx: Db, placement: InvitedPlacement): Promise<void> {
  await placeEachInTeams(
    tx,
    placement.orgId,
    placement.people.map((person) => ({ ...person, teamIds: placement.teamIds })),
  );
}

export interface PersonPlacement {
  readonly membershipId: string;
  readonly invitationId: string | null;
  readonly teamIds: readonly string[];
}

/**
 * The general form, for people who each go to their own teams (an import's rows): one
 * statement, however many people and teams. A membership listed twice is placed with its
 * first invitation.
 *
 * `fresh`: the caller created every one of these memberships in this transaction, so none is
 * placed anywhere yet and the rows are inserted without the conflict check re-adding needs
 * (a probe of the key and an extra log record for each of an import's 350,000 rows).
 */
export async function placeEachInTeams(
  tx: Db,
  orgId: string,
  people: readonly PersonPlacement[],
  options: { readonly fresh?: boolean } = {},
): Promise<void> {
  const seen = new Set<string>();
  const list = people.filter((person) => {
    if (person.teamIds.length === 0 || seen.has(person.membershipId)) return false;
    seen.add(person.membershipId);
    return true;
  });
  if (list.length === 0) return;
  const membershipIds = pgArray(list.map((p) => p.membershipId));
  // A team named twice for one person is one placement.
  const teamLists = list.map((p) => [...new Set(p.teamIds)].join(','));
  // Sent now, in the order called: an invitation sends its COMMIT right behind it (decision 0027).
  await queryRows(
    tx,
    sql`
    with recursive wanted as (
      select u.membership_id, u.invitation_id, t.team_id
        from unnest(${membershipIds}::uuid[], ${pgArray(list.map((p) => p.invitationId))}::uuid[],
                    ${pgArray(teamLists)}::text[]) as u (membership_id, invitation_id, teams)
        cross join lateral unnest(string_to_array(u.teams, ',')::uuid[]) as t (team_id)
        -- Only this organization's people, each looked up by id, so the cost follows the people
        -- placed, never the size of the organization. (The limit keeps it a lookup: as a
        -- semi-join, with statistics lagging behind an import, the planner read every member.)
        cross join lateral (select 1 from memberships m where m.id = u.membership_id and m.org_id = ${orgId} limit 1) as known
    ),
    chain (origin_id, team_id, visibility, parent_id, steps) as (
      select t.id, t.id, t.visibility, t.parent_id, 0
        from teams t
        where t.org_id = ${orgId} and t.id in (select distinct team_id from wanted)
      union all
      -- Up one level from a public team; a private team (the origin or an ancestor) ends its chain.
      select c.origin_id, p.id, p.visibility, p.parent_id, c.steps + 1
        from chain c
        join teams p on p.id = c.parent_id and p.org_id = ${orgId}
        where c.visibility = 'public' and c.steps < ${MAX_DEPTH}
    )
    insert into team_members (org_id, team_id, membership_id, origin_team_id, invitation_id)
    select ${orgId}::uuid, c.team_id, w.membership_id, c.origin_id, w.invitation_id
      from wanted w
      join (select distinct origin_id, team_id from chain) c on c.origin_id = w.team_id
    ${options.fresh ? sql`` : sql`on conflict do nothing`}`,
  );
}

/**
 * Takes out every placement an invitation made (cancelling it: R-10) and returns how many
 * rows went. The invitation's earlier links, which a reminder superseded, count as the same
 * invitation: rows they made go too, so a reminder never leaves placements behind.
 */
export async function removeInvitationPlacements(tx: Db, orgId: string, invitationId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`
      with recursive links (id, steps) as (
        select i.id, 0 from invitations i where i.org_id = ${orgId} and i.id = ${invitationId}
        union all
        select i.previous_id, l.steps + 1
          from links l join invitations i on i.id = l.id and i.org_id = ${orgId}
          where i.previous_id is not null and l.steps < ${MAX_DEPTH}
      ),
      gone as (
        delete from team_members tm
          where tm.org_id = ${orgId}
            -- Every link of one person shares the membership: its index finds the rows.
            and tm.membership_id = (select i.membership_id from invitations i where i.org_id = ${orgId} and i.id = ${invitationId})
            and tm.invitation_id in (select id from links)
          returning 1
      )
      select count(*)::int as n from gone`,
  );
  return Number(row?.n ?? 0);
}

// The scope of a manager or user admin is worked out by `access/` (one home for authorization).
export { membershipInScope, teamIdsInScope } from '../access/team-scope.js';

/** Refuses with "not found", naming the first missing id, unless every team belongs to the organization. */
export async function assertTeamsExist(tx: Db, orgId: string, teamIds: readonly string[]): Promise<void> {
  const wanted = [...new Set(teamIds)];
  if (wanted.length === 0) return;
  // Text that is not an id (an import's typo, say) is simply a team that does not exist.
  const malformed = wanted.find((id) => !UUID.test(id));
  if (malformed !== undefined) throw notFound(`The team ${malformed}`);
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`select id from teams where org_id = ${orgId} and id = any(${pgArray(wanted)}::uuid[])`,
  );
  const found = new Set(rows.map((row) => row.id));
  const missing = wanted.find((id) => !found.has(id));
  if (missing !== undefined) throw notFound(`The team ${missing}`);
}
