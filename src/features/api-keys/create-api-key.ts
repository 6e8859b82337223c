import { apiKeys, apiKeyTeams } from '../../db/schema.js';
import { AppError, notFound } from '../../lib/errors.js';
import { hashToken } from '../../lib/tokens.js';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { assertTeamsExist } from '../teams/place-in-team.js';
import { authorizeKeyRole, authorizeManageKeys } from './policy.js';
import { presentKey } from './presenter.js';
import { findKeys } from './repository.js';
import type { CreateApiKeyInput } from './schemas.js';
import { newApiKeySecret, secretPrefix } from './secret.js';

/** Creates a key and returns its secret, this once. */
export async function createApiKey(services: Services, actor: Actor, orgId: string, input: CreateApiKeyInput) {
  const teamIds = [...new Set(input.teamIds ?? [])];
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) {
    throw new AppError(
      'validation_failed',
      'The expiry date is in the past: choose a later date, or none for a key that does not expire.',
      {
        errors: [{ field: '/expiresAt', message: 'must be in the future' }],
      },
    );
  }
  if (input.role === 'admin' && teamIds.length > 0) {
    throw new AppError('validation_failed', 'An administrator key acts on the whole organization: leave out teamIds.', {
      errors: [{ field: '/teamIds', message: 'must be empty for an administrator key' }],
    });
  }
  if (input.role !== 'admin' && teamIds.length === 0) {
    throw new AppError('validation_failed', `A ${input.role.replace('_', ' ')} key acts on chosen teams: name at least one in teamIds.`, {
      errors: [{ field: '/teamIds', message: 'must name at least one team' }],
    });
  }
  const secret = newApiKeySecret();
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    authorizeManageKeys(orgActor, 'create API keys');
    authorizeKeyRole(orgActor, input.role);
    await assertTeamsExist(tx, orgId, teamIds);
    const [row] = await tx
      .insert(apiKeys)
      .values({
        orgId,
        name: input.name.trim() || input.name,
        prefix: secretPrefix(secret),
        secretHash: hashToken(secret),
        role: input.role,
        scopes: [...new Set(input.scopes ?? [])],
        createdBy: orgActor.accountId,
        createdByLabel: orgActor.label,
        expiresAt,
      })
      .returning({ id: apiKeys.id });
    if (!row) throw new Error('the key was not created');
    if (teamIds.length > 0) await tx.insert(apiKeyTeams).values(teamIds.map((teamId) => ({ orgId, keyId: row.id, teamId })));
    await recordAudit(tx, orgActor, {
      action: 'api_key.created',
      targetType: 'api_key',
      targetId: row.id,
      data: { name: input.name, role: input.role, teams: teamIds, scopes: input.scopes ?? [], expiresAt: expiresAt?.toISOString() ?? null },
    });
    const [created] = await findKeys(tx, orgId, row.id);
    if (!created) throw notFound('The key');
    return { ...presentKey(created), secret };
  });
}
