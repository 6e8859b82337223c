import { errorResponses, OrgParams } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { SetUpUserBody, SetUpUserResult } from './schemas.js';
import { setUpUser } from './set-up-user.js';

export const usersRoutes: RouteModule = (app, services) => {
  app.post(
    '/api/v1/orgs/:orgId/users',
    {
      schema: {
        tags: ['Members'],
        summary: 'Set up a user: create an active account directly (admins and user admins; not on trial plans)',
        description:
          'Needs an email address or a username; a person without an email address needs a password (R-33). ' +
          'With an email address, a notification is mailed, with a set-password link unless a password was given.',
        params: OrgParams,
        body: SetUpUserBody,
        response: { 201: SetUpUserResult, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await setUpUser(services, request.actor, request.params.orgId, request.body);
      return reply.status(201).send(result);
    },
  );
};
