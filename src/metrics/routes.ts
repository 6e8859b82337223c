import type { RouteModule } from '../http/types.js';
import { AppError } from '../lib/errors.js';
import { createMetrics } from './metrics.js';

/**
 * `/metrics` in Prometheus's text format. It tells how busy the installation is and
 * which routes are slow, which is not for the public: it answers the operator's bearer token
 * only (Prometheus: `authorization: { credentials_file: … }`). Every request is timed by route.
 */
export const metricsRoutes: RouteModule = (app, services) => {
  const metrics = createMetrics(services.db);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    metrics.observeRequest({ method: request.method, route, status: reply.statusCode }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (request.actor.kind === 'anonymous')
      throw new AppError('unauthenticated', 'Metrics need the operator token (Authorization: Bearer …).');
    if (request.actor.kind !== 'operator') throw new AppError('forbidden', 'Metrics are for the platform operator.');
    return reply.type(metrics.registry.contentType).send(await metrics.render());
  });
};
