import { Type } from 'typebox';
import { errorResponses, OrgParams } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { getMember } from './get-member.js';
import { listMemberEmails } from './list-member-emails.js';
import { listMembers } from './list-members.js';
import { presentMemberEmail } from './presenter.js';
import { removeMember } from './remove-member.js';
import { ListMembersQuery, MemberEmails, MemberParams, MembersPage, MemberView, UpdateMemberBody } from './schemas.js';
import { updateMember } from './update-member.js';

const tags = ['Members'];

export const membersRoutes: RouteModule = (app, services) => {
  app.get(
    '/api/v1/orgs/:orgId/members',
    {
      schema: {
        tags,
        summary: 'Members and invitations in one list: filter, search, sort, page (R-28)',
        description:
          'Status is what the admin sees (R-22): pending, active, cancelled, expired, removed. `q` matches the typed address, and ' +
          'for people who have accepted also their name and username. `counts` covers the whole organization, whatever the filters.',
        params: OrgParams,
        querystring: ListMembersQuery,
        response: { 200: MembersPage, ...errorResponses },
      },
    },
    async (request) => listMembers(services, request.actor, request.params.orgId, request.query),
  );

  app.get(
    '/api/v1/orgs/:orgId/members/:memberId',
    {
      schema: {
        tags,
        summary: 'One member or invited person',
        params: MemberParams,
        response: { 200: MemberView, ...errorResponses },
      },
    },
    async (request) => getMember(services, request.actor, request.params.orgId, request.params.memberId),
  );

  app.patch(
    '/api/v1/orgs/:orgId/members/:memberId',
    {
      schema: {
        tags,
        summary: "Change a member's role, or the private note about them",
        description:
          'Nobody changes their own role or grants one above their own; the last active administrator keeps the role. ' +
          'The note is for administrators and user administrators only.',
        params: MemberParams,
        body: UpdateMemberBody,
        response: { 200: MemberView, ...errorResponses },
      },
    },
    async (request) => updateMember(services, request.actor, request.params.orgId, request.params.memberId, request.body),
  );

  app.delete(
    '/api/v1/orgs/:orgId/members/:memberId',
    {
      schema: {
        tags,
        summary: 'Remove from the organization: access ends, the seat returns (R-19)',
        description: 'A pending person is removed by cancelling their invitation. History and the account are kept.',
        params: MemberParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeMember(services, request.actor, request.params.orgId, request.params.memberId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/members/:memberId/emails',
    {
      schema: {
        tags,
        summary: 'The emails sent to this person and their delivery state, newest first (R-32)',
        params: MemberParams,
        response: { 200: MemberEmails, ...errorResponses },
      },
    },
    async (request) => {
      const rows = await listMemberEmails(services, request.actor, request.params.orgId, request.params.memberId);
      return { items: rows.map(presentMemberEmail) };
    },
  );
};
