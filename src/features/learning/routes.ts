import { errorResponses } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { presentMemberTraining } from '../trainings/presenter.js';
import { getSessionCalendar } from './get-session-calendar.js';
import { listMyLearning } from './list-my-learning.js';
import { CalendarParams, type LearningOrgType, MyLearning } from './schemas.js';

const tags = ['My learning'];

export const learningRoutes: RouteModule = (app, services) => {
  const calendarUrl = (trainingId: string) => `/api/v1/me/trainings/${trainingId}/calendar.ics`;

  app.get(
    '/api/v1/me/learning',
    {
      schema: {
        tags,
        summary: "The signed-in person's trainings and sessions, per organization (R-35)",
        description:
          'Every organization the person is an active member of, with its time zone (session times are meant in it), its ' +
          'learning platform when one is set, and the trainings assigned to them: sessions to come first, each with its calendar file.',
        response: { 200: MyLearning, ...errorResponses },
      },
    },
    async (request) => {
      const orgs = await listMyLearning(services.db, request.actor);
      return {
        organizations: orgs.map(
          ({ org, trainings }): LearningOrgType => ({
            orgId: org.id,
            orgName: org.name,
            timeZone: org.timeZone,
            learningPlatform:
              org.learningPlatformName && org.learningPlatformUrl ? { name: org.learningPlatformName, url: org.learningPlatformUrl } : null,
            trainings: trainings.map((row) => ({
              ...presentMemberTraining(row),
              calendarUrl: row.kind === 'session' && row.startsAt ? calendarUrl(row.trainingId) : null,
            })),
          }),
        ),
      };
    },
  );

  app.get(
    '/api/v1/me/trainings/:trainingId/calendar.ics',
    {
      schema: {
        tags,
        summary: 'A scheduled session of mine as an iCalendar file, to add it to a calendar',
        params: CalendarParams,
        produces: ['text/calendar'],
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const file = await getSessionCalendar(services.db, request.actor, {
        trainingId: request.params.trainingId,
        publicUrl: services.config.publicUrl,
      });
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .send(file.body);
    },
  );
};
