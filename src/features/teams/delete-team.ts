import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { teams } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { type OrgActor, resolveOrgActor } from '../access/org-actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { authorizeTeamAction, teamScopeOf } from './policy.js';
import { findTeam, getTeamRecord, lockTeamTree, teamContents } from './repository.js';
import type { WayIn } from './way-in.js';

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * Deletes an empty team: no team inside it, nobody in it (learners or team roles), no
 * trainings on it, since deleting those would silently drop their assignments. Each refusal
 * says what is left.
 */
export async function deleteTeam(services: Services, actor: Actor, orgId: string, teamId: string): Promise<void> {
  await inTransaction(services, async (tx) => deleteTeamIn(tx, await resolveOrgActor(tx, actor, orgId), teamId));
}

/** deleteTeam inside the caller's transaction (SCIM deletes a Group with it); `way` goes into the audit data. */
export async function deleteTeamIn(tx: Db, orgActor: OrgActor, teamId: string, way: WayIn = {}): Promise<void> {
  const { orgId } = orgActor;
  const scope = await teamScopeOf(tx, orgActor);
  await lockTeamTree(tx, orgId);
  // Locked: an addition in flight (which holds the team in key share mode) finishes first and is counted.
  const team = await findTeam(tx, orgId, teamId, 'update');
  authorizeTeamAction(scope, team, 'delete');
  const contents = await teamContents(tx, orgId, team.id);
  if (contents.teams > 0) {
    throw new AppError(
      'conflict',
      `"${team.name}" has ${count(contents.teams, 'team', 'teams')} inside it; move or delete ${contents.teams === 1 ? 'it' : 'them'} first.`,
    );
  }
  if (contents.people > 0) {
    throw new AppError(
      'conflict',
      `"${team.name}" has ${count(contents.people, 'member', 'members')}; take ${contents.people === 1 ? 'them' : 'them all'} out of the team first.`,
    );
  }
  if (contents.trainings > 0) {
    throw new AppError(
      'conflict',
      `"${team.name}" has ${count(contents.trainings, 'training', 'trainings')}; move or delete ${contents.trainings === 1 ? 'it' : 'them'} first.`,
    );
  }
  const record = await getTeamRecord(tx, orgId, team.id);
  // Rows of members removed from the organization, which no longer count, go with the team:
  // those in it by cascade, those it put into its ancestors here (no key cascades on the origin).
  // Every row with this origin has a twin in the team itself, which gives its person.
  await tx.execute(sql`
    delete from team_members
    where org_id = ${orgId} and origin_team_id = ${team.id}
      and membership_id in (select membership_id from team_members where org_id = ${orgId} and team_id = ${team.id})`);
  await tx.delete(teams).where(and(eq(teams.orgId, orgId), eq(teams.id, team.id)));
  await recordAudit(tx, orgActor, {
    action: 'team.deleted',
    targetType: 'team',
    targetId: team.id,
    data: { name: team.name, parentId: team.parentId, path: record.path, visibility: team.visibility, ...way },
  });
}
