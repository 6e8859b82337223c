import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { authorizeSeeTeams, inScope, teamAbilities, teamScopeOf, treeAbilities } from './policy.js';
import { presentTeam } from './presenter.js';
import { listTeamRecords } from './repository.js';
import type { TeamViewType } from './schemas.js';

/**
 * The caller's part of the tree as a flat list, parents first: administrators see every
 * team; managers and user admins their branch (the teams where they hold a team role and every
 * team below them), since a screen of teams they cannot touch is only in their way. Each team
 * says what the caller may do with it, worked out from the scope read once (policy.ts).
 */
export async function listTeams(
  services: Services,
  actor: Actor,
  orgId: string,
): Promise<{ items: TeamViewType[]; can: ReturnType<typeof treeAbilities> }> {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  authorizeSeeTeams(orgActor);
  const scope = await teamScopeOf(services.db, orgActor);
  const rows = await listTeamRecords(services.db, orgId);
  return {
    items: rows.filter((row) => inScope(scope, row.id)).map((row) => presentTeam(row, teamAbilities(orgActor, scope, row))),
    can: treeAbilities(scope),
  };
}
