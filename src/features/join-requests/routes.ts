import { Type } from 'typebox';
import { errorResponses, OrgParams, Uuid } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { decideJoinRequests, MAX_DECISIONS } from './decide-join-requests.js';

const tags = ['Join requests'];
const Body = Type.Object(
  {
    memberIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: MAX_DECISIONS })),
    all: Type.Optional(Type.Boolean({ description: 'Every request the caller may decide (up to 500 per call).' })),
  },
  { additionalProperties: false },
);
const Answer = Type.Object({
  decided: Type.Array(Uuid),
  refused: Type.Array(Type.Object({ memberId: Uuid, reason: Type.String() })),
});

/**
 * The approval queue of links and join pages in "request to join" mode: requests are the
 * members with status `requested` (`GET …/members?status=requested`).
 */
export const joinRequestsRoutes: RouteModule = (app, services) => {
  for (const decision of ['approve', 'decline'] as const) {
    app.post(
      `/api/v1/orgs/:orgId/join-requests/${decision}`,
      {
        schema: {
          tags,
          summary:
            decision === 'approve'
              ? 'Approve requests to join: they become active members (seat, teams, trainings, billing) and are told by email'
              : 'Decline requests to join: they are told by email',
          description: 'Name the requests (`memberIds`, from `GET …/members?status=requested`) or send `{"all": true}`.',
          params: OrgParams,
          body: Body,
          response: { 200: Answer, ...errorResponses },
        },
      },
      async (request) => decideJoinRequests(services, request.actor, request.params.orgId, { decision, ...request.body }),
    );
  }
};
