import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/sql.js';
import { parseAddress } from '../../lib/email-address.js';
import { AppError } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { recordAuditMany } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { eraseTraces, newErasureReference } from './erase-traces.js';
import { authorizeInstallationErasure } from './policy.js';

/**
 * The operator erases a person everywhere (R-27), by address: their account, and their place
 * in every organization that invited or had them. Refused while they are an active member
 * anywhere (each organization removes them first, which settles seats and billing).
 */
export async function eraseAddress(
  services: Services,
  actor: Actor,
  input: { email: string },
): Promise<{ reference: string; organizations: number; accountErased: boolean }> {
  authorizeInstallationErasure(actor);
  const parsed = parseAddress(input.email);
  if (!parsed.ok) {
    throw new AppError('validation_failed', `"${input.email}" is not an email address: ${parsed.reason}`, {
      errors: [{ field: '/email', message: parsed.reason }],
    });
  }
  const email = parsed.email;
  return inTransaction(services, async (tx) => {
    const [account] = await queryRows<{ id: string }>(tx, sql`select id from accounts where email = ${email} for update`);
    const found = await queryRows<{ id: string; org_id: string; status: string }>(
      tx,
      sql`select id, org_id, status from memberships
          where erased_at is null and (email = ${email} ${account ? sql`or account_id = ${account.id}` : sql``})
          order by org_id for update`,
    );
    if (!account && found.length === 0) throw new AppError('not_found', `Roster holds nothing for ${email}.`);
    const active = found.filter((m) => m.status === 'active').length;
    if (active > 0) {
      throw new AppError(
        'conflict',
        `${email} is still an active member of ${active} organization(s). Remove them there first, then erase their data.`,
      );
    }
    const reference = newErasureReference();
    const counts = await eraseTraces(
      tx,
      {
        memberships: found.map((m) => ({ id: m.id, orgId: m.org_id })),
        accountId: account?.id ?? null,
        eraseAccount: true,
        addresses: [email],
      },
      reference,
    );
    for (const m of found) {
      await recordAuditMany(tx, { orgId: m.org_id, accountId: null, label: 'operator', ip: actor.ip }, [
        {
          action: 'person.erased',
          targetType: 'membership',
          targetId: m.id,
          data: { reference, accountErased: Boolean(account), cause: 'operator', erased: counts },
        },
      ]);
    }
    return { reference, organizations: new Set(found.map((m) => m.org_id)).size, accountErased: Boolean(account) };
  });
}
