import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared-statements.js';

export interface BillingEvent {
  readonly orgId: string;
  readonly membershipId: string;
  readonly kind: 'start' | 'stop';
  readonly reason: string;
}

/** A member becomes billable (start) or stops being billable (stop): R-25. */
export async function recordBilling(db: Db, event: BillingEvent): Promise<void> {
  await db.execute(prepared(billingInsert(event)));
}

/** The same as a statement, for a caller that writes it together with others (an acceptance). */
export const billingInsert = (event: BillingEvent): SQL =>
  sql`insert into billing_events (org_id, membership_id, kind, reason) values (${event.orgId}, ${event.membershipId}, ${event.kind}, ${event.reason})`;
