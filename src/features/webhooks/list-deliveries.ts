import { type SQL, sql } from 'drizzle-orm';
import { queryRows } from '../../db/sql.js';
import { iso } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { authorizeWebhooks } from './policy.js';
import { requireEndpoint } from './repository.js';

interface Row {
  id: string;
  event_id: string;
  event_type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  created_at: string;
  delivered_at: string | null;
  payload: Record<string, unknown>;
  last_attempts: { at: string; statusCode: number | null; error: string | null; responseExcerpt: string | null; durationMs: number }[];
}

export interface DeliveriesQuery {
  readonly status?: Row['status'];
  /** The id of the last delivery of the previous page. */
  readonly before?: string;
  readonly limit: number;
}

/** Newest first along webhook_deliveries_endpoint_idx, each delivery with its latest attempts. */
export const deliveriesPage = (orgId: string, endpointId: string, query: DeliveriesQuery): SQL =>
  sql`
    select d.id::text, d.event_id, e.type as event_type, d.status, d.attempts, d.created_at, d.delivered_at, e.payload,
           coalesce((select json_agg(json_build_object('at', a.at, 'statusCode', a.status_code, 'error', a.error,
                                                       'responseExcerpt', a.response_excerpt, 'durationMs', a.duration_ms) order by a.id desc)
                     from (select * from webhook_attempts a where a.delivery_id = d.id order by a.id desc limit 5) a), '[]'::json) as last_attempts
    from webhook_deliveries d join webhook_events e on e.id = d.event_id
    where d.org_id = ${orgId} and d.endpoint_id = ${endpointId}
      ${query.status ? sql`and d.status = ${query.status}` : sql``}
      ${query.before ? sql`and d.id < ${query.before}::bigint` : sql``}
    order by d.id desc nulls last
    limit ${query.limit}`;

/** An endpoint's delivery log, newest first, each delivery with its latest attempts. */
export async function listDeliveries(services: Services, actor: Actor, orgId: string, endpointId: string, query: DeliveriesQuery) {
  authorizeWebhooks(await resolveOrgActor(services.db, actor, orgId), 'see webhook deliveries');
  await requireEndpoint(services.db, orgId, endpointId);
  const rows = await queryRows<Row>(services.db, deliveriesPage(orgId, endpointId, query));
  return rows.map((row) => ({
    id: row.id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    createdAt: iso(row.created_at) ?? '',
    deliveredAt: iso(row.delivered_at),
    payload: row.payload,
    lastAttempts: row.last_attempts.map((a) => ({ ...a, at: iso(a.at) ?? '' })),
  }));
}
