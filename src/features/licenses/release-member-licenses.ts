import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import type { OrgActor } from '../access/org-actor.js';
import { type AuditActor, recordAuditMany } from '../audit/record-audit.js';
import { memberLabel } from './repository.js';

export interface ReleasedLicenses {
  /** Ids of transferable add-ons whose license went back to the bank. */
  readonly returned: string[];
  /** Ids of non-transferable add-ons whose license is consumed for good. */
  readonly consumed: string[];
}

/**
 * A member leaves (removal, plan end: ): every add-on license they hold is
 * released at once. A non-transferable one is consumed for good (used − 1,
 * consumed + 1); every other one returns to the bank (used − 1). Their assignments are
 * deleted and each release is logged as `license.consumed` or `license.returned` by
 * `actor`. Runs in the caller's transaction; seats are returned separately (`returnSeat`).
 * Deleting first makes it safe against a concurrent unassignment of the same license:
 * only one of them finds the row, so the counts move once.
 */
export async function releaseMemberLicenses(
  tx: Db,
  input: { orgId: string; membershipId: string; actor: AuditActor | OrgActor },
): Promise<ReleasedLicenses> {
  const { orgId, membershipId } = input;
  // The add-ons are locked in one order, so two people leaving at once never deadlock.
  await tx.execute(sql`
    select id from add_on_licenses
    where org_id = ${orgId}
      and id in (select add_on_id from add_on_assignments where org_id = ${orgId} and membership_id = ${membershipId})
    order by id for update`);
  const rows = await queryRows<{ id: string; name: string; transferable: boolean }>(
    tx,
    sql`
    with gone as (
      delete from add_on_assignments where org_id = ${orgId} and membership_id = ${membershipId}
      returning add_on_id)
    update add_on_licenses l
      set used = l.used - 1, consumed = l.consumed + case when l.transferable then 0 else 1 end
    from gone
    where l.id = gone.add_on_id and l.org_id = ${orgId}
    returning l.id, l.name, l.transferable`,
  );
  if (rows.length === 0) return { returned: [], consumed: [] };
  rows.sort((a, b) => a.name.localeCompare(b.name));
  const member = await memberLabel(tx, orgId, membershipId);
  await recordAuditMany(
    tx,
    input.actor,
    rows.map((row) => ({
      action: row.transferable ? 'license.returned' : 'license.consumed',
      targetType: 'add_on_license',
      targetId: row.id,
      data: { addOn: row.name, memberId: membershipId, member, reason: 'member_left' },
    })),
  );
  return {
    returned: rows.filter((row) => row.transferable).map((row) => row.id),
    consumed: rows.filter((row) => !row.transferable).map((row) => row.id),
  };
}
