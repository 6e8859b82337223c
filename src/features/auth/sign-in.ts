import { foldIdentifier } from '../../lib/email-address.js';
import { AppError } from '../../lib/errors.js';
import { verifyPassword } from '../../lib/password.js';
import type { Services } from '../../services.js';
import { findAccountByEmail, findAccountByUsername } from '../accounts/repository.js';
import type { Actor } from './actor.js';
import { hitRateLimit, RATE_RULES, resetRateLimit } from './rate-limit.js';
import type { SessionViewType } from './schemas.js';
import { openSession } from './session-view.js';
import { deleteSession } from './sessions.js';

export interface SignedIn {
  /** The new session token: it goes into the cookie and nowhere else. */
  readonly token: string;
  readonly expiresAt: Date;
  readonly view: SessionViewType;
}

export const INVALID_CREDENTIALS = 'The email/username or password is wrong.';

/**
 * Signs a person in with their email address or username. Unknown accounts,
 * accounts without a password yet and wrong passwords all get the same answer after the
 * same amount of work, so the answer never tells whether an account exists.
 */
export async function signIn(
  services: Services,
  actor: Actor,
  input: { login: string; password: string; userAgent: string | null; previousSessionToken: string | null },
): Promise<SignedIn> {
  const { db } = services;
  const login = foldIdentifier(input.login);
  await hitRateLimit(db, RATE_RULES.signInPerIp, actor.ip ?? 'unknown');
  await hitRateLimit(db, RATE_RULES.signInPerAccount, login);
  const found = login.includes('@') ? await findAccountByEmail(db, login) : await findAccountByUsername(db, login);
  const account = found && found.status === 'active' && found.passwordHash !== null ? found : null;
  const matches = await verifyPassword(account?.passwordHash ?? null, input.password);
  if (!account || !matches) throw new AppError('invalid_credentials', INVALID_CREDENTIALS);
  await resetRateLimit(db, RATE_RULES.signInPerAccount, login);
  // A session the browser already held is replaced, never kept alongside the new one.
  if (input.previousSessionToken) await deleteSession(db, input.previousSessionToken);
  return openSession(db, { accountId: account.id, ip: actor.ip, userAgent: input.userAgent, days: services.config.sessionDays });
}
