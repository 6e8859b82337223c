import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { teams, trainingAssignments, trainings } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';

export type TrainingRow = typeof trainings.$inferSelect;
export type TeamRef = Pick<typeof teams.$inferSelect, 'id' | 'name'>;

export interface TrainingWithCount {
  readonly training: TrainingRow;
  readonly assignedCount: number;
}

/** The team, or "not found" for another organization's id. */
export async function findTeam(db: Db, orgId: string, teamId: string): Promise<TeamRef> {
  const [row] = await db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(and(eq(teams.orgId, orgId), eq(teams.id, teamId)))
    .limit(1);
  if (!row) throw notFound('The team');
  return row;
}

/**
 * The team, locked against people becoming active in it meanwhile: `assignTeamTrainings`
 * takes a share lock on the teams it reads, so a training being added and a person being
 * activated never miss each other. A "no key update" lock, so adding people to the team
 * (a foreign-key share lock) does not wait for it.
 */
export async function lockTeamForTrainings(db: Db, orgId: string, teamId: string): Promise<TeamRef> {
  const [row] = await db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(and(eq(teams.orgId, orgId), eq(teams.id, teamId)))
    .for('no key update')
    .limit(1);
  if (!row) throw notFound('The team');
  return row;
}

const assignedCount = sql<number>`(select count(*)::int from ${trainingAssignments} where ${trainingAssignments.trainingId} = ${trainings.id})`;

/** A team's trainings, oldest first, each with how many people hold it. */
export async function listTrainingsOfTeam(db: Db, orgId: string, teamId: string): Promise<TrainingWithCount[]> {
  const rows = await db
    .select({ training: trainings, assignedCount })
    .from(trainings)
    .where(and(eq(trainings.orgId, orgId), eq(trainings.teamId, teamId)))
    .orderBy(asc(trainings.createdAt), asc(trainings.id));
  return rows.map((row) => ({ training: row.training, assignedCount: Number(row.assignedCount) }));
}

/** The training of that team, locked; any other id (another team's, another organization's) is "not found". */
export async function lockTraining(db: Db, orgId: string, teamId: string, trainingId: string): Promise<TrainingRow> {
  const [row] = await db
    .select()
    .from(trainings)
    .where(and(eq(trainings.orgId, orgId), eq(trainings.teamId, teamId), eq(trainings.id, trainingId)))
    .for('update')
    .limit(1);
  if (!row) throw notFound('The training');
  return row;
}

export interface MemberTrainingRow {
  readonly trainingId: string;
  readonly teamId: string;
  readonly teamName: string;
  readonly kind: TrainingRow['kind'];
  readonly title: string;
  readonly startsAt: Date | null;
  readonly location: string | null;
  readonly assignedAt: Date;
}

/** What a person was assigned, newest first. */
export async function listTrainingsOfMember(db: Db, orgId: string, membershipId: string): Promise<MemberTrainingRow[]> {
  return db
    .select({
      trainingId: trainings.id,
      teamId: teams.id,
      teamName: teams.name,
      kind: trainings.kind,
      title: trainings.title,
      startsAt: trainings.startsAt,
      location: trainings.location,
      assignedAt: trainingAssignments.assignedAt,
    })
    .from(trainingAssignments)
    .innerJoin(trainings, and(eq(trainings.id, trainingAssignments.trainingId), eq(trainings.orgId, orgId)))
    .innerJoin(teams, and(eq(teams.id, trainings.teamId), eq(teams.orgId, orgId)))
    .where(and(eq(trainingAssignments.orgId, orgId), eq(trainingAssignments.membershipId, membershipId)))
    .orderBy(desc(trainingAssignments.assignedAt), asc(trainings.title), asc(trainings.id));
}
