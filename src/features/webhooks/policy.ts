import type { OrgActor } from '../access/org-actor.js';
import { authorize } from '../access/permissions.js';

/** Webhook endpoints send the organization's events elsewhere: administrators (and admin keys, and the operator) only. */
export function authorizeWebhooks(actor: OrgActor, what: string): void {
  authorize(actor, 'webhooks.manage', what);
}
