import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { requirePersonInScope } from '../access/people-scope.js';
import type { Actor } from '../auth/actor.js';
import { requireMembership } from '../members/repository.js';
import { authorizeViewTrainings } from './policy.js';
import { listTrainingsOfMember, type MemberTrainingRow } from './repository.js';

/** The trainings assigned to one person, from every team they are in. */
export async function listMemberTrainings(services: Services, actor: Actor, orgId: string, memberId: string): Promise<MemberTrainingRow[]> {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  authorizeViewTrainings(orgActor, "see members' trainings");
  await requireMembership(services.db, orgId, memberId);
  await requirePersonInScope(services.db, orgActor, memberId);
  return listTrainingsOfMember(services.db, orgId, memberId);
}
