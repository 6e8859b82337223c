import { AppError } from '../../lib/errors.js';
import type { OrgActor } from '../access/org-actor.js';
import { authorize } from '../access/permissions.js';
import type { Actor } from '../auth/actor.js';

/**
 * Erasure: an administrator erases a person of their organization; the operator
 * anyone, in any organization or across the installation by address. A member still active
 * is removed first: removal returns the seat and stops billing, and erasure only scrubs.
 */
export function authorizeErasure(actor: OrgActor, member: { id: string; status: string; erasedAt: Date | null }): void {
  authorize(actor, 'people.erase', "erase a person's data");
  if (member.erasedAt) throw new AppError('conflict', "This person's data was already erased.");
  if (member.status === 'active') {
    throw new AppError(
      'conflict',
      'This person is still an active member. Remove them from the organization first, then erase their data.',
    );
  }
}

export function authorizeInstallationErasure(actor: Actor): void {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in to continue.');
  if (actor.kind !== 'operator') throw new AppError('forbidden', 'Only the platform operator erases a person across organizations.');
}
