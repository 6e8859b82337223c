import { AppError } from '../../lib/errors.js';
import type { OrgActor } from '../access/org-actor.js';
import { authorize, can } from '../access/permissions.js';

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

/** Whoever may invite or import sees the free seats and the invitations waiting for them. */
export function authorizeSeeSeatOutlook(actor: OrgActor): void {
  authorize(actor, 'invitations.send', 'see the free seats of this organization');
}

/** Asking the operator for more seats: the people who see the bank of licenses. */
export function authorizeRequestSeats(actor: OrgActor): void {
  authorize(actor, 'licenses.view', 'ask for more seats');
}

/** The same rule as a flag, so a screen offers the request only to whom the server would take it from. */
export const mayRequestSeats = (actor: OrgActor): boolean => can(actor, 'licenses.view');
