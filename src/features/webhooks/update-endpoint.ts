import { and, eq } from 'drizzle-orm';
import { webhookEndpoints } from '../../db/schema.js';
import { enqueue } from '../../jobs/queue.js';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { checkEndpointUrl } from './destination.js';
import { authorizeWebhooks } from './policy.js';
import { presentEndpoint } from './presenter.js';
import { requireEndpoint } from './repository.js';
import type { UpdateEndpointInput } from './schemas.js';

/** Changes an endpoint's address, events or description; enables it again (its failures forgotten) or stops it. */
export async function updateEndpoint(services: Services, actor: Actor, orgId: string, endpointId: string, input: UpdateEndpointInput) {
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    authorizeWebhooks(orgActor, 'change webhook endpoints');
    const before = await requireEndpoint(tx, orgId, endpointId);
    const url = input.url === undefined ? undefined : checkEndpointUrl(input.url, services.config.webhookAllowPrivate).toString();
    const enable = input.enabled === true && before.status === 'disabled';
    await tx
      .update(webhookEndpoints)
      .set({
        ...(url === undefined ? {} : { url }),
        ...(input.eventTypes === undefined ? {} : { eventTypes: [...input.eventTypes] }),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(enable ? { status: 'active', disabledReason: null, failingSince: null, consecutiveFailures: 0, nextAttemptAt: null } : {}),
        ...(input.enabled === false ? { status: 'disabled', disabledReason: `Disabled by ${orgActor.label}.` } : {}),
      })
      .where(and(eq(webhookEndpoints.orgId, orgId), eq(webhookEndpoints.id, endpointId)));
    // Whatever waited while it was disabled goes out now.
    if (enable) await enqueue(tx, 'webhook-deliver', { endpointId });
    await recordAudit(tx, orgActor, {
      action: 'webhook.endpoint_changed',
      targetType: 'webhook_endpoint',
      targetId: endpointId,
      data: { ...input, ...(url === undefined ? {} : { url }) },
    });
    return presentEndpoint(await requireEndpoint(tx, orgId, endpointId));
  });
}
