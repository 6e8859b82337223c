import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/sql.js';
import type { Services } from '../../services.js';
import type { Actor } from '../auth/actor.js';
import { billingPeriod } from './billing-period.js';
import { billingReport } from './billing-report.js';
import { authorizeOperatorBilling } from './policy.js';

export interface OrgBillingTotals {
  readonly orgId: string;
  readonly name: string;
  readonly slug: string;
  readonly kind: string;
  readonly seats: number;
  readonly billableSeatDays: number;
  readonly peakBillable: number;
  readonly newBillableMembers: number;
}

/** Every organization's totals for a period, for the operator's invoicing. */
export async function getOperatorBilling(
  services: Services,
  actor: Actor,
  input: { from: string; to: string },
): Promise<{ period: { from: string; to: string }; items: OrgBillingTotals[] }> {
  authorizeOperatorBilling(actor);
  const period = billingPeriod(input.from, input.to);
  const orgs = await queryRows<{ id: string; name: string; slug: string; kind: string; seats: number }>(
    services.db,
    sql`select id, name, slug, kind, seats from organizations order by lower(name), id`,
  );
  const items: OrgBillingTotals[] = [];
  // One organization at a time: memory holds one organization's events, however many there are.
  for (const org of orgs) {
    const { totals } = await billingReport(services.db, org.id, period);
    items.push({ orgId: org.id, name: org.name, slug: org.slug, kind: org.kind, seats: org.seats, ...totals });
  }
  return { period: { from: period.from, to: period.to }, items };
}
