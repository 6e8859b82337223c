import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { pgArray, queryRows } from '../../db/sql.js';
import { insertJobs } from '../../jobs/queue.js';
import { newId } from '../../lib/ids.js';
import { type AuditLike, eventsOf } from './event-catalogue.js';

/** Who made the change, as the event tells it. */
export interface EventActor {
  readonly orgId: string;
  readonly label: string;
}

export interface NewEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

export interface ActiveEndpoint {
  readonly id: string;
  readonly event_types: string[];
}

/** The organization's active endpoints: one indexed read, which the audit insert carries along. */
export const activeEndpoints = (orgId: string | SQL): SQL =>
  sql`select id, event_types from webhook_endpoints where org_id = ${orgId} and status = 'active'`;

/** The same endpoints as one JSON array (`ActiveEndpoint[]`, `[]` for none), for a statement that reads other things too. */
export const activeEndpointsJson = (orgId: string | SQL): SQL =>
  sql`coalesce((select json_agg(e) from (${activeEndpoints(orgId)}) e), '[]'::json)`;

/**
 * Raises the webhook events of audited changes, in the same transaction (called where audit
 * entries are recorded, so every audited change raises its events). An organization without
 * active endpoints pays one indexed read; otherwise one statement writes the events, a
 * delivery per subscribed endpoint (in the order of the changes) and, per endpoint, a job
 * unless one is already waiting.
 */
export async function raiseWebhookEvents(db: Db, actor: EventActor, entries: readonly AuditLike[]): Promise<void> {
  await raiseEventsTo(db, actor, entries, await queryRows<ActiveEndpoint>(db, activeEndpoints(actor.orgId)));
}

/** The same, with the endpoints already read. */
export async function raiseEventsTo(
  db: Db,
  actor: EventActor,
  entries: readonly AuditLike[],
  endpoints: readonly ActiveEndpoint[],
): Promise<void> {
  if (endpoints.length === 0) return;
  const events: NewEvent[] = [];
  for (const entry of entries) {
    for (const { type, extra } of eventsOf(entry)) {
      events.push({
        type,
        data: {
          ...(entry.targetType ? { object: entry.targetType, objectId: entry.targetId ?? null } : {}),
          ...entry.data,
          ...extra,
          actor: actor.label,
        },
      });
    }
  }
  await writeEvents(db, actor.orgId, events, (type) => endpoints.filter((e) => e.event_types.includes(type)).map((e) => e.id));
}

/**
 * Writes events and their deliveries to the endpoints `to(type)` names, and a job per endpoint
 * that has none waiting. Returns the events' ids.
 */
export async function writeEvents(db: Db, orgId: string, events: readonly NewEvent[], to: (type: string) => string[]): Promise<string[]> {
  const ids: string[] = [];
  const payloads: string[] = [];
  const deliveries: { eventId: string; endpointId: string }[] = [];
  const at = new Date().toISOString();
  for (const event of events) {
    const targets = to(event.type);
    if (targets.length === 0) continue;
    const id = newId();
    ids.push(id);
    payloads.push(JSON.stringify({ type: event.type, id, timestamp: at, data: event.data }));
    for (const endpointId of targets) deliveries.push({ eventId: id, endpointId });
  }
  if (ids.length === 0) return [];
  const types = events.filter((e) => to(e.type).length > 0).map((e) => e.type);
  const waiting: SQL = sql`select 1 from jobs j where j.kind = 'webhook-deliver' and j.status = 'queued' and j.payload->>'endpointId' = d.endpoint_id::text`;
  // Sent now, not when awaited (drizzle's execute() waits for its then()): behind a statement
  // and before the COMMIT sent after it, in the order called (decision 0023).
  await queryRows(
    db,
    sql`
    with ev as (
      insert into webhook_events (id, org_id, type, payload, created_at)
      select u.id, ${orgId}::uuid, u.type, u.payload, ${at}::timestamptz
      from rows from (unnest(${pgArray(ids)}::uuid[]), unnest(${pgArray(types)}::text[]), jsonb_array_elements(${`[${payloads.join(',')}]`}::jsonb))
        as u (id, type, payload)
      returning id
    ), d as (
      insert into webhook_deliveries (org_id, endpoint_id, event_id)
      select ${orgId}::uuid, u.endpoint_id, u.event_id
      from unnest(${pgArray(deliveries.map((d) => d.endpointId))}::uuid[], ${pgArray(deliveries.map((d) => d.eventId))}::uuid[])
        with ordinality as u (endpoint_id, event_id, n)
      -- Keys are checked at the end of the statement, when the events above exist.
      order by u.n
      returning endpoint_id
    )
    ${insertJobs('webhook-deliver', sql`select distinct jsonb_build_object('endpointId', d.endpoint_id) as p from d where not exists (${waiting})`)}`,
  );
  return ids;
}
