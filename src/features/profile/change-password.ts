import { and, eq, ne } from 'drizzle-orm';
import { sessions } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../lib/password.js';
import { hashToken } from '../../lib/tokens.js';
import { inTransaction, type Services } from '../../services.js';
import { findAccountById } from '../accounts/repository.js';
import type { Actor } from '../auth/actor.js';
import { hitRateLimit, RATE_RULES } from '../auth/rate-limit.js';
import { retirePasswordTokens, setAccountPassword } from '../auth/repository.js';
import { requirePerson } from '../auth/require-person.js';

/**
 * A signed-in person changes their password, proving the current one. Every other session
 * and every password link of the account ends; this session stays signed in.
 */
export async function changePassword(
  services: Services,
  actor: Actor,
  input: { currentPassword: string; newPassword: string; sessionToken: string | null },
): Promise<void> {
  const accountId = requirePerson(actor, 'change your password');
  // Counted outside the transaction, so a wrong password still counts against guessing.
  await hitRateLimit(services.db, RATE_RULES.passwordChangePerAccount, accountId);
  const account = await findAccountById(services.db, accountId);
  if (!account?.passwordHash || !(await verifyPassword(account.passwordHash, input.currentPassword))) {
    throw new AppError('validation_failed', 'The current password is not right.', {
      errors: [{ field: '/currentPassword', message: 'is not right' }],
    });
  }
  const problem = passwordProblem(input.newPassword, account.email);
  if (problem) throw new AppError('validation_failed', problem, { errors: [{ field: '/newPassword', message: problem }] });
  const passwordHash = await hashPassword(input.newPassword);
  await inTransaction(services, async (tx) => {
    await setAccountPassword(tx, accountId, passwordHash);
    await retirePasswordTokens(tx, accountId);
    const others = input.sessionToken ? ne(sessions.tokenHash, hashToken(input.sessionToken)) : undefined;
    await tx.delete(sessions).where(and(eq(sessions.accountId, accountId), others));
  });
}
