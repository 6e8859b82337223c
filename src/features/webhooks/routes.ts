import { Type } from 'typebox';
import { errorResponses, Nullable, OrgParams, Uuid } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { createEndpoint } from './create-endpoint.js';
import { deleteEndpoint } from './delete-endpoint.js';
import { listDeliveries } from './list-deliveries.js';
import { getEndpoint, listEndpoints } from './list-endpoints.js';
import { redeliver } from './redeliver.js';
import { rotateSecret } from './rotate-secret.js';
import {
  CreateEndpointBody,
  DeliveriesQuery,
  DeliveryParams,
  DeliveryView,
  EndpointParams,
  EndpointView,
  EndpointWithSecret,
  UpdateEndpointBody,
} from './schemas.js';
import { sendTestEvent } from './send-test-event.js';
import { updateEndpoint } from './update-endpoint.js';

const tags = ['Webhooks'];
const who = 'Administrators (and administrator API keys, and the operator).';

export const webhooksRoutes: RouteModule = (app, services) => {
  app.post(
    '/api/v1/orgs/:orgId/webhooks',
    {
      schema: {
        tags,
        summary: 'Add a webhook endpoint; its signing secret is in this answer only',
        description: `Events are signed as Standard Webhooks says (webhook-id, webhook-timestamp, webhook-signature). ${who}`,
        params: OrgParams,
        body: CreateEndpointBody,
        response: { 201: EndpointWithSecret, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createEndpoint(services, request.actor, request.params.orgId, request.body)),
  );

  app.get(
    '/api/v1/orgs/:orgId/webhooks',
    {
      schema: {
        tags,
        summary: "The organization's webhook endpoints",
        params: OrgParams,
        response: { 200: Type.Object({ items: Type.Array(EndpointView) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listEndpoints(services, request.actor, request.params.orgId) }),
  );

  app.get(
    '/api/v1/orgs/:orgId/webhooks/:endpointId',
    { schema: { tags, summary: 'One webhook endpoint', params: EndpointParams, response: { 200: EndpointView, ...errorResponses } } },
    async (request) => getEndpoint(services, request.actor, request.params.orgId, request.params.endpointId),
  );

  app.patch(
    '/api/v1/orgs/:orgId/webhooks/:endpointId',
    {
      schema: {
        tags,
        summary: 'Change an endpoint, or enable it again after it was disabled',
        params: EndpointParams,
        body: UpdateEndpointBody,
        response: { 200: EndpointView, ...errorResponses },
      },
    },
    async (request) => updateEndpoint(services, request.actor, request.params.orgId, request.params.endpointId, request.body),
  );

  app.delete(
    '/api/v1/orgs/:orgId/webhooks/:endpointId',
    {
      schema: {
        tags,
        summary: 'Remove an endpoint and its delivery log',
        params: EndpointParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteEndpoint(services, request.actor, request.params.orgId, request.params.endpointId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/webhooks/:endpointId/rotate-secret',
    {
      schema: {
        tags,
        summary: 'A new signing secret, shown once; the old one keeps signing for a day',
        params: EndpointParams,
        response: { 200: EndpointWithSecret, ...errorResponses },
      },
    },
    async (request) => rotateSecret(services, request.actor, request.params.orgId, request.params.endpointId),
  );

  app.post(
    '/api/v1/orgs/:orgId/webhooks/:endpointId/test',
    {
      schema: {
        tags,
        summary: 'Send a webhook.test event to this endpoint',
        params: EndpointParams,
        response: { 202: Type.Object({ eventId: Uuid }), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await sendTestEvent(services, request.actor, request.params.orgId, request.params.endpointId)),
  );

  app.get(
    '/api/v1/orgs/:orgId/webhooks/:endpointId/deliveries',
    {
      schema: {
        tags,
        summary: "The endpoint's delivery log, newest first, with each delivery's latest attempts",
        params: EndpointParams,
        querystring: DeliveriesQuery,
        response: { 200: Type.Object({ items: Type.Array(DeliveryView), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const items = await listDeliveries(services, request.actor, request.params.orgId, request.params.endpointId, {
        ...(request.query.status ? { status: request.query.status } : {}),
        ...(request.query.cursor ? { before: request.query.cursor } : {}),
        limit,
      });
      return { items, nextCursor: items.length === limit ? (items.at(-1)?.id ?? null) : null };
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/webhooks/:endpointId/deliveries/:deliveryId/redeliver',
    {
      schema: {
        tags,
        summary: 'Send one event to this endpoint again',
        params: DeliveryParams,
        response: { 202: Type.Object({ deliveryId: Type.String() }), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await redeliver(services, request.actor, request.params.orgId, request.params.endpointId, request.params.deliveryId)),
  );
};
