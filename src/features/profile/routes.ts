import { Type } from 'typebox';
import { errorResponses, iso } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { presentAccount } from '../accounts/presenter.js';
import { changePassword } from './change-password.js';
import { getProfile } from './get-profile.js';
import { endMyOtherSessions, endMySession, listMySessions } from './my-sessions.js';
import { ChangePasswordBody, EndedSessions, MySessions, ProfileView, SessionParams, UpdateProfileBody } from './schemas.js';
import { updateProfile } from './update-profile.js';

const tags = ['My account'];

export const profileRoutes: RouteModule = (app, services) => {
  app.get(
    '/api/v1/me/profile',
    { schema: { tags, summary: 'My account: name, sign-in identity, time zone', response: { 200: ProfileView, ...errorResponses } } },
    async (request) => presentAccount(await getProfile(services.db, request.actor)),
  );

  app.patch(
    '/api/v1/me/profile',
    {
      schema: {
        tags,
        summary: 'Change my name or time zone',
        description: 'The email address and username are the organization’s to change, not the person’s.',
        body: UpdateProfileBody,
        response: { 200: ProfileView, ...errorResponses },
      },
    },
    async (request) => presentAccount(await updateProfile(services, request.actor, request.body)),
  );

  app.post(
    '/api/v1/me/password',
    {
      schema: {
        tags,
        summary: 'Change my password, proving the current one',
        description: 'Every other session of the account is signed out, and every password link ends; this one stays signed in.',
        body: ChangePasswordBody,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await changePassword(services, request.actor, { ...request.body, sessionToken: request.sessionToken });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/me/sessions',
    { schema: { tags, summary: 'Where I am signed in', response: { 200: MySessions, ...errorResponses } } },
    async (request) => ({
      items: (await listMySessions(services.db, request.actor, request.sessionToken)).map((row) => ({
        ...row,
        createdAt: iso(row.createdAt) ?? '',
        expiresAt: iso(row.expiresAt) ?? '',
      })),
    }),
  );

  app.delete(
    '/api/v1/me/sessions/:sessionId',
    {
      schema: { tags, summary: 'Sign one of my sessions out', params: SessionParams, response: { 204: Type.Null(), ...errorResponses } },
    },
    async (request, reply) => {
      await endMySession(services.db, request.actor, request.params.sessionId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/me/sessions/end-others',
    { schema: { tags, summary: 'Sign out everywhere but here', response: { 200: EndedSessions, ...errorResponses } } },
    async (request) => ({ ended: await endMyOtherSessions(services.db, request.actor, request.sessionToken) }),
  );
};
