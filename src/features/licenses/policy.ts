import type { Role } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { type OrgActor, requireRole } from '../orgs/org-actor.js';

/** Who sees the bank of licenses and hands add-ons to members. */
const LICENSE_KEEPERS: readonly Role[] = ['admin', 'user_admin'];

export function authorizeViewLicenses(actor: OrgActor, what = 'see the licenses of this organization'): void {
  requireRole(actor, LICENSE_KEEPERS, what);
}

export function authorizeAssignAddOns(actor: OrgActor, what: string): void {
  requireRole(actor, LICENSE_KEEPERS, what);
}

/** Add-ons are part of the plan: the platform operator sells them, so only the operator creates or changes them. */
export function authorizeSellAddOns(actor: OrgActor, what: string): void {
  if (actor.kind === 'operator') return;
  throw new AppError('forbidden', `Only the platform operator can ${what}: add-on licenses are part of the plan.`);
}
