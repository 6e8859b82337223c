import type { Role, TeamRole } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { allows } from '../access/abilities.js';
import { actorRole, isAdmin, isSelf, type OrgActor } from '../access/org-actor.js';
import { authorize } from '../access/permissions.js';
import { canActOn, roleName } from '../access/roles.js';
import { authorizeTeamAction, type TeamScope } from '../access/team-scope.js';
import type { TeamMemberRole } from './schemas.js';

// The team scope is worked out in `access/`; re-exported for the team use cases.
export { authorizeTeamAction, inScope, type TeamScope, teamScopeOf } from '../access/team-scope.js';

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

/** The tree is shown to the people who organize others: admins, user admins and managers. */
export function authorizeSeeTeams(actor: OrgActor): void {
  authorize(actor, 'teams.view', 'see the teams of this organization');
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
  return actor.kind !== 'operator' && actor.role === 'user_admin' && role === 'manager';
}

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

/** What the caller may do with one team, from the checks above (`can` in team responses). */
export interface TeamAbilities {
  readonly seePeople: boolean;
  readonly addPeople: boolean;
  /** Assign managers and user admins to the team. */
  readonly manage: boolean;
  readonly rename: boolean;
  readonly move: boolean;
  readonly changeVisibility: boolean;
  readonly delete: boolean;
  /** Create a team inside this one. */
  readonly createInside: boolean;
}

export function teamAbilities(actor: OrgActor, scope: TeamScope, team: { id: string; name: string }): TeamAbilities {
  const onTeam = allows(() => authorizeTeamAction(scope, team, 'change'));
  // A person the caller could place, holding no team role here yet: the rank rules alone decide.
  const grant = (role: TeamMemberRole) => onTeam && allows(() => authorizeTeamGrant(actor, { id: '', role }, role, null));
  return {
    seePeople: onTeam,
    addPeople: grant('learner'),
    manage: grant('manager'),
    rename: onTeam,
    move: onTeam,
    changeVisibility: onTeam,
    delete: onTeam,
    createInside: allows(() => authorizeParent(scope, team, 'create')),
  };
}

/** The scope once a team has been created inside it (under a team of the scope, so the caller's too). */
export const scopeWith = (scope: TeamScope, teamId: string): TeamScope =>
  scope.all ? scope : { all: false, teamIds: new Set([...scope.teamIds, teamId]) };

/** What the caller may do with the tree as a whole. */
export const treeAbilities = (scope: TeamScope) => ({ createTopLevel: allows(() => authorizeParent(scope, null, 'create')) });
