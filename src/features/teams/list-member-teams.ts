import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { requirePersonInScope } from '../access/people-scope.js';
import type { Actor } from '../auth/actor.js';
import { getMemberRecord } from '../members/repository.js';
import { authorizeSeeTeams, inScope, teamAbilities, teamScopeOf } from './policy.js';
import { listMemberTeamRecords, listTeamRecords } from './repository.js';
import type { MemberTeamViewType } from './schemas.js';

/**
 * The teams of one person, in tree order, with their role in each and whether it was given
 * on the team itself (`direct`) or carried up from a team below. A manager sees the person's
 * teams within their own branch only, like the tree they are shown.
 */
export async function listMemberTeams(services: Services, actor: Actor, orgId: string, memberId: string): Promise<MemberTeamViewType[]> {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  authorizeSeeTeams(orgActor);
  const member = await getMemberRecord(services.db, orgId, memberId);
  await requirePersonInScope(services.db, orgActor, member.id);
  const scope = await teamScopeOf(services.db, orgActor);
  const held = new Map((await listMemberTeamRecords(services.db, orgId, member.id)).map((row) => [row.team_id, row]));
  if (held.size === 0) return [];
  const tree = await listTeamRecords(services.db, orgId);
  return tree.flatMap((team) => {
    const row = held.get(team.id);
    if (!row || !inScope(scope, team.id)) return [];
    return [
      {
        team: { id: team.id, name: team.name, path: team.path },
        role: row.team_role ?? 'learner',
        direct: row.direct,
        can: teamAbilities(orgActor, scope, team),
      },
    ];
  });
}
