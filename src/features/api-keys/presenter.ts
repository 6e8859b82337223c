import { iso } from '../../http/schemas.js';
import type { ApiKeyRecord } from './repository.js';
import type { ApiKeyViewType } from './schemas.js';

export function keyStatus(key: Pick<ApiKeyRecord, 'revokedAt' | 'expiresAt'>, now = new Date()): ApiKeyViewType['status'] {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && new Date(key.expiresAt) <= now) return 'expired';
  return 'active';
}

export function presentKey(key: ApiKeyRecord): ApiKeyViewType {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    role: key.role,
    teams: key.teams,
    scopes: key.scopes,
    status: keyStatus(key),
    createdBy: key.createdByLabel,
    createdAt: iso(key.createdAt) ?? '',
    expiresAt: iso(key.expiresAt),
    revokedAt: iso(key.revokedAt),
    lastUsedAt: iso(key.lastUsedAt),
    lastUsedIp: key.lastUsedIp,
  };
}
