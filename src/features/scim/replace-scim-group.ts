import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { applyGroupChanges, readBackGroup } from './apply-group-changes.js';
import { readGroup } from './group-input.js';
import { type GroupMember, type GroupRecord, lockGroupForChange } from './group-records.js';
import { scimOrgOf } from './policy.js';

/** PUT /Groups/{id}: the name and the whole list of members, as the provider holds them. */
export async function replaceScimGroup(
  services: Services,
  actor: Actor,
  id: string,
  body: unknown,
  ifMatch: string | undefined,
): Promise<{ record: GroupRecord; members: GroupMember[] }> {
  const orgId = scimOrgOf(actor);
  const group = readGroup(body);
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    const current = await lockGroupForChange(tx, orgId, id, ifMatch);
    const plan = {
      displayName: group.displayName,
      replaceAll: true,
      add: new Set(group.members),
      remove: new Set<string>(),
      removeWhere: [],
    };
    await applyGroupChanges(tx, services, orgActor, current, plan);
    return readBackGroup(tx, orgId, current.id);
  });
}
