import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { applyUserChanges, stateOf } from './apply-user-changes.js';
import { readPatch } from './patch-ops.js';
import { patchUser } from './patch-user.js';
import { scimOrgOf } from './policy.js';
import { lockUserForChange, type UserRecord } from './user-records.js';

/** PATCH /Users/{id}: the operations give the state wanted; the changes go through their use cases. */
export async function patchScimUser(
  services: Services,
  actor: Actor,
  id: string,
  body: unknown,
  ifMatch: string | undefined,
): Promise<UserRecord> {
  const orgId = scimOrgOf(actor);
  const ops = readPatch(body);
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    const current = await lockUserForChange(tx, orgId, id, ifMatch);
    return applyUserChanges(tx, services, orgActor, current, patchUser(stateOf(current), ops));
  });
}
