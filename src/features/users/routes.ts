import type { RouteModule } from '../../http/types.js';

export const usersRoutes: RouteModule = (_app, _services) => {
  // Filled in by the users feature.
};
