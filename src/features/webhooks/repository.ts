import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { notFound } from '../../lib/errors.js';

export interface EndpointRecord {
  id: string;
  orgId: string;
  url: string;
  description: string;
  eventTypes: string[];
  status: 'active' | 'disabled';
  disabledReason: string | null;
  failingSince: string | null;
  nextAttemptAt: string | null;
  previousSecretUntil: string | null;
  pending: number;
  createdByLabel: string;
  createdAt: string;
}

/** The organization's endpoints (or one), each with how many deliveries wait. */
export async function findEndpoints(db: Db, orgId: string, endpointId?: string): Promise<EndpointRecord[]> {
  return queryRows<EndpointRecord>(
    db,
    sql`
    select w.id, w.org_id as "orgId", w.url, w.description, w.event_types as "eventTypes", w.status, w.disabled_reason as "disabledReason",
           w.failing_since as "failingSince", w.next_attempt_at as "nextAttemptAt",
           case when w.previous_secret_until > now() then w.previous_secret_until end as "previousSecretUntil",
           (select count(*)::int from webhook_deliveries d where d.endpoint_id = w.id and d.status = 'pending') as pending,
           w.created_by_label as "createdByLabel", w.created_at as "createdAt"
    from webhook_endpoints w
    where w.org_id = ${orgId} ${endpointId === undefined ? sql`` : sql`and w.id = ${endpointId}`}
    order by w.created_at, w.id`,
  );
}

export async function requireEndpoint(db: Db, orgId: string, endpointId: string): Promise<EndpointRecord> {
  const [endpoint] = await findEndpoints(db, orgId, endpointId);
  if (!endpoint) throw notFound('The webhook endpoint');
  return endpoint;
}
