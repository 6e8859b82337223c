import { AppError } from '../../lib/errors.js';
import type { OrgActor } from '../access/org-actor.js';
import { authorize } from '../access/permissions.js';

/** Who sees the bank of licenses and hands add-ons to members: the `licenses.*` rows of the access table. */
export function authorizeViewLicenses(actor: OrgActor, what = 'see the licenses of this organization'): void {
  authorize(actor, 'licenses.view', what);
}

export function authorizeAssignAddOns(actor: OrgActor, what: string): void {
  authorize(actor, 'licenses.assign', what);
}

/** Add-ons are part of the plan: the platform operator sells them, so only the operator creates or changes them. */
export function authorizeSellAddOns(actor: OrgActor, what: string): void {
  if (actor.kind === 'operator') return;
  throw new AppError('forbidden', `Only the platform operator can ${what}: add-on licenses are part of the plan.`);
}
