import { sql } from 'drizzle-orm';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { authorizeWebhooks } from './policy.js';
import { presentEndpoint } from './presenter.js';
import { requireEndpoint } from './repository.js';
import { newSigningSecret } from './signing.js';

/** How long the secret rotated out keeps signing beside the new one, so receivers can roll over. */
export const PREVIOUS_SECRET_HOURS = 24;

/** A new signing secret, shown once; the old one stays valid for a day. */
export async function rotateSecret(services: Services, actor: Actor, orgId: string, endpointId: string) {
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    authorizeWebhooks(orgActor, 'rotate webhook secrets');
    await requireEndpoint(tx, orgId, endpointId);
    const secret = newSigningSecret();
    await tx.execute(sql`
      update webhook_endpoints set previous_secret = secret, secret = ${secret},
        previous_secret_until = now() + make_interval(hours => ${PREVIOUS_SECRET_HOURS})
      where org_id = ${orgId} and id = ${endpointId}`);
    await recordAudit(tx, orgActor, { action: 'webhook.secret_rotated', targetType: 'webhook_endpoint', targetId: endpointId });
    return { ...presentEndpoint(await requireEndpoint(tx, orgId, endpointId)), secret };
  });
}
