import type { OrgActor } from '../access/org-actor.js';
import { authorize } from '../access/permissions.js';

/** The dashboard is the administrators' (and the operator's): it shows the whole organization. */
export function authorizeStats(actor: OrgActor): void {
  authorize(actor, 'stats.read', "see the organization's dashboard");
}
