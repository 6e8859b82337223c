import { AppError } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { TEST_EVENT } from '../audit/event-catalogue.js';
import { writeEvents } from '../audit/raise-events.js';
import type { Actor } from '../auth/actor.js';
import { authorizeWebhooks } from './policy.js';
import { requireEndpoint } from './repository.js';

/** Queues a `webhook.test` event for this endpoint alone, whatever it subscribed to. */
export async function sendTestEvent(services: Services, actor: Actor, orgId: string, endpointId: string): Promise<{ eventId: string }> {
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    authorizeWebhooks(orgActor, 'send test events');
    const endpoint = await requireEndpoint(tx, orgId, endpointId);
    if (endpoint.status === 'disabled') {
      throw new AppError('conflict', 'This endpoint is disabled: enable it first, then send a test event.');
    }
    const [eventId] = await writeEvents(
      tx,
      orgId,
      [{ type: TEST_EVENT, data: { message: 'A test event sent from Roster.', endpointId, actor: orgActor.label } }],
      () => [endpointId],
    );
    if (!eventId) throw new Error('the test event was not written');
    return { eventId };
  });
}
