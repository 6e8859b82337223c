import { Type } from 'typebox';
import { errorResponses } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { MemberParams } from '../members/schemas.js';
import { createTraining } from './create-training.js';
import { deleteTraining } from './delete-training.js';
import { listMemberTrainings } from './list-member-trainings.js';
import { listTeamTrainings } from './list-team-trainings.js';
import { presentMemberTraining, presentTraining } from './presenter.js';
import { CreateTrainingBody, MemberTrainings, TeamParams, TeamTrainings, TrainingParams, TrainingView } from './schemas.js';

const tags = ['Trainings'];

export const trainingsRoutes: RouteModule = (app, services) => {
  app.post(
    '/api/v1/orgs/:orgId/teams/:teamId/trainings',
    {
      schema: {
        tags,
        summary: 'Add a training to a team: assigned at once to every active person in it (R-21)',
        description:
          'A `session` needs `startsAt` in the future and may have a `location`; each person in the team gets its invitation ' +
          'email. Courses and paths have neither. Administrators and user administrators.',
        params: TeamParams,
        body: CreateTrainingBody,
        response: { 201: TrainingView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await createTraining(services, request.actor, request.params.orgId, request.params.teamId, request.body);
      return reply.status(201).send(presentTraining(created));
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/teams/:teamId/trainings',
    {
      schema: {
        tags,
        summary: "A team's trainings, oldest first, with how many people hold each",
        params: TeamParams,
        response: { 200: TeamTrainings, ...errorResponses },
      },
    },
    async (request) => {
      const rows = await listTeamTrainings(services, request.actor, request.params.orgId, request.params.teamId);
      return { items: rows.map(presentTraining) };
    },
  );

  app.delete(
    '/api/v1/orgs/:orgId/teams/:teamId/trainings/:trainingId',
    {
      schema: {
        tags,
        summary: 'Take a training off its team; its assignments go with it',
        params: TrainingParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteTraining(services, request.actor, request.params.orgId, request.params.teamId, request.params.trainingId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/members/:memberId/trainings',
    {
      schema: {
        tags,
        summary: 'The trainings assigned to a person, from all their teams, newest first',
        params: MemberParams,
        response: { 200: MemberTrainings, ...errorResponses },
      },
    },
    async (request) => {
      const rows = await listMemberTrainings(services, request.actor, request.params.orgId, request.params.memberId);
      return { items: rows.map(presentMemberTraining) };
    },
  );
};
