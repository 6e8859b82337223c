import { AppError } from '../../lib/errors.js';
import type { Actor } from './actor.js';

/**
 * A person's own pages (their learning, their account) need them signed in with their
 * session; the operator token is nobody's. Returns the account id.
 */
export function requirePerson(actor: Actor, signInTo: string): string {
  if (actor.kind === 'account') return actor.accountId;
  if (actor.kind === 'operator') throw new AppError('forbidden', 'This belongs to a person signed in; the operator token has none.');
  if (actor.kind === 'key') throw new AppError('forbidden', 'This belongs to a person signed in; an API key has none.');
  throw new AppError('unauthenticated', `Sign in to ${signInTo}.`);
}
