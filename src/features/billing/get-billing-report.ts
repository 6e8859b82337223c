import type { Services } from '../../services.js';
import type { Actor } from '../auth/actor.js';
import { resolveOrgActor } from '../orgs/org-actor.js';
import { billingPeriod } from './billing-period.js';
import { type BillingReport, billingReport } from './billing-report.js';
import { authorizeBillingReport } from './policy.js';

/** One organization's billable intervals, days and totals for a period. */
export async function getBillingReport(
  services: Services,
  actor: Actor,
  orgId: string,
  input: { from: string; to: string },
): Promise<BillingReport & { period: { from: string; to: string } }> {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  authorizeBillingReport(orgActor);
  const period = billingPeriod(input.from, input.to);
  return { period: { from: period.from, to: period.to }, ...(await billingReport(services.db, orgId, period)) };
}
