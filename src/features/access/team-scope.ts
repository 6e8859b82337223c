import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { AppError } from '../../lib/errors.js';
import type { OrgActor } from './org-actor.js';
import { authorize } from './permissions.js';

/**
 * Where a caller may act: administrators and the operator everywhere; managers and
 * user admins on the teams where they hold a team role and every team below them; a key below
 * administrator on the teams it was given and every team below them.
 */
export type TeamScope = { readonly all: true } | { readonly all: false; readonly teamIds: ReadonlySet<string> };

/** The teams a scope starts from: a membership's team roles, or a key's teams. */
export type ScopeHolder = { readonly membershipId: string } | { readonly keyId: string };

const roots = (orgId: string, holder: ScopeHolder): SQL =>
  'keyId' in holder
    ? sql`select k.team_id from api_key_teams k where k.org_id = ${orgId} and k.key_id = ${holder.keyId}`
    : sql`select r.team_id from team_roles r where r.org_id = ${orgId} and r.membership_id = ${holder.membershipId}`;

/** The scope as a recursive CTE named `scope (id)`; `union` keeps each team once. */
export const scopeCte = (orgId: string, holder: ScopeHolder): SQL => sql`
  scope (id) as (
    ${roots(orgId, holder)}
    union
    select t.id from teams t join scope s on t.parent_id = s.id where t.org_id = ${orgId}
  )`;

/** The teams a manager, user admin or scoped key acts on: its teams, plus every team below them. */
export async function teamIdsInScope(tx: Db, orgId: string, holder: string | ScopeHolder): Promise<string[]> {
  const of = typeof holder === 'string' ? { membershipId: holder } : holder;
  const rows = await queryRows<{ id: string }>(tx, sql`with recursive ${scopeCte(orgId, of)} select id from scope`);
  return rows.map((row) => row.id);
}

/** Whether the target is placed (as a learner, directly or through a team below) in a team of the actor's scope. */
export async function membershipInScope(tx: Db, orgId: string, actorMembershipId: string, targetMembershipId: string): Promise<boolean> {
  const [row] = await queryRows<{ inside: boolean }>(
    tx,
    sql`with recursive ${scopeCte(orgId, { membershipId: actorMembershipId })}
        select exists (
          select 1 from team_members tm join scope s on s.id = tm.team_id
          where tm.org_id = ${orgId} and tm.membership_id = ${targetMembershipId}
        ) as inside`,
  );
  return row?.inside === true;
}

/** The caller's scope; refuses learners. */
export async function teamScopeOf(db: Db, actor: OrgActor): Promise<TeamScope> {
  authorize(actor, 'teams.manage', 'manage teams');
  if (actor.kind === 'operator' || actor.role === 'admin') return { all: true };
  const holder = actor.kind === 'key' ? { keyId: actor.keyId } : { membershipId: actor.membershipId };
  return { all: false, teamIds: new Set(await teamIdsInScope(db, actor.orgId, holder)) };
}

export const inScope = (scope: TeamScope, teamId: string): boolean => scope.all || scope.teamIds.has(teamId);

/** `what` completes "You can only … teams you manage", e.g. "rename", "add people to". */
export function authorizeTeamAction(scope: TeamScope, team: { id: string; name: string }, what: string): void {
  if (inScope(scope, team.id)) return;
  throw new AppError(
    'forbidden',
    `You can only ${what} teams you manage and the teams below them; "${team.name}" is not one of them. Ask an administrator.`,
  );
}
