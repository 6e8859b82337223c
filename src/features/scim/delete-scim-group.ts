import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { deleteTeamIn } from '../teams/delete-team.js';
import { removeTeamLearnersIn } from '../teams/remove-team-learners.js';
import { WAY } from './apply-group-changes.js';
import { directMemberIds, lockGroupForChange } from './group-records.js';
import { scimOrgOf } from './policy.js';

/**
 * DELETE /Groups/{id}: the provider's members are taken out (as a PATCH removing them would),
 * then the team is deleted by deleteTeam's rules: a team with teams inside it, trainings, or
 * people Roster put there (team roles, placements in a team below) is refused with 409 saying
 * what is left, and nothing is taken out.
 */
export async function deleteScimGroup(services: Services, actor: Actor, id: string, ifMatch: string | undefined): Promise<void> {
  const orgId = scimOrgOf(actor);
  await inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    const current = await lockGroupForChange(tx, orgId, id, ifMatch);
    await removeTeamLearnersIn(tx, orgActor, current.id, await directMemberIds(tx, orgId, current.id), WAY);
    await deleteTeamIn(tx, orgActor, current.id, WAY);
  });
}
