import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { authorizeWebhooks } from './policy.js';
import { presentEndpoint } from './presenter.js';
import { findEndpoints, requireEndpoint } from './repository.js';

export async function listEndpoints(services: Services, actor: Actor, orgId: string) {
  authorizeWebhooks(await resolveOrgActor(services.db, actor, orgId), 'see the webhook endpoints');
  return (await findEndpoints(services.db, orgId)).map(presentEndpoint);
}

export async function getEndpoint(services: Services, actor: Actor, orgId: string, endpointId: string) {
  authorizeWebhooks(await resolveOrgActor(services.db, actor, orgId), 'see the webhook endpoints');
  return presentEndpoint(await requireEndpoint(services.db, orgId, endpointId));
}
