import { eq, sql } from 'drizzle-orm';
import { accounts } from '../../db/schema.js';
import { AppError, notFound } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import type { AccountRow } from '../accounts/repository.js';
import type { Actor } from '../auth/actor.js';
import { requirePerson } from '../auth/require-person.js';
import { canonicalTimeZone } from '../orgs/learning-settings.js';
import type { UpdateProfileInput } from './schemas.js';

/** A person changes their own name and time zone. */
export async function updateProfile(services: Services, actor: Actor, input: UpdateProfileInput): Promise<AccountRow> {
  const accountId = requirePerson(actor, 'change your account');
  const changes: Partial<typeof accounts.$inferInsert> = {};
  if (input.firstName !== undefined) changes.firstName = input.firstName.trim();
  if (input.lastName !== undefined) changes.lastName = input.lastName.trim();
  if (input.timeZone !== undefined) {
    const zone = input.timeZone === null ? null : canonicalTimeZone(input.timeZone.trim());
    if (input.timeZone !== null && !zone) {
      throw new AppError('validation_failed', `"${input.timeZone}" is not a time zone. Use a name such as "Europe/Paris" or "UTC".`, {
        errors: [{ field: '/timeZone', message: 'is not a known time zone' }],
      });
    }
    changes.timeZone = zone;
  }
  return inTransaction(services, async (tx) => {
    const [row] = await tx
      .update(accounts)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(accounts.id, accountId))
      .returning();
    if (!row) throw notFound('The account');
    return row;
  });
}
