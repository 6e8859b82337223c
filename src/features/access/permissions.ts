import type { Role } from '../../db/schema.js';
import { type OrgActor, requireRole } from './org-actor.js';
import { PEOPLE_MANAGERS } from './roles.js';

const ADMINS: readonly Role[] = ['admin'];
const KEEPERS: readonly Role[] = ['admin', 'user_admin'];

/**
 * Which organization roles may attempt each action, as data. The platform operator may
 * do everything. What a role may then do to whom — rank, team scope, self — is decided by the
 * feature's policy with the helpers beside this table.
 */
export const PERMISSIONS = {
  'org.settings': ADMINS,
  'audit.read': ADMINS,
  'api_keys.manage': ADMINS,
  'webhooks.manage': ADMINS,
  'members.view': PEOPLE_MANAGERS,
  'members.change': PEOPLE_MANAGERS,
  'members.notes': KEEPERS,
  'invitations.send': PEOPLE_MANAGERS,
  'invitations.change': PEOPLE_MANAGERS,
  'users.set_up': KEEPERS,
  'teams.view': PEOPLE_MANAGERS,
  'teams.manage': PEOPLE_MANAGERS,
  'imports.run': PEOPLE_MANAGERS,
  'licenses.view': KEEPERS,
  'licenses.assign': KEEPERS,
  'trainings.view': PEOPLE_MANAGERS,
  'trainings.manage': KEEPERS,
  'exports.users': PEOPLE_MANAGERS,
  'exports.audit': ADMINS,
  'billing.read': ADMINS,
  'people.erase': ADMINS,
  'stats.read': ADMINS,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(actor: OrgActor, action: Permission): boolean {
  return actor.kind === 'operator' || PERMISSIONS[action].includes(actor.role);
}

/** Refuses with "Your role does not allow you to <what>." `what` is the feature's own words. */
export function authorize(actor: OrgActor, action: Permission, what: string): void {
  requireRole(actor, PERMISSIONS[action], what);
}
