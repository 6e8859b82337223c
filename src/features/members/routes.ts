import type { RouteModule } from '../../http/types.js';

export const membersRoutes: RouteModule = (_app, _services) => {
  // Filled in by the members feature.
};
