import { Type } from 'typebox';
import { errorResponses } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { peekWayIn } from './peek-way-in.js';
import { JOIN_ANSWER, requestToJoin } from './request-to-join.js';
import { JoinAnswer, JoinBody, JoinParams, WayInPeekView } from './schemas.js';

const tags = ['Join'];
const closed = { 410: Type.Ref('Problem'), 429: Type.Ref('Problem') };

export const joinRoutes: RouteModule = (app, services) => {
  app.get(
    '/api/v1/join/:key',
    {
      schema: {
        tags,
        summary: 'What the page of a shareable link or the join page shows (public)',
        description:
          'The organization and the email domains it accepts. 410 `way_in_closed` when the link or page was closed, with whom to ask.',
        security: [],
        params: JoinParams,
        response: { 200: WayInPeekView, ...errorResponses, ...closed },
      },
    },
    async (request) => peekWayIn(services, request.params.key),
  );

  app.post(
    '/api/v1/join/:key',
    {
      schema: {
        tags,
        summary: 'Ask to join with an email address: a link to confirm it is emailed (public)',
        description:
          'Always the same 202 for an address in the accepted domains, whether or not it has an account or is a member. ' +
          'An address outside them: 400 `domain_not_allowed`, naming the domains. A full organization: 409 `member_limit`. ' +
          'At most 5 join emails an hour per recipient, and limits per client address and per link: 429 with `Retry-After`.',
        security: [],
        params: JoinParams,
        body: JoinBody,
        response: { 202: JoinAnswer, ...errorResponses, ...closed },
      },
    },
    async (request, reply) => {
      await requestToJoin(services, request.params.key, request.body, { ip: request.ip });
      return reply.status(202).send({ message: JOIN_ANSWER });
    },
  );
};
