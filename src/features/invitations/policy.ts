import type { Role } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { canActOn, canGrantRole, PEOPLE_MANAGERS } from '../members/roles.js';
import { actorRole, type OrgActor, requireRole } from '../orgs/org-actor.js';

/** Admins, user admins and managers invite; nobody invites into a role above their own. */
export function authorizeInvite(actor: OrgActor, role: Role): void {
  requireRole(actor, PEOPLE_MANAGERS, 'invite people');
  if (!canGrantRole(actorRole(actor), role)) {
    throw new AppError('role_too_high', `You cannot invite people as ${role.replace('_', ' ')}: that role is above what yours may grant.`);
  }
}

/** Resending and cancelling act on the invited person: the same rule as granting their role. */
export function authorizeInvitationChange(actor: OrgActor, invitedRole: Role, what: 'resend' | 'cancel'): void {
  requireRole(actor, PEOPLE_MANAGERS, `${what} invitations`);
  if (!canActOn(actorRole(actor), invitedRole)) {
    throw new AppError('forbidden', `You cannot ${what} an invitation for the ${invitedRole.replace('_', ' ')} role.`);
  }
}
