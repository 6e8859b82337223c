import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { requireMembership } from '../members/repository.js';
import { authorizeViewLicenses } from './policy.js';
import { listAddOnsOfMember, type MemberAddOnRow } from './repository.js';

/** The add-on licenses a person holds. */
export async function listMemberAddOns(services: Services, actor: Actor, orgId: string, memberId: string): Promise<MemberAddOnRow[]> {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  authorizeViewLicenses(orgActor, "see members' add-on licenses");
  await requireMembership(services.db, orgId, memberId);
  return listAddOnsOfMember(services.db, orgId, memberId);
}
