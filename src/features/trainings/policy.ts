import type { OrgActor } from '../access/org-actor.js';
import { authorize } from '../access/permissions.js';

/** Who adds trainings to teams and takes them off. Managers of their own teams come with team scoping. */
export function authorizeManageTrainings(actor: OrgActor, what: string): void {
  authorize(actor, 'trainings.manage', what);
}

/** What a team carries and what a person was assigned: the people who organize them. */
export function authorizeViewTrainings(actor: OrgActor, what: string): void {
  authorize(actor, 'trainings.view', what);
}
