import { and, eq } from 'drizzle-orm';
import { addOnAssignments } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { lockMembership } from '../members/repository.js';
import { authorizeAssignAddOns } from './policy.js';
import { giveBackAddOn, lockAddOn, memberLabel } from './repository.js';

/**
 * Takes an add-on license back from a member: it returns to the bank, even a
 * non-transferable one — unassigning is not leaving.
 */
export async function unassignAddOn(services: Services, actor: Actor, orgId: string, memberId: string, addOnId: string): Promise<void> {
  await inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    authorizeAssignAddOns(orgActor, 'unassign add-on licenses');
    const member = await lockMembership(tx, orgId, memberId);
    // The license row first, then the assignment: the order a member leaving takes them in
    // (`releaseMemberLicenses`), so the two never wait on each other in a circle.
    const addOn = await lockAddOn(tx, orgId, addOnId);
    const deleted = await tx
      .delete(addOnAssignments)
      .where(and(eq(addOnAssignments.orgId, orgId), eq(addOnAssignments.addOnId, addOn.id), eq(addOnAssignments.membershipId, member.id)))
      .returning({ addOnId: addOnAssignments.addOnId });
    if (deleted.length === 0) throw new AppError('not_found', `This member does not hold a “${addOn.name}” license.`);
    await giveBackAddOn(tx, orgId, addOn.id);
    await recordAudit(tx, orgActor, {
      action: 'license.returned',
      targetType: 'add_on_license',
      targetId: addOn.id,
      data: { addOn: addOn.name, memberId: member.id, member: await memberLabel(tx, orgId, member.id), reason: 'unassigned' },
    });
  });
}
