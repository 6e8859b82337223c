import { auditRoutes } from '../features/audit/routes.js';
import { orgRoutes } from '../features/orgs/routes.js';
import type { Services } from '../services.js';
import type { App, RouteModule } from './types.js';

/** Every feature's routes, in one list. */
const MODULES: readonly RouteModule[] = [orgRoutes, auditRoutes];

export function registerRoutes(app: App, services: Services): void {
  for (const register of MODULES) register(app, services);
}
