import type { ApiKeyRole } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { actorRole, type OrgActor } from '../access/org-actor.js';
import { authorize } from '../access/permissions.js';
import { canGrantRole, roleName } from '../access/roles.js';

/**
 * API keys are an administrator's tool: they act for the organization without a person
 * behind them. The platform operator acts as an administrator in every organization. A key
 * never holds a role above its creator's, and a key cannot make keys.
 */
export function authorizeManageKeys(actor: OrgActor, what: string): void {
  if (actor.kind === 'key')
    throw new AppError('forbidden', `An API key cannot ${what}; a person must do it in the web app or with their session.`);
  authorize(actor, 'api_keys.manage', what);
}

export function authorizeKeyRole(actor: OrgActor, role: ApiKeyRole): void {
  if (!canGrantRole(actorRole(actor), role)) {
    throw new AppError('role_too_high', `You cannot create a key with the ${roleName(role)} role: that role is above your own.`);
  }
}
