import type { OrgActor } from '../access/org-actor.js';
import { authorize } from '../access/permissions.js';

/**
 * Who may take data out, in one place. The people list goes to whoever may see
 * the members view (admins, user admins, managers; managers and user admins get their own
 * branch only, through the same scope as the view); the audit log to administrators only.
 */
export function authorizeExportUsers(actor: OrgActor): void {
  authorize(actor, 'exports.users', 'download the list of members');
}

export function authorizeExportAudit(actor: OrgActor): void {
  authorize(actor, 'exports.audit', 'download the audit log');
}
