import { trainings } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { authorizeTeamAction, teamScopeOf } from '../access/team-scope.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { assignTrainingToTeam } from './assign-team-trainings.js';
import { authorizeManageTrainings } from './policy.js';
import { lockTeamForTrainings, type TrainingWithCount } from './repository.js';
import type { CreateTrainingInput } from './schemas.js';

const fieldError = (field: string, message: string): AppError =>
  new AppError('validation_failed', message, { errors: [{ field, message }] });

/** The training as it will be stored: a session has a start in the future; other kinds have no date or place. */
function readTraining(input: CreateTrainingInput, now: Date) {
  const title = input.title.trim();
  if (title.length === 0) throw fieldError('/title', 'Give the training a title.');
  const location = input.location?.trim() || null;
  if (input.kind !== 'session') {
    if (input.startsAt !== undefined) {
      throw fieldError('/startsAt', `Only sessions have a start date; a ${input.kind} has none. Leave the start date out.`);
    }
    if (location !== null) throw fieldError('/location', `Only sessions take place somewhere; a ${input.kind} has no place.`);
    return { title, startsAt: null, location: null };
  }
  if (input.startsAt === undefined) throw fieldError('/startsAt', 'A session needs a start date and time.');
  const startsAt = new Date(input.startsAt);
  if (Number.isNaN(startsAt.getTime())) throw fieldError('/startsAt', 'The start date is not a valid date and time.');
  if (startsAt.getTime() <= now.getTime()) throw fieldError('/startsAt', 'A new session must start in the future.');
  return { title, startsAt, location };
}

/**
 * Adds a training to a team and assigns it at once to every active person in the
 * team; a session also sends each of them its invitation email. The creator owns it.
 */
export async function createTraining(
  services: Services,
  actor: Actor,
  orgId: string,
  teamId: string,
  input: CreateTrainingInput,
): Promise<TrainingWithCount> {
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    const team = await lockTeamForTrainings(tx, orgId, teamId);
    authorizeManageTrainings(orgActor, 'add trainings to teams');
    authorizeTeamAction(await teamScopeOf(tx, orgActor), team, 'add trainings to');
    const fields = readTraining(input, new Date());
    const [training] = await tx
      .insert(trainings)
      .values({
        orgId,
        teamId: team.id,
        kind: input.kind,
        ...fields,
        ownerMembershipId: orgActor.kind === 'member' ? orgActor.membershipId : null,
      })
      .returning();
    if (!training) throw new Error('training insert returned nothing');
    const assignedCount = await assignTrainingToTeam(tx, { orgId, trainingId: training.id, publicUrl: services.config.publicUrl });
    await recordAudit(tx, orgActor, {
      action: 'training.created',
      targetType: 'training',
      targetId: training.id,
      data: {
        teamId: team.id,
        team: team.name,
        kind: training.kind,
        title: training.title,
        ...(training.startsAt ? { startsAt: training.startsAt.toISOString() } : {}),
        assigned: assignedCount,
      },
    });
    return { training, assignedCount };
  });
}
