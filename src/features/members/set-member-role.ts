import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { invitations, memberships, type Role } from '../../db/schema.js';
import type { OrgActor } from '../access/org-actor.js';
import { recordAudit } from '../audit/record-audit.js';

/**
 * Writes a role change the caller's policy has allowed, inside their transaction: the
 * membership, and a pending person's invitation too, so accepting it grants what the list
 * shows; audited as `member.role_changed`.
 */
export async function setMemberRole(
  tx: Db,
  actor: OrgActor,
  member: { readonly id: string; readonly role: Role; readonly status: string },
  to: Role,
): Promise<void> {
  await tx
    .update(memberships)
    .set({ role: to })
    .where(and(eq(memberships.orgId, actor.orgId), eq(memberships.id, member.id)));
  if (member.status === 'invited') {
    await tx
      .update(invitations)
      .set({ role: to })
      .where(and(eq(invitations.orgId, actor.orgId), eq(invitations.membershipId, member.id), eq(invitations.status, 'pending')));
  }
  await recordAudit(tx, actor, {
    action: 'member.role_changed',
    targetType: 'membership',
    targetId: member.id,
    data: { from: member.role, to },
  });
}
