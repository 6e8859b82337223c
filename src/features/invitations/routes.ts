import type { RouteModule } from '../../http/types.js';

export const invitationsRoutes: RouteModule = (_app, _services) => {
  // Filled in by the invitations feature.
};
