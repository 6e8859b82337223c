import { sql } from 'drizzle-orm';
import type { TeamRole } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { roleRank } from '../access/roles.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { authorizeRoleChange } from '../members/policy.js';
import { lockMembership } from '../members/repository.js';
import { setMemberRole } from '../members/set-member-role.js';
import { assignTeamTrainings } from '../trainings/assign-team-trainings.js';
import { placeInTeams } from './place-in-team.js';
import { authorizeTeamAction, authorizeTeamGrant, teamScopeOf } from './policy.js';
import { presentTeamMember } from './presenter.js';
import { findTeam, isPlacedDirectly, teamRoleOf } from './repository.js';
import type { AddTeamMemberInput, TeamMemberViewType } from './schemas.js';
import { listTeamMemberRecords } from './team-people.js';

/**
 * Puts a person in a team. As a learner: a placement, which a public team propagates
 * to its ancestors up to and including the first private one (placeInTeams). As manager or
 * user admin: a team role, which acts on this team and every team below it and does not
 * propagate; a person whose organization role is lower is promoted to it in the same step,
 * where the caller may grant it.
 * Adding someone already there as asked changes nothing.
 */
export async function addTeamMember(
  services: Services,
  actor: Actor,
  orgId: string,
  teamId: string,
  input: AddTeamMemberInput,
): Promise<TeamMemberViewType> {
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    const scope = await teamScopeOf(tx, orgActor);
    // Key share lock: the team cannot be deleted until this addition is committed (and counted).
    const team = await findTeam(tx, orgId, teamId, 'key share');
    authorizeTeamAction(scope, team, 'add people to');
    // Locked, so the organization role checked below cannot change before this commits.
    const target = await lockMembership(tx, orgId, input.memberId);
    const current = await teamRoleOf(tx, orgId, team.id, target.id);
    authorizeTeamGrant(orgActor, target, input.role, current);
    if (target.status === 'removed') {
      throw new AppError('conflict', 'This person was removed from the organization. Invite them again before putting them in a team.');
    }

    if (input.role === 'learner') {
      if (!(await isPlacedDirectly(tx, orgId, team.id, target.id))) {
        await placeInTeams(tx, { orgId, membershipIds: [target.id], teamIds: [team.id] });
        // An active person added later gets the team's trainings at once; a pending
        // one gets them on activation.
        await assignTeamTrainings(tx, { orgId, membershipIds: [target.id], publicUrl: services.config.publicUrl });
        await recordAudit(tx, orgActor, {
          action: 'team.member_added',
          targetType: 'team',
          targetId: team.id,
          data: { team: team.name, memberId: target.id, email: target.email, role: 'learner' },
        });
      }
    } else if (current !== input.role) {
      const role: TeamRole = input.role;
      // One step (issue 17): "make Henry manager of EMEA" raises Henry's organization role too,
      // when the caller may grant it; the same rule as a role change on the members screen.
      if (roleRank(target.role) < roleRank(role)) {
        authorizeRoleChange(orgActor, target, role);
        await setMemberRole(tx, orgActor, target, role);
      }
      await tx.execute(sql`
        insert into team_roles (org_id, team_id, membership_id, role)
        values (${orgId}, ${team.id}, ${target.id}, ${role})
        on conflict (team_id, membership_id) do update set role = excluded.role`);
      await recordAudit(tx, orgActor, {
        action: 'team.role_granted',
        targetType: 'team',
        targetId: team.id,
        data: { team: team.name, memberId: target.id, email: target.email, role, from: current },
      });
    }

    const [row] = await listTeamMemberRecords(tx, orgId, team.id, { after: null, limit: 1, membershipId: target.id });
    if (!row) throw new AppError('internal', 'The person was added but could not be read back.');
    return presentTeamMember(row);
  });
}
