import { and, eq, isNull } from 'drizzle-orm';
import { apiKeys } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { authorizeManageKeys } from './policy.js';

/**
 * Revokes a key at once: its next request gets 401 on every instance, since each request
 * looks the key up. Revoking a revoked key changes nothing.
 */
export async function revokeApiKey(services: Services, actor: Actor, orgId: string, keyId: string): Promise<void> {
  await inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    authorizeManageKeys(orgActor, 'revoke API keys');
    const [key] = await tx
      .select({ id: apiKeys.id, name: apiKeys.name, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, keyId)))
      .limit(1);
    if (!key) throw notFound('The API key');
    const revoked = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date(), revokedByLabel: orgActor.label })
      .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    if (revoked.length === 0) return;
    await recordAudit(tx, orgActor, { action: 'api_key.revoked', targetType: 'api_key', targetId: keyId, data: { name: key.name } });
  });
}
