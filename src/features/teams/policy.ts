import type { Db } from '../../db/client.js';
import type { Role, TeamRole } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { canActOn, PEOPLE_MANAGERS } from '../members/roles.js';
import { actorRole, type OrgActor, requireRole } from '../orgs/org-actor.js';
import { teamIdsInScope } from './place-in-team.js';
import type { TeamMemberRole } from './schemas.js';

/**
 * Who may do what with teams, in one place.
 *
 * - Administrators and the platform operator: everything, everywhere.
 * - User admins and managers: only on the teams where they hold a team role and the teams
 *   below them (their scope). Their organization role says what they may do there: a manager
 *   adds and removes learners; a user admin also assigns managers (never user admins).
 * - Learners: nothing.
 *
 * A team of the organization outside the caller's scope is refused with 403 (it is listed in
 * the tree for orientation, so it is no secret); another organization's team is 404.
 */

/** Where the caller may act: everywhere, or on these teams only. */
export type TeamScope = { readonly all: true } | { readonly all: false; readonly teamIds: ReadonlySet<string> };

const roleName = (role: Role | TeamRole): string => role.replace('_', ' ');
const isAdmin = (actor: OrgActor): boolean => actor.kind === 'operator' || actor.role === 'admin';

/** The tree is shown to the people who organize others: admins, user admins and managers. */
export function authorizeSeeTeams(actor: OrgActor): void {
  requireRole(actor, PEOPLE_MANAGERS, 'see the teams of this organization');
}

/** The caller's scope; refuses learners. */
export async function teamScopeOf(db: Db, actor: OrgActor): Promise<TeamScope> {
  requireRole(actor, PEOPLE_MANAGERS, 'manage teams');
  if (actor.kind === 'operator' || actor.role === 'admin') return { all: true };
  return { all: false, teamIds: new Set(await teamIdsInScope(db, actor.orgId, actor.membershipId)) };
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

/** Creating a team, or moving one, under `parent` (null: at the top level, administrators only). */
export function authorizeParent(scope: TeamScope, parent: { id: string; name: string } | null, what: 'create' | 'move'): void {
  if (scope.all) return;
  const verb = what === 'create' ? 'create teams' : 'move teams';
  if (parent === null) {
    throw new AppError('forbidden', `Only administrators can ${verb} at the top level; pick a parent team you manage.`);
  }
  if (!scope.teamIds.has(parent.id)) {
    throw new AppError('forbidden', `You can only ${verb} under teams you manage; "${parent.name}" is not one of them.`);
  }
}

/**
 * The team roles a caller may hand out: administrators both, user admins `manager` only,
 * managers none (they add learners).
 */
function canGrantTeamRole(actor: OrgActor, role: TeamRole): boolean {
  if (isAdmin(actor)) return true;
  return actor.kind === 'member' && actor.role === 'user_admin' && role === 'manager';
}

const isSelf = (actor: OrgActor, membershipId: string): boolean => actor.kind === 'member' && actor.membershipId === membershipId;

/**
 * Adding a person to a team as a learner, or giving them a team role there. The caller must
 * be able to act on the person's organization role (managers act on learners only), and to
 * grant the team role; a role the person already holds here counts as one being changed.
 */
export function authorizeTeamGrant(
  actor: OrgActor,
  target: { id: string; role: Role },
  role: TeamMemberRole,
  current: TeamRole | null,
): void {
  const mine = actorRole(actor);
  if (role !== 'learner' && !canGrantTeamRole(actor, role)) {
    throw new AppError(
      'role_too_high',
      mine === 'manager'
        ? 'Managers add learners to their teams; ask a user admin or an administrator to assign team roles.'
        : `You cannot make someone ${roleName(role)} of a team: that role is above what yours may grant.`,
    );
  }
  if (!canActOn(mine, target.role)) {
    throw new AppError('forbidden', `You cannot place a ${roleName(target.role)} in a team: that role is above what yours may act on.`);
  }
  if (role === 'learner') return;
  if (current !== null && current !== role && !canGrantTeamRole(actor, current)) {
    throw new AppError('forbidden', `This person is ${roleName(current)} of the team; only an administrator can change that.`);
  }
  if (!isAdmin(actor) && isSelf(actor, target.id)) {
    throw new AppError('forbidden', 'You cannot change your own team role; ask an administrator.');
  }
}

/** Taking a person out of a team: the same rank rule, and a team role they hold must be one the caller could grant. */
export function authorizeTeamRemoval(actor: OrgActor, target: { id: string; role: Role }, current: TeamRole | null): void {
  if (!canActOn(actorRole(actor), target.role)) {
    throw new AppError('forbidden', `You cannot take a ${roleName(target.role)} out of a team: that role is above what yours may act on.`);
  }
  if (current === null) return;
  if (!canGrantTeamRole(actor, current)) {
    throw new AppError(
      'forbidden',
      `This person is ${roleName(current)} of the team; only someone who may assign that role can remove it.`,
    );
  }
  if (!isAdmin(actor) && isSelf(actor, target.id)) {
    throw new AppError('forbidden', 'You cannot remove your own team role; ask an administrator.');
  }
}
