import type { Db } from '../../db/client.js';
import { AppError, notFound } from '../../lib/errors.js';
import { PEOPLE_MANAGERS } from '../members/roles.js';
import { type OrgActor, requireRole } from '../orgs/org-actor.js';
import { teamScopeOf } from '../teams/policy.js';

/**
 * Shareable links: admins manage all of them; user admins and managers only links into
 * their own branch (a team they manage or one below it). Learners none. Returns the team ids
 * the caller is limited to, or null for everywhere.
 */
export async function linkScope(db: Db, actor: OrgActor): Promise<readonly string[] | null> {
  requireRole(actor, PEOPLE_MANAGERS, 'manage shareable links');
  const scope = await teamScopeOf(db, actor);
  return scope.all ? null : [...scope.teamIds];
}

/** A link outside the caller's branch reads as missing, as it is not listed to them either. */
export function authorizeLinkChange(scope: readonly string[] | null, link: { teamId: string | null }): void {
  if (scope === null) return;
  if (link.teamId === null || !scope.includes(link.teamId)) throw notFound('The link');
}

/** People who join by a link join as learners, so the date must be ahead. */
export function assertFutureExpiry(expiresAt: string | null | undefined): void {
  if (expiresAt && new Date(expiresAt).getTime() <= Date.now()) {
    throw new AppError('validation_failed', 'Choose an expiry date in the future, or none.', {
      errors: [{ field: '/expiresAt', message: 'is in the past' }],
    });
  }
}
