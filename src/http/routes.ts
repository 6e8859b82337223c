import { apiKeysRoutes } from '../features/api-keys/routes.js';
import { auditRoutes } from '../features/audit/routes.js';
import { authRoutes } from '../features/auth/routes.js';
import { billingRoutes } from '../features/billing/routes.js';
import { bulkActionsRoutes } from '../features/bulk-actions/routes.js';
import { erasureRoutes } from '../features/erasure/routes.js';
import { exportsRoutes } from '../features/exports/routes.js';
import { importsRoutes } from '../features/imports/routes.js';
import { invitationsRoutes } from '../features/invitations/routes.js';
import { joinRoutes } from '../features/join/routes.js';
import { joinPageRoutes } from '../features/join-page/routes.js';
import { joinRequestsRoutes } from '../features/join-requests/routes.js';
import { learningRoutes } from '../features/learning/routes.js';
import { licensesRoutes } from '../features/licenses/routes.js';
import { linksRoutes } from '../features/links/routes.js';
import { membersRoutes } from '../features/members/routes.js';
import { orgRoutes } from '../features/orgs/routes.js';
import { outboxRoutes } from '../features/outbox/routes.js';
import { profileRoutes } from '../features/profile/routes.js';
import { scimRoutes } from '../features/scim/routes.js';
import { statsRoutes } from '../features/stats/routes.js';
import { teamsRoutes } from '../features/teams/routes.js';
import { trainingsRoutes } from '../features/trainings/routes.js';
import { usersRoutes } from '../features/users/routes.js';
import { webhooksRoutes } from '../features/webhooks/routes.js';
import { metricsRoutes } from '../metrics/routes.js';
import type { Services } from '../services.js';
import type { App, RouteModule } from './types.js';

/** Every feature's routes, in one list. */
const MODULES: readonly RouteModule[] = [
  // First: its hook times every route registered after it.
  metricsRoutes,
  authRoutes,
  orgRoutes,
  invitationsRoutes,
  usersRoutes,
  bulkActionsRoutes,
  membersRoutes,
  auditRoutes,
  outboxRoutes,
  trainingsRoutes,
  licensesRoutes,
  teamsRoutes,
  importsRoutes,
  learningRoutes,
  profileRoutes,
  apiKeysRoutes,
  webhooksRoutes,
  linksRoutes,
  joinPageRoutes,
  joinRoutes,
  joinRequestsRoutes,
  exportsRoutes,
  billingRoutes,
  erasureRoutes,
  statsRoutes,
  scimRoutes,
];

export function registerRoutes(app: App, services: Services): void {
  for (const register of MODULES) register(app, services);
}
