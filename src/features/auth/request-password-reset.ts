import { parseAddress } from '../../lib/email-address.js';
import { AppError } from '../../lib/errors.js';
import { queueEmail } from '../../mail/queue-email.js';
import { passwordResetEmail } from '../../mail/templates/password-reset.js';
import { inTransaction, link, type Services } from '../../services.js';
import { findAccountByEmail } from '../accounts/repository.js';
import type { Actor } from './actor.js';
import { hitRateLimit, RATE_RULES } from './rate-limit.js';
import { createPasswordToken, RESET_LINK_MINUTES } from './repository.js';

/**
 * Mails a one-hour reset link when the address belongs to an active account. The caller
 * gets the same answer either way, so the endpoint cannot be used to find out who has an
 * account. Only a malformed address is refused, which says nothing about anyone.
 */
export async function requestPasswordReset(services: Services, actor: Actor, input: { email: string }): Promise<void> {
  await hitRateLimit(services.db, RATE_RULES.passwordPerIp, actor.ip ?? 'unknown');
  const parsed = parseAddress(input.email);
  if (!parsed.ok) {
    throw new AppError('validation_failed', parsed.reason, { errors: [{ field: '/email', message: parsed.reason }] });
  }
  // Counted for every address, known or not, so one inbox cannot be flooded from many places.
  await hitRateLimit(services.db, RATE_RULES.passwordPerAddress, parsed.email);
  await inTransaction(services, async (tx) => {
    const account = await findAccountByEmail(tx, parsed.email);
    if (!account?.email || account.status !== 'active') return;
    const token = await createPasswordToken(tx, { accountId: account.id, purpose: 'reset', validForMs: RESET_LINK_MINUTES * 60_000 });
    await queueEmail(tx, {
      orgId: null,
      kind: 'password-reset',
      to: account.email,
      ...passwordResetEmail({ url: link(services, `/reset-password/${token}`) }),
    });
  });
}
