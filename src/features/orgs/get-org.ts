import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { getOrg as loadOrg, type OrgRow } from './repository.js';

/** Any active member may see their organization; everyone else gets "not found". */
export async function getOrg(services: Services, actor: Actor, orgId: string): Promise<{ org: OrgRow; myRole: string }> {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  const org = await loadOrg(services.db, orgId);
  return { org, myRole: orgActor.kind === 'operator' ? 'operator' : orgActor.role };
}
