import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { type BillingEvent, type MemberBilling, memberBilling, peakBillable } from './billing-figures.js';
import type { BillingPeriod } from './billing-period.js';

export interface BillingReport {
  readonly members: (MemberBilling & { readonly memberId: string; readonly email: string | null })[];
  readonly totals: { readonly billableSeatDays: number; readonly peakBillable: number; readonly newBillableMembers: number };
}

/**
 * An organization's billing figures for a period, from the events recorded as members became
 * and stopped being billable. Every event before the period's end is read, ordered by
 * member: whether someone is billable on its first day depends on what came before.
 */
export async function billingReport(db: Db, orgId: string, period: BillingPeriod): Promise<BillingReport> {
  const rows = await queryRows<{ membership_id: string; email: string | null; kind: 'start' | 'stop'; at: Date | string }>(
    db,
    sql`select b.membership_id, m.email, b.kind, b.at from billing_events b
        join memberships m on m.id = b.membership_id and m.org_id = b.org_id
        where b.org_id = ${orgId} and b.at < ${period.end.toISOString()}::timestamptz
        order by b.membership_id, b.at, b.id`,
  );
  const members: BillingReport['members'][number][] = [];
  let i = 0;
  while (i < rows.length) {
    const first = rows[i];
    if (!first) break;
    const events: BillingEvent[] = [];
    while (i < rows.length && rows[i]?.membership_id === first.membership_id) {
      const row = rows[i];
      if (row) events.push({ kind: row.kind, at: new Date(row.at).getTime() });
      i += 1;
    }
    const figures = memberBilling(events, period);
    if (figures.intervals.length > 0 || figures.isNew) members.push({ memberId: first.membership_id, email: first.email, ...figures });
  }
  members.sort((a, b) => (a.email ?? '').localeCompare(b.email ?? '') || a.memberId.localeCompare(b.memberId));
  return {
    members,
    totals: {
      billableSeatDays: members.reduce((sum, member) => sum + member.billableDays, 0),
      peakBillable: peakBillable(members, period),
      newBillableMembers: members.filter((member) => member.isNew).length,
    },
  };
}
