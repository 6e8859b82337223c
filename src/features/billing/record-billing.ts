import type { Db } from '../../db/client.js';
import { billingEvents } from '../../db/schema.js';

/** A member becomes billable (start) or stops being billable (stop): R-25. */
export async function recordBilling(
  db: Db,
  event: { orgId: string; membershipId: string; kind: 'start' | 'stop'; reason: string },
): Promise<void> {
  await db.insert(billingEvents).values(event);
}
