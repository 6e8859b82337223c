import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { createTeamIn } from '../teams/create-team.js';
import { applyGroupChanges, readBackGroup, WAY } from './apply-group-changes.js';
import { ScimError } from './errors.js';
import { readGroup } from './group-input.js';
import { findGroupRecord, type GroupMember, type GroupRecord } from './group-records.js';
import { scimOrgOf } from './policy.js';

/**
 * POST /Groups: a top-level public team (createTeam's rules: the name unique among top-level
 * teams whatever its case, else 409 uniqueness), then its members placed as learners, all in
 * one transaction: a refused member leaves no team behind.
 */
export async function createScimGroup(
  services: Services,
  actor: Actor,
  body: unknown,
): Promise<{ record: GroupRecord; members: GroupMember[] }> {
  const orgId = scimOrgOf(actor);
  const group = readGroup(body);
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    const team = await createTeamIn(tx, orgActor, { name: group.displayName, parentId: null, visibility: 'public' }, WAY);
    const record = await findGroupRecord(tx, orgId, team.id);
    if (!record) throw new ScimError(500, 'The group was created but could not be read back.');
    const plan = { displayName: null, replaceAll: false, add: new Set(group.members), remove: new Set<string>(), removeWhere: [] };
    await applyGroupChanges(tx, services, orgActor, record, plan);
    return readBackGroup(tx, orgId, team.id);
  });
}
