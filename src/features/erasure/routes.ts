import { Type } from 'typebox';
import { errorResponses } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { MemberParams } from '../members/schemas.js';
import { eraseAddress } from './erase-address.js';
import { eraseMember } from './erase-member.js';

const tags = ['Data protection'];
const Reference = Type.String({ description: 'The opaque reference that replaces the person in the audit log.' });

export const erasureRoutes: RouteModule = (app, services) => {
  app.post(
    '/api/v1/orgs/:orgId/members/:memberId/erase',
    {
      schema: {
        tags,
        summary: "Erase a person's data at once (R-27, admins)",
        description:
          'For a person who is not (or no longer) an active member: their address, names, username, password, sessions, tokens, ' +
          'pending invitations, emails and import rows go; the audit log keeps the actions with the person replaced by an opaque ' +
          'reference. Their account is erased too when no other organization has them. Invited again, they start anew.',
        params: MemberParams,
        response: { 200: Type.Object({ reference: Reference, accountErased: Type.Boolean() }), ...errorResponses },
      },
    },
    async (request) => eraseMember(services, request.actor, request.params.orgId, request.params.memberId),
  );

  app.post(
    '/api/v1/erasures',
    {
      schema: {
        tags,
        summary: 'Erase a person everywhere, by address (operator)',
        body: Type.Object({ email: Type.String({ minLength: 1, maxLength: 320 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ reference: Reference, organizations: Type.Integer(), accountErased: Type.Boolean() }),
          ...errorResponses,
        },
      },
    },
    async (request) => eraseAddress(services, request.actor, request.body),
  );
};
