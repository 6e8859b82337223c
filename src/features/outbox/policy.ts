import { AppError } from '../../lib/errors.js';
import type { Actor } from '../auth/actor.js';

/**
 * The outbox holds every organization's mail, with single-use links in it: the platform
 * operator reads it, nobody else.
 */
export function authorizeOutbox(actor: Actor): void {
  if (actor.kind === 'operator') return;
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in to continue.');
  throw new AppError('forbidden', 'Only the platform operator can read the outbox.');
}
