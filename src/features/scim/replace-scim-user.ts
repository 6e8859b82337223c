import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { applyUserChanges } from './apply-user-changes.js';
import { scimOrgOf } from './policy.js';
import { readUser } from './user-input.js';
import { lockUserForChange, type UserRecord } from './user-records.js';

/** PUT /Users/{id}: the whole User as the provider holds it; attributes left out are cleared. */
export async function replaceScimUser(
  services: Services,
  actor: Actor,
  id: string,
  body: unknown,
  ifMatch: string | undefined,
): Promise<UserRecord> {
  const orgId = scimOrgOf(actor);
  const { password: _ignored, ...next } = readUser(body);
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    const current = await lockUserForChange(tx, orgId, id, ifMatch);
    return applyUserChanges(tx, services, orgActor, current, { ...next, email: next.email ?? current.email });
  });
}
