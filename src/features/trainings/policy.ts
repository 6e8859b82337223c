import type { Role } from '../../db/schema.js';
import { PEOPLE_MANAGERS } from '../members/roles.js';
import { type OrgActor, requireRole } from '../orgs/org-actor.js';

/** Who adds trainings to teams and takes them off. Managers of their own teams come with team scoping. */
const TRAINING_KEEPERS: readonly Role[] = ['admin', 'user_admin'];

export function authorizeManageTrainings(actor: OrgActor, what: string): void {
  requireRole(actor, TRAINING_KEEPERS, what);
}

/** What a team carries and what a person was assigned: the people who organize them. */
export function authorizeViewTrainings(actor: OrgActor, what: string): void {
  requireRole(actor, PEOPLE_MANAGERS, what);
}
