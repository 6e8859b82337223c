import { errorResponses } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { getOutboxEmail } from './get-outbox-email.js';
import { listOutbox } from './list-outbox.js';
import { presentOutboxItem, presentOutboxMessage } from './presenter.js';
import { OutboxMessage, OutboxPage, OutboxParams, OutboxQuery } from './schemas.js';

const tags = ['Outbox'];

export const outboxRoutes: RouteModule = (app, services) => {
  app.get(
    '/api/v1/outbox',
    {
      schema: {
        tags,
        summary: 'Every email of the installation, newest first (operator): the local mailbox in embedded mode',
        querystring: OutboxQuery,
        response: { 200: OutboxPage, ...errorResponses },
      },
    },
    async (request) => {
      const page = await listOutbox(services, request.actor, request.query);
      return { items: page.items.map(presentOutboxItem), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/v1/outbox/:emailId',
    {
      schema: {
        tags,
        summary: 'One email with its bodies (operator); bodies are null once delivered over SMTP',
        params: OutboxParams,
        response: { 200: OutboxMessage, ...errorResponses },
      },
    },
    async (request) => presentOutboxMessage(await getOutboxEmail(services, request.actor, request.params.emailId)),
  );
};
