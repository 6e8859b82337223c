import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { invitations, memberships } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { type OrgActor, resolveOrgActor } from '../access/org-actor.js';
import { requirePersonInScope } from '../access/people-scope.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { recordBilling } from '../billing/record-billing.js';
import { releaseMembershipReservations } from '../licenses/seat-reservations.js';
import { returnSeat } from '../licenses/seats.js';
import { authorizeRemoval } from './policy.js';
import { releaseMembership } from './release-membership.js';
import { getMemberRecord, lockAdminChanges, lockMembership, otherActiveAdmins } from './repository.js';

/**
 * Removes a person from the organization. An active member's access ends at once
 * (only active memberships open the organization), their seat returns to the bank
 * and they stop being billable; their account, history and sessions elsewhere stay.
 * A pending person is removed as a cancellation: every open link stops working.
 */
export async function removeMember(services: Services, actor: Actor, orgId: string, memberId: string): Promise<void> {
  await inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    await removeMemberIn(tx, orgActor, memberId);
  });
}

/** Removal inside the caller's transaction, for the ways out besides the REST API (SCIM); `audit` joins the entry's data. */
export async function removeMemberIn(tx: Db, orgActor: OrgActor, memberId: string, audit?: Record<string, unknown>): Promise<void> {
  const orgId = orgActor.orgId;
  await lockAdminChanges(tx, orgId);
  const member = await lockMembership(tx, orgId, memberId);
  await requirePersonInScope(tx, orgActor, member.id);
  authorizeRemoval(orgActor, member);
  if (member.status === 'removed') throw new AppError('conflict', 'This person was already removed from the organization.');
  const before = await getMemberRecord(tx, orgId, member.id);
  if (member.status === 'active' && member.role === 'admin' && (await otherActiveAdmins(tx, orgId, member.id)) === 0) {
    throw new AppError('conflict', 'This is the last administrator of the organization. Make someone else an administrator first.');
  }

  if (member.status === 'active') {
    await returnSeat(tx, orgId);
    await recordBilling(tx, { orgId, membershipId: member.id, kind: 'stop', reason: 'removed' });
  } else {
    await releaseMembershipReservations(tx, orgId, [member.id]);
    // A link already past its expiry stays "expired"; every live one is cancelled.
    const lapsed = sql`${invitations.expiresAt} is not null and ${invitations.expiresAt} <= now()`;
    await tx
      .update(invitations)
      .set({
        status: sql`case when ${lapsed} then 'expired' else 'cancelled' end`,
        cancelledAt: sql`case when ${lapsed} then null else now() end`,
        cancelledBy: sql`case when ${lapsed} then null else ${orgActor.accountId}::uuid end`,
      })
      .where(and(eq(invitations.orgId, orgId), eq(invitations.membershipId, member.id), eq(invitations.status, 'pending')));
  }
  await releaseMembership(tx, orgActor, member.id);
  await tx
    .update(memberships)
    .set({ status: 'removed', removedAt: sql`now()` })
    .where(and(eq(memberships.orgId, orgId), eq(memberships.id, member.id)));
  await recordAudit(tx, orgActor, {
    action: 'member.removed',
    targetType: 'membership',
    targetId: member.id,
    data: { email: before.email ?? before.username, previousStatus: before.status, ...audit },
  });
}
