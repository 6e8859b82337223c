import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { keptInvitationSeats } from '../members/kept-counts.js';
import { getOrg, type OrgRow } from '../orgs/repository.js';
import { authorizeViewLicenses } from './policy.js';
import { type AddOnRow, listAddOns } from './repository.js';

export interface Licenses {
  readonly org: OrgRow;
  readonly reservedByInvitations: number;
  readonly waitingForSeats: number;
  readonly addOns: AddOnRow[];
}

/** The bank of licenses: seats, seats held by invitations, and each add-on's counts. */
export async function getLicenses(services: Services, actor: Actor, orgId: string): Promise<Licenses> {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  authorizeViewLicenses(orgActor);
  const org = await getOrg(services.db, orgId);
  const seats = await keptInvitationSeats(services.db, orgId);
  const addOns = await listAddOns(services.db, orgId);
  return { org, reservedByInvitations: seats.held, waitingForSeats: seats.wanted, addOns };
}
