import type { Services } from '../../services.js';
import type { Actor } from '../auth/actor.js';
import { resolveOrgActor } from '../orgs/org-actor.js';
import { authorizeJoinPage } from './policy.js';
import { findJoinPage, type JoinPageRow, teamNameOf } from './repository.js';

export async function getJoinPage(
  services: Services,
  actor: Actor,
  orgId: string,
): Promise<{ page: JoinPageRow | null; teamName: string | null }> {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  authorizeJoinPage(orgActor, 'see');
  const page = await findJoinPage(services.db, orgId);
  return { page, teamName: await teamNameOf(services.db, page?.teamId ?? null) };
}
