import type { RouteModule } from '../../http/types.js';

export const outboxRoutes: RouteModule = (_app, _services) => {
  // Filled in by the outbox feature.
};
