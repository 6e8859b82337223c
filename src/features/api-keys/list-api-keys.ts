import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { authorizeManageKeys } from './policy.js';
import { presentKey } from './presenter.js';
import { findKeys } from './repository.js';

/** The organization's keys, revoked and expired ones included, newest first. */
export async function listApiKeys(services: Services, actor: Actor, orgId: string) {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  authorizeManageKeys(orgActor, 'see the API keys of this organization');
  return (await findKeys(services.db, orgId)).map(presentKey);
}
