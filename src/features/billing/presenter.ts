import { csvLine, UTF8_BOM } from '../../lib/spreadsheet-cell.js';
import type { BillingReport } from './billing-report.js';
import type { OrgBillingTotals } from './get-operator-billing.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function presentBillingReport(report: BillingReport & { period: { from: string; to: string } }) {
  return {
    period: report.period,
    totals: report.totals,
    members: report.members.map((member) => ({
      memberId: member.memberId,
      email: member.email,
      billableDays: member.billableDays,
      isNew: member.isNew,
      intervals: member.intervals.map((interval) => ({ from: iso(interval.from), to: interval.to === null ? null : iso(interval.to) })),
    })),
  };
}

/** One line per member (intervals joined), then the totals. */
export function billingReportCsv(report: BillingReport & { period: { from: string; to: string } }): string {
  let text = `${UTF8_BOM}${csvLine(['member_id', 'email', 'billable_days', 'new', 'intervals'])}`;
  for (const member of report.members) {
    const intervals = member.intervals.map((i) => `${iso(i.from)}/${i.to === null ? '' : iso(i.to)}`).join(' ');
    text += csvLine([member.memberId, member.email, member.billableDays, member.isNew ? 'yes' : 'no', intervals]);
  }
  const { totals } = report;
  text += csvLine([
    'total',
    `${report.period.from} to ${report.period.to}`,
    totals.billableSeatDays,
    totals.newBillableMembers,
    `peak ${totals.peakBillable}`,
  ]);
  return text;
}

export function operatorBillingCsv(items: readonly OrgBillingTotals[]): string {
  let text = `${UTF8_BOM}${csvLine(['org_id', 'name', 'slug', 'kind', 'seats', 'billable_seat_days', 'peak_billable', 'new_billable_members'])}`;
  for (const o of items) {
    text += csvLine([o.orgId, o.name, o.slug, o.kind, o.seats, o.billableSeatDays, o.peakBillable, o.newBillableMembers]);
  }
  return text;
}
