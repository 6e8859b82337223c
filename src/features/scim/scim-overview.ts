import { type SQL, sql } from 'drizzle-orm';
import { queryRows } from '../../db/sql.js';
import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { authorize } from '../access/permissions.js';
import type { Actor } from '../auth/actor.js';
import type { ScimOverview } from './schemas.js';

const iso = (value: string | Date | null): string | null => (value === null ? null : new Date(value).toISOString());

/** The last requests SCIM answered, newest first along scim_requests_org_created_idx. */
export const recentScimRequests = (orgId: string, limit: number): SQL =>
  sql`select r.id, r.created_at, r.method, r.path, r.status, r.scim_type, r.detail, r.duration_ms, k.name as key_name
        from scim_requests r left join api_keys k on k.id = r.key_id
       where r.org_id = ${orgId}
       order by r.created_at desc nulls last, r.id desc nulls last
       limit ${limit}`;

/**
 * What the settings page shows of provisioning: where the SCIM server is, which keys
 * may call it, and the last requests it answered, for an administrator checking what their
 * identity provider sends. Two reads, each bounded.
 */
export async function getScimOverview(services: Services, actor: Actor, orgId: string, limit = 50): Promise<ScimOverview> {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  authorize(orgActor, 'api_keys.manage', 'see the provisioning (SCIM) set-up');
  const keys = await queryRows<{
    id: string;
    name: string;
    prefix: string;
    role: string;
    created_at: string | Date;
    last_used_at: string | Date | null;
  }>(
    services.db,
    sql`select id, name, prefix, role, created_at, last_used_at from api_keys
         where org_id = ${orgId} and 'scim' = any(scopes) and revoked_at is null and (expires_at is null or expires_at > now())
         order by created_at desc`,
  );
  const requests = await queryRows<{
    id: string;
    created_at: string | Date;
    method: string;
    path: string;
    status: number;
    scim_type: string | null;
    detail: string | null;
    duration_ms: number;
    key_name: string | null;
  }>(services.db, recentScimRequests(orgId, limit));
  return {
    baseUrl: `${services.config.publicUrl}/scim/v2`,
    keys: keys.map((k) => ({
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      role: k.role,
      createdAt: iso(k.created_at) ?? '',
      lastUsedAt: iso(k.last_used_at),
    })),
    requests: requests.map((r) => ({
      id: r.id,
      at: iso(r.created_at) ?? '',
      method: r.method,
      path: r.path,
      status: Number(r.status),
      scimType: r.scim_type,
      detail: r.detail,
      durationMs: Number(r.duration_ms),
      keyName: r.key_name,
    })),
  };
}
