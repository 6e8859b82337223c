import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { recordAudit } from '../audit/record-audit.js';
import { accountIsOrphan } from './erase-member.js';
import { eraseTraces, newErasureReference } from './erase-traces.js';

/**
 * The retention period: people removed longer ago than their organization's period
 * are erased, one transaction each, at most `limit` per run (the next run takes the rest).
 * Their account goes with them only when no other organization still has them. Returns how
 * many were erased.
 */
export async function sweepRetention(db: Db, limit = 200): Promise<number> {
  const due = await queryRows<{ id: string; org_id: string; account_id: string | null }>(
    db,
    sql`select m.id, m.org_id, m.account_id from memberships m join organizations o on o.id = m.org_id
        where m.status = 'removed' and m.erased_at is null and o.retention_days is not null
          and m.removed_at < now() - make_interval(days => o.retention_days)
        order by m.removed_at limit ${limit}`,
  );
  for (const member of due) {
    await db.transaction(async (raw) => {
      const tx = raw as unknown as Db;
      // Still due, and not erased meanwhile by someone else (another instance's sweep, a request).
      const [still] = await queryRows<{ id: string }>(
        tx,
        sql`select id from memberships where id = ${member.id} and status = 'removed' and erased_at is null for update skip locked`,
      );
      if (!still) return;
      const reference = newErasureReference();
      const eraseAccount = member.account_id !== null && (await accountIsOrphan(tx, member.account_id, [member.id]));
      const counts = await eraseTraces(
        tx,
        { memberships: [{ id: member.id, orgId: member.org_id }], accountId: member.account_id, eraseAccount },
        reference,
      );
      await recordAudit(
        tx,
        { orgId: member.org_id, accountId: null, label: 'system', ip: null },
        {
          action: 'person.erased',
          targetType: 'membership',
          targetId: member.id,
          data: { reference, accountErased: eraseAccount, cause: 'retention', erased: counts },
        },
      );
    });
  }
  return due.length;
}
