import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/sql.js';
import { enqueue } from '../../jobs/queue.js';
import { notFound } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { authorizeWebhooks } from './policy.js';
import { requireEndpoint } from './repository.js';

/** Sends one event to the endpoint again (same webhook-id), after whatever already waits for it. */
export async function redeliver(services: Services, actor: Actor, orgId: string, endpointId: string, deliveryId: string) {
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    authorizeWebhooks(orgActor, 'redeliver webhook events');
    await requireEndpoint(tx, orgId, endpointId);
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`
      insert into webhook_deliveries (org_id, endpoint_id, event_id)
      select org_id, endpoint_id, event_id from webhook_deliveries
      where org_id = ${orgId} and endpoint_id = ${endpointId} and id = ${deliveryId}::bigint
      returning id::text`,
    );
    if (!row) throw notFound('The delivery');
    await enqueue(tx, 'webhook-deliver', { endpointId });
    await recordAudit(tx, orgActor, {
      action: 'webhook.redelivered',
      targetType: 'webhook_endpoint',
      targetId: endpointId,
      data: { deliveryId, newDeliveryId: row.id },
    });
    return { deliveryId: row.id };
  });
}
