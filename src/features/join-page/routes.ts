import { errorResponses, OrgParams } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { getJoinPage } from './get-join-page.js';
import { presentJoinPage } from './presenter.js';
import { JoinPageView, UpdateJoinPageBody } from './schemas.js';
import { updateJoinPage } from './update-join-page.js';

const tags = ['Join page'];

export const joinPageRoutes: RouteModule = (app, services) => {
  app.get(
    '/api/v1/orgs/:orgId/join-page',
    {
      schema: {
        tags,
        summary: "The organization's public join page settings (R-14)",
        params: OrgParams,
        response: { 200: JoinPageView, ...errorResponses },
      },
    },
    async (request) => {
      const { page, teamName } = await getJoinPage(services, request.actor, request.params.orgId);
      return presentJoinPage(page, teamName, services.config.publicUrl);
    },
  );

  app.patch(
    '/api/v1/orgs/:orgId/join-page',
    {
      schema: {
        tags,
        summary: 'Turn the join page on or off; set its address (slug), team and allowed domains',
        description: 'Off by default. Turning it off stops joins at once, including emails already sent from it.',
        params: OrgParams,
        body: UpdateJoinPageBody,
        response: { 200: JoinPageView, ...errorResponses },
      },
    },
    async (request) => {
      const { page, teamName } = await updateJoinPage(services, request.actor, request.params.orgId, request.body);
      return presentJoinPage(page, teamName, services.config.publicUrl);
    },
  );
};
