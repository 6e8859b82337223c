import { type Static, Type } from 'typebox';
import { Nullable, NullableTimestamp, Timestamp, Uuid } from '../../http/schemas.js';

export const TrainingKindSchema = Type.Union([Type.Literal('course'), Type.Literal('path'), Type.Literal('session')], {
  description: '`course`, `path`, or a scheduled `session` (with a start date, and an invitation email to each person).',
});

export const TeamParams = Type.Object({ orgId: Uuid, teamId: Uuid });
export const TrainingParams = Type.Object({ orgId: Uuid, teamId: Uuid, trainingId: Uuid });

export const CreateTrainingBody = Type.Object(
  {
    kind: TrainingKindSchema,
    title: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S', description: '1–300 characters, not only spaces.' }),
    startsAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'Sessions only, and required for them: a moment in the future, with its offset.' }),
    ),
    location: Type.Optional(Nullable(Type.String({ maxLength: 300, description: 'Sessions only: where it takes place.' }))),
  },
  { additionalProperties: false },
);
export type CreateTrainingInput = Static<typeof CreateTrainingBody>;

export const TrainingView = Type.Object({
  id: Uuid,
  teamId: Uuid,
  kind: TrainingKindSchema,
  title: Type.String(),
  startsAt: NullableTimestamp,
  location: Nullable(Type.String()),
  ownerMemberId: Nullable(Uuid),
  assignedCount: Type.Integer({ description: 'How many people it is assigned to.' }),
  createdAt: Timestamp,
});
export type TrainingViewType = Static<typeof TrainingView>;

export const TeamTrainings = Type.Object({ items: Type.Array(TrainingView) });

export const MemberTraining = Type.Object({
  trainingId: Uuid,
  teamId: Uuid,
  teamName: Type.String(),
  kind: TrainingKindSchema,
  title: Type.String(),
  startsAt: NullableTimestamp,
  location: Nullable(Type.String()),
  assignedAt: Timestamp,
});
export type MemberTrainingType = Static<typeof MemberTraining>;

export const MemberTrainings = Type.Object({ items: Type.Array(MemberTraining) });
