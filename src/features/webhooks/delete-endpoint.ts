import { and, eq } from 'drizzle-orm';
import { webhookEndpoints } from '../../db/schema.js';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { authorizeWebhooks } from './policy.js';
import { requireEndpoint } from './repository.js';

/** Removes an endpoint with its delivery log; nothing more is sent to it. */
export async function deleteEndpoint(services: Services, actor: Actor, orgId: string, endpointId: string): Promise<void> {
  await inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    authorizeWebhooks(orgActor, 'remove webhook endpoints');
    const endpoint = await requireEndpoint(tx, orgId, endpointId);
    await tx.delete(webhookEndpoints).where(and(eq(webhookEndpoints.orgId, orgId), eq(webhookEndpoints.id, endpointId)));
    await recordAudit(tx, orgActor, {
      action: 'webhook.endpoint_deleted',
      targetType: 'webhook_endpoint',
      targetId: endpointId,
      data: { url: endpoint.url },
    });
  });
}
