import type { Role } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { canGrantRole } from '../members/roles.js';
import { actorRole, type OrgActor, requireRole } from '../orgs/org-actor.js';

const ROLE_NAMES: Record<Role, string> = { learner: 'learner', manager: 'manager', user_admin: 'user admin', admin: 'administrator' };

/** Setting up accounts: administrators and user admins (and the operator), never above their own role. */
export const SET_UP_ROLES: readonly Role[] = ['admin', 'user_admin'];

export function authorizeSetUp(actor: OrgActor, role: Role): void {
  requireRole(actor, SET_UP_ROLES, 'set up accounts');
  if (!canGrantRole(actorRole(actor), role)) {
    throw new AppError('role_too_high', `You cannot set up an ${ROLE_NAMES[role]}: that role is above your own.`);
  }
}
