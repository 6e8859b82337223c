import type { Role } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { actorRole, type OrgActor } from '../access/org-actor.js';
import { authorize } from '../access/permissions.js';
import { canActOn, canGrantRole, roleName } from '../access/roles.js';

/** Admins, user admins and managers invite; nobody invites into a role above their own. */
export function authorizeInvite(actor: OrgActor, role: Role): void {
  authorize(actor, 'invitations.send', 'invite people');
  if (!canGrantRole(actorRole(actor), role)) {
    throw new AppError('role_too_high', `You cannot invite people as ${roleName(role)}: that role is above what yours may grant.`);
  }
}

/** Resending and cancelling act on the invited person: the same rule as granting their role. */
export function authorizeInvitationChange(actor: OrgActor, invitedRole: Role, what: 'resend' | 'cancel'): void {
  authorize(actor, 'invitations.change', `${what} invitations`);
  if (!canActOn(actorRole(actor), invitedRole)) {
    throw new AppError('forbidden', `You cannot ${what} an invitation for the ${roleName(invitedRole)} role.`);
  }
}
