import { iso } from '../../http/schemas.js';
import type { TeamAbilities } from './policy.js';
import type { TeamRecord } from './repository.js';
import type { TeamMemberViewType, TeamViewType } from './schemas.js';
import type { TeamMemberRecord } from './team-people.js';

export function presentTeam(row: TeamRecord, can: TeamAbilities): TeamViewType {
  return {
    id: row.id,
    name: row.name,
    parentId: row.parent_id,
    depth: Number(row.depth),
    path: row.path,
    visibility: row.visibility,
    memberCount: Number(row.member_count),
    managers: row.managers.map((m) => ({ memberId: m.memberId, email: m.email, role: m.role })),
    canManage: can.rename,
    can,
    ownerMemberId: row.owner_membership_id,
    createdAt: iso(row.created_at) ?? '',
  };
}

/** Privacy is applied by the query; the presenter applies it again for anyone who has not accepted. */
export function presentTeamMember(row: TeamMemberRecord): TeamMemberViewType {
  const accepted = row.status === 'active';
  return {
    memberId: row.id,
    email: row.email,
    firstName: accepted ? row.first_name : null,
    lastName: accepted ? row.last_name : null,
    status: row.status,
    direct: row.direct,
    role: row.team_role ?? 'learner',
    addedAt: iso(row.added_at),
  };
}
