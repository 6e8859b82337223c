import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/sql.js';
import { AppError } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { lockMembership } from '../members/repository.js';
import { authorizeTeamAction, authorizeTeamRemoval, teamScopeOf } from './policy.js';
import { findTeam, isPlacedDirectly, teamRoleOf } from './repository.js';

/**
 * Takes a person out of a team: their direct placement here — exactly the rows whose origin is
 * this team, here and in the ancestors it propagated to, never rows another addition made (a
 * placement in a team below, say) — and any team role they hold here. Someone who is in the
 * team only through a team below it is taken out there instead.
 */
export async function removeTeamMember(services: Services, actor: Actor, orgId: string, teamId: string, memberId: string): Promise<void> {
  await inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    const scope = await teamScopeOf(tx, orgActor);
    const team = await findTeam(tx, orgId, teamId, 'key share');
    authorizeTeamAction(scope, team, 'take people out of');
    const target = await lockMembership(tx, orgId, memberId);
    const role = await teamRoleOf(tx, orgId, team.id, target.id);
    const direct = await isPlacedDirectly(tx, orgId, team.id, target.id);
    if (!direct && role === null) {
      throw new AppError(
        'not_found',
        `This person was not added to "${team.name}" itself and holds no role in it. If they are listed, they were added to a team below it: take them out there.`,
      );
    }
    authorizeTeamRemoval(orgActor, target, role);

    const [placements] = await queryRows<{ n: number }>(
      tx,
      sql`with gone as (
            delete from team_members
            where org_id = ${orgId} and membership_id = ${target.id} and origin_team_id = ${team.id}
            returning 1
          ) select count(*)::int as n from gone`,
    );
    if (role !== null) {
      await tx.execute(sql`delete from team_roles where org_id = ${orgId} and team_id = ${team.id} and membership_id = ${target.id}`);
    }
    await recordAudit(tx, orgActor, {
      action: 'team.member_removed',
      targetType: 'team',
      targetId: team.id,
      data: {
        team: team.name,
        memberId: target.id,
        email: target.email,
        placement: direct,
        rowsRemoved: Number(placements?.n ?? 0),
        role,
      },
    });
  });
}
