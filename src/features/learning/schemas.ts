import { type Static, Type } from 'typebox';
import { Nullable, Uuid } from '../../http/schemas.js';
import { MemberTraining } from '../trainings/schemas.js';

export const LearningOrg = Type.Object({
  orgId: Uuid,
  orgName: Type.String(),
  timeZone: Type.String({ description: 'Session times are meant in this IANA zone.' }),
  learningPlatform: Nullable(Type.Object({ name: Type.String(), url: Type.String() })),
  trainings: Type.Array(
    Type.Intersect([
      MemberTraining,
      Type.Object({ calendarUrl: Nullable(Type.String({ description: 'Scheduled sessions: the .ics file to add it to a calendar.' })) }),
    ]),
  ),
});
export type LearningOrgType = Static<typeof LearningOrg>;

export const MyLearning = Type.Object({ organizations: Type.Array(LearningOrg) });

export const CalendarParams = Type.Object({ trainingId: Uuid });
