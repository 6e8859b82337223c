import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { applyGroupChanges, readBackGroup } from './apply-group-changes.js';
import { planGroupPatch } from './group-input.js';
import { type GroupMember, type GroupRecord, lockGroupForChange } from './group-records.js';
import { readPatch } from './patch-ops.js';
import { scimOrgOf } from './policy.js';

/**
 * PATCH /Groups/{id}: rename, and members added (merged with those there), removed (by a list
 * or a `members[value eq "…"]` filter) or replaced, as Okta and Entra send them. The operations
 * become one plan, carried out set-based: adding 1,000 members is a few statements.
 */
export async function patchScimGroup(
  services: Services,
  actor: Actor,
  id: string,
  body: unknown,
  ifMatch: string | undefined,
): Promise<{ record: GroupRecord; members: GroupMember[] }> {
  const orgId = scimOrgOf(actor);
  const plan = planGroupPatch(readPatch(body));
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    const current = await lockGroupForChange(tx, orgId, id, ifMatch);
    await applyGroupChanges(tx, services, orgActor, current, plan);
    return readBackGroup(tx, orgId, current.id);
  });
}
