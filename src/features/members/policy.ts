import type { Role } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { allows } from '../access/abilities.js';
import { actorRole, isSelf, type OrgActor } from '../access/org-actor.js';
import { authorize, can } from '../access/permissions.js';
import { canActOn, canGrantRole, roleName } from '../access/roles.js';
import { authorizeInvitationChange, authorizeInvite } from '../invitations/policy.js';

/** Admins, user admins and managers see the members list, a member and their emails. */
export function authorizeViewMembers(actor: OrgActor, what = 'see the members of this organization'): void {
  authorize(actor, 'members.view', what);
}

/** The private note is for admins, user admins and the operator only. */
export function canSeeNotes(actor: OrgActor): boolean {
  return can(actor, 'members.notes');
}

/**
 * A role change needs a rank enough to act on the member's current role and to grant the
 * new one; nobody changes their own role.
 */
export function authorizeRoleChange(actor: OrgActor, member: { id: string; role: Role }, to: Role): void {
  authorize(actor, 'members.change', 'change roles');
  if (isSelf(actor, member.id)) throw new AppError('forbidden', 'You cannot change your own role; ask another administrator.');
  const role = actorRole(actor);
  if (!canActOn(role, member.role)) {
    throw new AppError('forbidden', `You cannot change the role of a ${roleName(member.role)}: that role is above what yours may act on.`);
  }
  if (!canGrantRole(role, to)) {
    throw new AppError('role_too_high', `You cannot make someone ${roleName(to)}: that role is above what yours may grant.`);
  }
}

export function authorizeNoteChange(actor: OrgActor, member: { id: string; role: Role }): void {
  authorize(actor, 'members.notes', 'write notes about members');
  if (!isSelf(actor, member.id) && !canActOn(actorRole(actor), member.role)) {
    throw new AppError('forbidden', `You cannot change the note of a ${roleName(member.role)}.`);
  }
}

/** Removing acts on the person: the same rank rule; managers remove learners only; nobody removes themselves. */
export function authorizeRemoval(actor: OrgActor, member: { id: string; role: Role }): void {
  authorize(actor, 'members.change', 'remove members');
  if (isSelf(actor, member.id)) throw new AppError('forbidden', 'You cannot remove yourself; ask another administrator.');
  if (!canActOn(actorRole(actor), member.role)) {
    throw new AppError('forbidden', `You cannot remove a ${roleName(member.role)}: that role is above what yours may act on.`);
  }
}

/** What the caller may do with one person (`can` in member responses), from the checks above. */
export interface MemberAbilities {
  readonly changeRole: boolean;
  readonly remove: boolean;
  readonly resend: boolean;
  readonly cancel: boolean;
  readonly reinvite: boolean;
  readonly editNote: boolean;
}

/**
 * Worked out per row from the caller and the row alone: the list already holds only people in
 * the caller's scope, so no query is needed. Each ability is its use case's policy check plus
 * the status that use case requires.
 */
export function memberAbilities(
  actor: OrgActor,
  member: { id: string; role: Role; status: string; hasInvitation: boolean; hasEmail: boolean },
): MemberAbilities {
  const invitationOpen = member.hasInvitation && (member.status === 'pending' || member.status === 'expired');
  return {
    changeRole: member.status !== 'removed' && allows(() => authorizeRoleChange(actor, member, 'learner')),
    remove: member.status !== 'removed' && allows(() => authorizeRemoval(actor, member)),
    resend: invitationOpen && allows(() => authorizeInvitationChange(actor, member.role, 'resend')),
    cancel: invitationOpen && allows(() => authorizeInvitationChange(actor, member.role, 'cancel')),
    reinvite:
      member.hasEmail &&
      (member.status === 'cancelled' || member.status === 'removed') &&
      allows(() => authorizeInvite(actor, member.role)),
    editNote: member.status === 'active' && allows(() => authorizeNoteChange(actor, member)),
  };
}
