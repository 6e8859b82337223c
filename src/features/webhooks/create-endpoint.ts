import { webhookEndpoints } from '../../db/schema.js';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { checkEndpointUrl } from './destination.js';
import { authorizeWebhooks } from './policy.js';
import { presentEndpoint } from './presenter.js';
import { requireEndpoint } from './repository.js';
import type { CreateEndpointInput } from './schemas.js';
import { newSigningSecret } from './signing.js';

/** Adds an endpoint; its signing secret is in this answer only. */
export async function createEndpoint(services: Services, actor: Actor, orgId: string, input: CreateEndpointInput) {
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    authorizeWebhooks(orgActor, 'add webhook endpoints');
    const url = checkEndpointUrl(input.url, services.config.webhookAllowPrivate).toString();
    const secret = newSigningSecret();
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        orgId,
        url,
        description: input.description ?? '',
        eventTypes: [...input.eventTypes],
        secret,
        createdByLabel: orgActor.label,
      })
      .returning({ id: webhookEndpoints.id });
    if (!row) throw new Error('the endpoint was not created');
    await recordAudit(tx, orgActor, {
      action: 'webhook.endpoint_created',
      targetType: 'webhook_endpoint',
      targetId: row.id,
      data: { url, eventTypes: input.eventTypes },
    });
    return { ...presentEndpoint(await requireEndpoint(tx, orgId, row.id)), secret };
  });
}
