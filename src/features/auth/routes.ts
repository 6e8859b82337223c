import type { RouteModule } from '../../http/types.js';

export const authRoutes: RouteModule = (_app, _services) => {
  // Filled in by the auth feature.
};
