import { type OrgActor, requireRole } from '../orgs/org-actor.js';

/** The join page opens the whole organization: its administrators decide. */
export function authorizeJoinPage(actor: OrgActor, what: 'see' | 'change'): void {
  requireRole(actor, ['admin'], `${what} the join page`);
}
