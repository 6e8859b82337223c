import { errorResponses, OrgParams } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { getStats } from './get-stats.js';
import { StatsView } from './schemas.js';

export const statsRoutes: RouteModule = (app, services) => {
  app.get(
    '/api/v1/orgs/:orgId/stats',
    {
      schema: {
        tags: ['Dashboard'],
        summary: "The organization's dashboard figures (R-38, admins)",
        description:
          'Seats used against seats over the last 90 days, the invitation funnel by week (sent, accepted, expired, cancelled), time ' +
          'to accept (median and distribution, last 90 days), pending invitations by age, and failed emails.',
        params: OrgParams,
        response: { 200: StatsView, ...errorResponses },
      },
    },
    async (request) => getStats(services, request.actor, request.params.orgId),
  );
};
