import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { inTransaction, type Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { lockMembership } from '../members/repository.js';
import { resolveOrgActor } from '../orgs/org-actor.js';
import { eraseTraces, newErasureReference } from './erase-traces.js';
import { authorizeErasure } from './policy.js';

/** True when the account has no membership left anywhere that is not erased, besides these. */
export async function accountIsOrphan(tx: Db, accountId: string, except: readonly string[]): Promise<boolean> {
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from memberships where account_id = ${accountId} and erased_at is null
          and not (id = any(${`{${except.join(',')}}`}::uuid[]))`,
  );
  return Number(row?.n ?? 0) === 0;
}

/**
 * Erases a person of the organization at once (R-27), on request: their data here, and their
 * account too when no other organization has them. The log records the erasure with the
 * opaque reference only.
 */
export async function eraseMember(
  services: Services,
  actor: Actor,
  orgId: string,
  memberId: string,
): Promise<{ reference: string; accountErased: boolean }> {
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    const member = await lockMembership(tx, orgId, memberId);
    authorizeErasure(orgActor, member);
    const reference = newErasureReference();
    const eraseAccount = member.accountId !== null && (await accountIsOrphan(tx, member.accountId, [member.id]));
    const counts = await eraseTraces(tx, { memberships: [{ id: member.id, orgId }], accountId: member.accountId, eraseAccount }, reference);
    await recordAudit(tx, orgActor, {
      action: 'person.erased',
      targetType: 'membership',
      targetId: member.id,
      data: { reference, accountErased: eraseAccount, cause: 'request', erased: counts },
    });
    return { reference, accountErased: eraseAccount };
  });
}
