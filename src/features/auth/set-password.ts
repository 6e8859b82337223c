import { AppError } from '../../lib/errors.js';
import { hashPassword, passwordProblem } from '../../lib/password.js';
import { looksLikeToken } from '../../lib/tokens.js';
import { inTransaction, type Services } from '../../services.js';
import { findAccountById } from '../accounts/repository.js';
import type { Actor } from './actor.js';
import { claimPasswordToken, retirePasswordTokens, setAccountPassword } from './repository.js';
import { openSession } from './session-view.js';
import { deleteAccountSessions } from './sessions.js';
import type { SignedIn } from './sign-in.js';

export const tokenInvalid = (): AppError =>
  new AppError('token_invalid', 'This link has already been used or has expired. Ask for a new one.');

/**
 * Chooses a password with a set-up or reset link. The link is claimed first, so it works
 * once; a refused password rolls the claim back and the link still works. Every other
 * session and link of the account ends, and the person is signed in.
 */
export async function setPassword(
  services: Services,
  actor: Actor,
  input: { token: string; password: string; userAgent: string | null },
): Promise<SignedIn> {
  if (!looksLikeToken(input.token)) throw tokenInvalid();
  return inTransaction(services, async (tx) => {
    const claimed = await claimPasswordToken(tx, input.token);
    if (!claimed) throw tokenInvalid();
    const account = await findAccountById(tx, claimed.accountId);
    if (account?.status !== 'active') throw tokenInvalid();
    const problem = passwordProblem(input.password, account.email);
    if (problem) throw new AppError('validation_failed', problem, { errors: [{ field: '/password', message: problem }] });
    await setAccountPassword(tx, account.id, await hashPassword(input.password));
    await retirePasswordTokens(tx, account.id);
    await deleteAccountSessions(tx, account.id);
    return openSession(tx, { accountId: account.id, ip: actor.ip, userAgent: input.userAgent, days: services.config.sessionDays });
  });
}
