import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { authorizeTeamAction, teamScopeOf } from './policy.js';
import { presentTeamMember } from './presenter.js';
import { findTeam } from './repository.js';
import type { TeamMemberViewType } from './schemas.js';
import { listTeamMemberRecords } from './team-people.js';

export interface TeamMembersPage {
  readonly items: TeamMemberViewType[];
  readonly nextCursor: string | null;
}

/**
 * The people in a team, by address, keyset-paginated: learners (`direct` when added to this
 * team itself, not only to one below it) and holders of a team role here. Invited people
 * show only the address the organization typed.
 */
export async function listTeamMembers(
  services: Services,
  actor: Actor,
  orgId: string,
  teamId: string,
  query: { cursor?: string; limit?: number },
): Promise<TeamMembersPage> {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  const scope = await teamScopeOf(services.db, orgActor);
  const team = await findTeam(services.db, orgId, teamId);
  authorizeTeamAction(scope, team, 'see the people of');
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor);
  // One row more than asked tells whether another page follows.
  const rows = await listTeamMemberRecords(services.db, orgId, team.id, { after: after?.id ?? null, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(presentTeamMember),
    nextCursor: rows.length > limit && last ? encodeCursor({ id: last.id }) : null,
  };
}
