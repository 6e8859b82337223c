import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { authorizeTeamAction, teamScopeOf } from '../access/team-scope.js';
import type { Actor } from '../auth/actor.js';
import { authorizeViewTrainings } from './policy.js';
import { findTeam, listTrainingsOfTeam, type TrainingWithCount } from './repository.js';

/** What a team carries; another organization's team is "not found". */
export async function listTeamTrainings(services: Services, actor: Actor, orgId: string, teamId: string): Promise<TrainingWithCount[]> {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  authorizeViewTrainings(orgActor, "see teams' trainings");
  const team = await findTeam(services.db, orgId, teamId);
  authorizeTeamAction(await teamScopeOf(services.db, orgActor), team, 'see the trainings of');
  return listTrainingsOfTeam(services.db, orgId, teamId);
}
