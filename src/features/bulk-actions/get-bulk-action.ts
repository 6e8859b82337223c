import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { authorizeReadBulkAction } from './policy.js';
import { presentBulkOperation } from './presenter.js';
import { findBulkOperation, listRefusals } from './repository.js';

/** A bulk action's progress and its refusals, for whoever polls it. */
export async function getBulkAction(services: Services, actor: Actor, orgId: string, operationId: string) {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  const operation = await findBulkOperation(services.db, orgId, operationId);
  authorizeReadBulkAction(orgActor, operation);
  return presentBulkOperation(operation, operation.refused > 0 ? await listRefusals(services.db, orgId, operationId, 200) : []);
}
