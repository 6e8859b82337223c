import { addOnAssignments } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { lockMembership } from '../members/repository.js';
import { authorizeAssignAddOns } from './policy.js';
import { findAddOn, type MemberAddOnRow, memberLabel, takeAddOn } from './repository.js';

const STATUS_WORDS = { invited: 'has not accepted their invitation yet', removed: 'was removed from the organization' } as const;

/**
 * Gives an active member one add-on license from the bank. The license is taken by
 * a conditional update, so concurrent assignments never hand out more than the total.
 */
export async function assignAddOn(
  services: Services,
  actor: Actor,
  orgId: string,
  memberId: string,
  addOnId: string,
): Promise<MemberAddOnRow> {
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    // Locked, so a removal (which releases the member's licenses) runs before or after, never across.
    const member = await lockMembership(tx, orgId, memberId);
    const addOn = await findAddOn(tx, orgId, addOnId);
    authorizeAssignAddOns(orgActor, 'assign add-on licenses');
    if (member.status !== 'active') {
      throw new AppError('conflict', `Only active members can hold an add-on license: this person ${STATUS_WORDS[member.status]}.`);
    }
    const [assignment] = await tx
      .insert(addOnAssignments)
      .values({ orgId, addOnId: addOn.id, membershipId: member.id })
      .onConflictDoNothing()
      .returning();
    if (!assignment) throw new AppError('conflict', `This member already holds a “${addOn.name}” license.`);
    if (!(await takeAddOn(tx, orgId, addOn.id))) {
      throw new AppError(
        'no_seat',
        `No free “${addOn.name}” license left. Unassign one from another member, or ask the platform operator for more.`,
      );
    }
    await recordAudit(tx, orgActor, {
      action: 'license.redeemed',
      targetType: 'add_on_license',
      targetId: addOn.id,
      data: { addOn: addOn.name, memberId: member.id, member: await memberLabel(tx, orgId, member.id) },
    });
    return { addOnId: addOn.id, name: addOn.name, transferable: addOn.transferable, assignedAt: assignment.assignedAt };
  });
}
