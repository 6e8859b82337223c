import { and, eq } from 'drizzle-orm';
import { memberships } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { requirePersonInScope } from '../access/people-scope.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { authorizeNoteChange, authorizeRoleChange, canSeeNotes } from './policy.js';
import { presentMember } from './presenter.js';
import { getMemberRecord, lockAdminChanges, lockMembership, otherActiveAdmins } from './repository.js';
import type { MemberViewType, UpdateMemberInput } from './schemas.js';
import { setMemberRole } from './set-member-role.js';

/** An empty note is no note. */
const cleanNote = (note: string | null): string | null => note?.trim() || null;

/**
 * Changes a member's role and/or the private note about them. A pending
 * person's invitation carries the new role too, so accepting it grants what the list shows.
 * Sending the current role again changes nothing and needs no permission beyond seeing it.
 */
export async function updateMember(
  services: Services,
  actor: Actor,
  orgId: string,
  memberId: string,
  input: UpdateMemberInput,
): Promise<MemberViewType> {
  if (input.role === undefined && input.note === undefined) {
    throw new AppError('validation_failed', 'Send a new role, a note, or both.', { errors: [{ field: '/', message: 'has no change' }] });
  }
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    // Taken before the row lock, in the same order as removals, so the two never deadlock.
    if (input.role !== undefined) await lockAdminChanges(tx, orgId);
    const member = await lockMembership(tx, orgId, memberId);
    await requirePersonInScope(tx, orgActor, member.id);
    const newRole = input.role !== undefined && input.role !== member.role ? input.role : null;
    const note = input.note === undefined ? undefined : cleanNote(input.note);
    const noteChanged = note !== undefined && note !== member.note;

    if (newRole) {
      authorizeRoleChange(orgActor, member, newRole);
      if (member.status === 'removed') {
        throw new AppError('conflict', 'This person was removed from the organization. Invite them again with the role they should have.');
      }
      if (member.status === 'active' && member.role === 'admin' && (await otherActiveAdmins(tx, orgId, member.id)) === 0) {
        throw new AppError('conflict', 'This is the last administrator of the organization. Make someone else an administrator first.');
      }
    }
    if (note !== undefined) authorizeNoteChange(orgActor, member);

    if (noteChanged) {
      await tx
        .update(memberships)
        .set({ note })
        .where(and(eq(memberships.orgId, orgId), eq(memberships.id, member.id)));
    }
    if (newRole) await setMemberRole(tx, orgActor, member, newRole);
    if (noteChanged) {
      // The note is private: the log says that it changed, never what it says.
      await recordAudit(tx, orgActor, {
        action: 'member.note_changed',
        targetType: 'membership',
        targetId: member.id,
        data: { cleared: note === null },
      });
    }
    const row = await getMemberRecord(tx, orgId, member.id);
    return presentMember(row, { withNote: canSeeNotes(orgActor), for: orgActor });
  });
}
