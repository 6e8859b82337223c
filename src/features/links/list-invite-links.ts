import type { Services } from '../../services.js';
import type { Actor } from '../auth/actor.js';
import { resolveOrgActor } from '../orgs/org-actor.js';
import { linkScope } from './policy.js';
import { type LinkWithTeam, listLinkRows } from './repository.js';

/** The links the caller may manage, newest first, with their figures (uses, last use, creator). */
export async function listInviteLinks(services: Services, actor: Actor, orgId: string): Promise<LinkWithTeam[]> {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  const scope = await linkScope(services.db, orgActor);
  return listLinkRows(services.db, orgId, scope);
}
