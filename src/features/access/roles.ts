import type { Role } from '../../db/schema.js';

const RANK: Record<Role, number> = { learner: 1, manager: 2, user_admin: 3, admin: 4 };

export function roleRank(role: Role): number {
  return RANK[role];
}

/** How a role reads in a sentence: "user admin". */
export const roleName = (role: string): string => role.replace('_', ' ');

/**
 * Nobody grants a role above their own. Managers organize learners only, so the
 * only role they hand out is learner.
 */
export function canGrantRole(granter: Role | 'operator', role: Role): boolean {
  if (granter === 'operator') return true;
  if (granter === 'manager') return role === 'learner';
  return RANK[role] <= RANK[granter];
}

/** Acting on a person (resend, cancel, remove, change) needs a rank at least theirs, and managers act on learners only. */
export function canActOn(actor: Role | 'operator', target: Role): boolean {
  return canGrantRole(actor, target);
}

export const PEOPLE_MANAGERS: readonly Role[] = ['manager', 'user_admin', 'admin'];
