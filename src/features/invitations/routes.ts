import { Type } from 'typebox';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { errorResponses, iso, Nullable, OrgParams, Uuid } from '../../http/schemas.js';
import { setSessionCookie } from '../../http/session-cookie.js';
import type { RouteModule } from '../../http/types.js';
import { hitRateLimit, RATE_RULES } from '../auth/rate-limit.js';
import { acceptInvitation } from './accept-invitation.js';
import { cancelInvitation } from './cancel-invitation.js';
import { inviteByEmail } from './invite-by-email.js';
import { listInvitations } from './list-invitations.js';
import { peekInvitation } from './peek-invitation.js';
import { presentInvitation } from './presenter.js';
import { resendInvitation } from './resend-invitation.js';
import {
  AcceptBody,
  AcceptResponse,
  InvitationPeek,
  InvitationStatusSchema,
  InvitationView,
  InviteBody,
  InviteResponse,
  OUTCOMES,
  ResendBody,
  TokenParams,
} from './schemas.js';

const tags = ['Invitations'];
const InvitationParams = Type.Object({ orgId: Uuid, invitationId: Uuid });
const gone = { 410: Type.Ref('Problem'), 429: Type.Ref('Problem') };

export const invitationsRoutes: RouteModule = (app, services) => {
  app.post(
    '/api/v1/orgs/:orgId/invitations',
    {
      schema: {
        tags,
        summary: 'Invite one or many addresses by email (R-7)',
        description: 'Returns one result per distinct address. A pending invitation is re-sent with a new link (`already_invited`).',
        params: OrgParams,
        body: InviteBody,
        response: { 200: InviteResponse, ...errorResponses, 429: Type.Ref('Problem') },
      },
    },
    async (request) => {
      const results = await inviteByEmail(services, request.actor, request.params.orgId, request.body);
      const counts = Object.fromEntries(OUTCOMES.map((o) => [o, results.filter((r) => r.outcome === o).length]));
      return { results, counts: counts as Record<(typeof OUTCOMES)[number], number> };
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/invitations',
    {
      schema: {
        tags,
        summary: 'Invitations, newest first',
        params: OrgParams,
        querystring: Type.Object({
          status: Type.Optional(InvitationStatusSchema),
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(InvitationView), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const rows = await listInvitations(services, request.actor, request.params.orgId, {
        ...(request.query.status ? { status: request.query.status } : {}),
        cursor: decodeCursor(request.query.cursor),
        limit,
      });
      const last = rows.at(-1);
      return {
        items: rows.map(presentInvitation),
        nextCursor: rows.length === limit && last ? encodeCursor({ id: last.invitation.id }) : null,
      };
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/invitations/:invitationId/resend',
    {
      schema: {
        tags,
        summary: 'Send again with a new link, optionally with a personal message (earlier links stop working)',
        params: InvitationParams,
        body: ResendBody,
        response: { 200: Type.Object({ invitationId: Uuid }), ...errorResponses },
      },
    },
    async (request) =>
      resendInvitation(services, request.actor, request.params.orgId, request.params.invitationId, {
        message: request.body.message ?? null,
      }),
  );

  app.post(
    '/api/v1/orgs/:orgId/invitations/:invitationId/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel: the link stops working at once',
        params: InvitationParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await cancelInvitation(services, request.actor, request.params.orgId, request.params.invitationId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/invitations/:token',
    {
      schema: {
        tags,
        summary: 'What the invitation page shows (public; the token is the credential)',
        security: [],
        params: TokenParams,
        response: { 200: InvitationPeek, ...errorResponses, ...gone },
      },
    },
    async (request) => {
      const peek = await peekInvitation(services, request.actor, request.params.token);
      return { ...peek, expiresAt: iso(peek.expiresAt) };
    },
  );

  app.post(
    '/api/v1/invitations/:token/accept',
    {
      schema: {
        tags,
        summary: 'Accept: a new person gives a name and password; an existing account must be signed in',
        security: [],
        params: TokenParams,
        body: AcceptBody,
        response: { 200: AcceptResponse, ...errorResponses, ...gone },
      },
    },
    async (request, reply) => {
      await hitRateLimit(services.db, RATE_RULES.acceptPerIp, request.ip);
      const accepted = await acceptInvitation(services, request.actor, request.params.token, request.body, {
        userAgent: request.headers['user-agent'] ?? null,
      });
      if (accepted.session) setSessionCookie(reply, accepted.session, services.config.publicUrl);
      return { orgId: accepted.orgId, orgName: accepted.orgName, membershipId: accepted.membershipId, requested: accepted.requested };
    },
  );
};
