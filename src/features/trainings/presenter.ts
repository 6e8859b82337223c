import { iso } from '../../http/schemas.js';
import type { MemberTrainingRow, TrainingWithCount } from './repository.js';
import type { MemberTrainingType, TrainingViewType } from './schemas.js';

export function presentTraining({ training, assignedCount }: TrainingWithCount): TrainingViewType {
  return {
    id: training.id,
    teamId: training.teamId,
    kind: training.kind,
    title: training.title,
    startsAt: iso(training.startsAt),
    location: training.location,
    ownerMemberId: training.ownerMembershipId,
    assignedCount,
    createdAt: iso(training.createdAt) ?? '',
  };
}

export function presentMemberTraining(row: MemberTrainingRow): MemberTrainingType {
  return {
    trainingId: row.trainingId,
    teamId: row.teamId,
    teamName: row.teamName,
    kind: row.kind,
    title: row.title,
    startsAt: iso(row.startsAt),
    location: row.location,
    assignedAt: iso(row.assignedAt) ?? '',
  };
}
