import { Type } from 'typebox';
import { errorResponses, OrgParams } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { createInviteLink } from './create-invite-link.js';
import { listInviteLinks } from './list-invite-links.js';
import { presentLink } from './presenter.js';
import { rotateInviteLink } from './rotate-invite-link.js';
import { CreateLinkBody, LinkParams, LinkView, UpdateLinkBody } from './schemas.js';
import { updateInviteLink } from './update-invite-link.js';

const tags = ['Shareable links'];

export const linksRoutes: RouteModule = (app, services) => {
  const present = (link: Parameters<typeof presentLink>[0]) => presentLink(link, services.config.publicUrl);

  app.post(
    '/api/v1/orgs/:orgId/invite-links',
    {
      schema: {
        tags,
        summary: 'Create a shareable link restricted to email domains (R-13)',
        description:
          'People who prove an address in one of the domains join as learners, into the team if one is given. ' +
          'Public email providers are refused unless the platform operator allowed one (`publicDomainsAllowed` on the organization).',
        params: OrgParams,
        body: CreateLinkBody,
        response: { 201: LinkView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const link = await createInviteLink(services, request.actor, request.params.orgId, request.body);
      return reply.status(201).send(present(link));
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/invite-links',
    {
      schema: {
        tags,
        summary: 'Shareable links, newest first, with uses, last use and creator',
        params: OrgParams,
        response: { 200: Type.Object({ items: Type.Array(LinkView) }), ...errorResponses },
      },
    },
    async (request) => ({ items: (await listInviteLinks(services, request.actor, request.params.orgId)).map(present) }),
  );

  app.patch(
    '/api/v1/orgs/:orgId/invite-links/:linkId',
    {
      schema: {
        tags,
        summary: 'Disable, re-enable, relabel, or change the expiry or maximum joins of a link',
        description: 'Disabling stops the link at once, including the emails already sent from it.',
        params: LinkParams,
        body: UpdateLinkBody,
        response: { 200: LinkView, ...errorResponses },
      },
    },
    async (request) => present(await updateInviteLink(services, request.actor, request.params.orgId, request.params.linkId, request.body)),
  );

  app.post(
    '/api/v1/orgs/:orgId/invite-links/:linkId/rotate',
    {
      schema: {
        tags,
        summary: 'Give the link a new address: the old one, and the emails sent from it, stop at once',
        params: LinkParams,
        response: { 200: LinkView, ...errorResponses },
      },
    },
    async (request) => present(await rotateInviteLink(services, request.actor, request.params.orgId, request.params.linkId)),
  );
};
