import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { authorizeSeeTeams, inScope, teamScopeOf } from './policy.js';
import { presentTeam } from './presenter.js';
import { listTeamRecords } from './repository.js';
import type { TeamViewType } from './schemas.js';

/**
 * The organization's whole tree as a flat list, parents first. Managers and user
 * admins see every team, for orientation; `canManage` marks the ones they act on (policy.ts).
 */
export async function listTeams(services: Services, actor: Actor, orgId: string): Promise<TeamViewType[]> {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  authorizeSeeTeams(orgActor);
  const scope = await teamScopeOf(services.db, orgActor);
  const rows = await listTeamRecords(services.db, orgId);
  return rows.map((row) => presentTeam(row, inScope(scope, row.id)));
}
