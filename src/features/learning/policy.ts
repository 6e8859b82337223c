import { AppError } from '../../lib/errors.js';
import type { Actor } from '../auth/actor.js';

/** My learning is a person's own: signed in with their session, not the operator token. */
export function requirePerson(actor: Actor): string {
  if (actor.kind === 'account') return actor.accountId;
  if (actor.kind === 'operator') throw new AppError('forbidden', 'My learning belongs to a person; the operator token has none.');
  throw new AppError('unauthenticated', 'Sign in to see your learning.');
}
