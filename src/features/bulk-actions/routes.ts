import { errorResponses, OrgParams } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { getBulkAction } from './get-bulk-action.js';
import { BulkOperationView, BulkParams, StartBulkBody } from './schemas.js';
import { startBulkAction } from './start-bulk-action.js';

const tags = ['Members'];

export const bulkActionsRoutes: RouteModule = (app, services) => {
  app.post(
    '/api/v1/orgs/:orgId/members/bulk',
    {
      schema: {
        tags,
        summary: 'Act on many people at once: resend, cancel, remove, change role, add to a team (R-37)',
        description:
          'Either `ids` (chosen people) or `filter` (everyone the members view shows with it, on every page). The work runs in ' +
          'the background; poll the returned resource. Each person is acted on as if by hand: the same rules decide, each ' +
          'change is in the audit log, and each refusal is reported with its reason.',
        params: OrgParams,
        body: StartBulkBody,
        response: { 202: BulkOperationView, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(202).send(await startBulkAction(services, request.actor, request.params.orgId, request.body)),
  );

  app.get(
    '/api/v1/orgs/:orgId/members/bulk/:operationId',
    {
      schema: {
        tags,
        summary: "A bulk action's progress, and who was refused and why",
        params: BulkParams,
        response: { 200: BulkOperationView, ...errorResponses },
      },
    },
    async (request) => getBulkAction(services, request.actor, request.params.orgId, request.params.operationId),
  );
};
