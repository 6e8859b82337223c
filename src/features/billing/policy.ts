import { AppError } from '../../lib/errors.js';
import type { OrgActor } from '../access/org-actor.js';
import { authorize } from '../access/permissions.js';
import type { Actor } from '../auth/actor.js';

/** An organization's billing report: its administrators and the operator. */
export function authorizeBillingReport(actor: OrgActor): void {
  authorize(actor, 'billing.read', "see the organization's billing report");
}

/** The report across organizations is the operator's alone. */
export function authorizeOperatorBilling(actor: Actor): void {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in to continue.');
  if (actor.kind !== 'operator') throw new AppError('forbidden', 'Only the platform operator sees billing across organizations.');
}
