import { and, eq, sql } from 'drizzle-orm';
import { trainingAssignments, trainings } from '../../db/schema.js';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { authorizeTeamAction, teamScopeOf } from '../access/team-scope.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { authorizeManageTrainings } from './policy.js';
import { findTeam, lockTraining } from './repository.js';

/** Takes a training off its team; every assignment of it goes with it. */
export async function deleteTraining(services: Services, actor: Actor, orgId: string, teamId: string, trainingId: string): Promise<void> {
  await inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    const training = await lockTraining(tx, orgId, teamId, trainingId);
    authorizeManageTrainings(orgActor, 'remove trainings from teams');
    authorizeTeamAction(await teamScopeOf(tx, orgActor), await findTeam(tx, orgId, training.teamId), 'remove trainings from');
    const [counted] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(trainingAssignments)
      .where(and(eq(trainingAssignments.orgId, orgId), eq(trainingAssignments.trainingId, training.id)));
    // The assignments cascade with the training.
    await tx.delete(trainings).where(and(eq(trainings.orgId, orgId), eq(trainings.id, training.id)));
    await recordAudit(tx, orgActor, {
      action: 'training.deleted',
      targetType: 'training',
      targetId: training.id,
      data: { teamId: training.teamId, kind: training.kind, title: training.title, assignments: Number(counted?.n ?? 0) },
    });
  });
}
