import { Type } from 'typebox';
import { errorResponses, OrgParams } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { MemberParams } from '../members/schemas.js';
import { addTeamMember } from './add-team-member.js';
import { createTeam } from './create-team.js';
import { deleteTeam } from './delete-team.js';
import { listMemberTeams } from './list-member-teams.js';
import { listTeamMembers } from './list-team-members.js';
import { listTeams } from './list-teams.js';
import { removeTeamMember } from './remove-team-member.js';
import {
  AddTeamMemberBody,
  CreateTeamBody,
  ListTeamMembersQuery,
  MemberTeamList,
  TeamList,
  TeamMemberParams,
  TeamMembersPage,
  TeamMemberView,
  TeamParams,
  TeamView,
  UpdateTeamBody,
} from './schemas.js';
import { updateTeam } from './update-team.js';

const tags = ['Teams'];
const scopeNote =
  'Administrators act on every team; user admins and managers on the teams where they hold a team role and the teams below them ' +
  '(403 elsewhere). Learners are refused.';

export const teamsRoutes: RouteModule = (app, services) => {
  app.post(
    '/api/v1/orgs/:orgId/teams',
    {
      schema: {
        tags,
        summary: 'Create a team, at the top level or under a parent (R-17)',
        description: `Names are unique among siblings, whatever their case (409). Only administrators create top-level teams. ${scopeNote}`,
        params: OrgParams,
        body: CreateTeamBody,
        response: { 201: TeamView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const team = await createTeam(services, request.actor, request.params.orgId, request.body);
      return reply.status(201).send(team);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/teams',
    {
      schema: {
        tags,
        summary: "The caller's teams as a flat list, parents first",
        description:
          'Each team has its depth, its path of names from the top, its head count, its managers and `can`: what the caller may do ' +
          'with it. Administrators get the whole tree; user admins and managers their branch (their teams and every team below them).',
        params: OrgParams,
        response: { 200: TeamList, ...errorResponses },
      },
    },
    async (request) => listTeams(services, request.actor, request.params.orgId),
  );

  app.get(
    '/api/v1/orgs/:orgId/members/:memberId/teams',
    {
      schema: {
        tags,
        summary: "A person's teams, their role in each and whether it was given there (direct)",
        description: `Managers and user admins see the person's teams within their branch. ${scopeNote}`,
        params: MemberParams,
        response: { 200: MemberTeamList, ...errorResponses },
      },
    },
    async (request) => ({ items: await listMemberTeams(services, request.actor, request.params.orgId, request.params.memberId) }),
  );

  app.patch(
    '/api/v1/orgs/:orgId/teams/:teamId',
    {
      schema: {
        tags,
        summary: 'Rename a team, change its visibility, or move it',
        description:
          'A team cannot move under itself or a team inside it (409). Placements already made are kept as they are: ' +
          `propagation to ancestors is decided when each person is added. ${scopeNote}`,
        params: TeamParams,
        body: UpdateTeamBody,
        response: { 200: TeamView, ...errorResponses },
      },
    },
    async (request) => updateTeam(services, request.actor, request.params.orgId, request.params.teamId, request.body),
  );

  app.delete(
    '/api/v1/orgs/:orgId/teams/:teamId',
    {
      schema: {
        tags,
        summary: 'Delete an empty team',
        description: `Refused (409) while teams, people or trainings are in it. ${scopeNote}`,
        params: TeamParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteTeam(services, request.actor, request.params.orgId, request.params.teamId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/teams/:teamId/members',
    {
      schema: {
        tags,
        summary: 'The people in a team, by address',
        description:
          'Learners (`direct` when added to this team itself rather than to a team below it) and holders of a team role here. ' +
          `Invited people show only their address (R-6). ${scopeNote}`,
        params: TeamParams,
        querystring: ListTeamMembersQuery,
        response: { 200: TeamMembersPage, ...errorResponses },
      },
    },
    async (request) => listTeamMembers(services, request.actor, request.params.orgId, request.params.teamId, request.query),
  );

  app.post(
    '/api/v1/orgs/:orgId/teams/:teamId/members',
    {
      schema: {
        tags,
        summary: 'Add a person to a team as learner, or give them a team role',
        description:
          'A learner added to a public team is also added to every ancestor up to and including the first private one. Managers ' +
          'and user admins act on this team and the teams below it; their organization role must be at least as high (409). ' +
          `Managers add learners only; user admins may assign managers. ${scopeNote}`,
        params: TeamParams,
        body: AddTeamMemberBody,
        response: { 201: TeamMemberView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const added = await addTeamMember(services, request.actor, request.params.orgId, request.params.teamId, request.body);
      return reply.status(201).send(added);
    },
  );

  app.delete(
    '/api/v1/orgs/:orgId/teams/:teamId/members/:memberId',
    {
      schema: {
        tags,
        summary: 'Take a person out of a team',
        description:
          'Removes their placement in this team (and exactly the ancestor rows it made) and any team role they hold here. ' +
          `404 when they were not added to this team itself and hold no role in it. ${scopeNote}`,
        params: TeamMemberParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeTeamMember(services, request.actor, request.params.orgId, request.params.teamId, request.params.memberId);
      return reply.status(204).send(null);
    },
  );
};
