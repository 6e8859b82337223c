import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { ApiKeyRole } from '../../db/schema.js';
import { queryRows } from '../../db/sql.js';

export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly role: ApiKeyRole;
  readonly scopes: string[];
  readonly teams: { id: string; name: string }[];
  readonly createdByLabel: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
  readonly lastUsedIp: string | null;
}

/** The organization's keys with their teams, newest first; or one of them. */
export async function findKeys(db: Db, orgId: string, keyId?: string): Promise<ApiKeyRecord[]> {
  return queryRows<ApiKeyRecord>(
    db,
    sql`
    select k.id, k.name, k.prefix, k.role, k.scopes, k.created_by_label as "createdByLabel", k.created_at as "createdAt",
           k.expires_at as "expiresAt", k.revoked_at as "revokedAt", k.last_used_at as "lastUsedAt", k.last_used_ip as "lastUsedIp",
           coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name) order by t.name)
                     from api_key_teams kt join teams t on t.id = kt.team_id
                     where kt.org_id = ${orgId} and kt.key_id = k.id), '[]'::json) as teams
    from api_keys k
    where k.org_id = ${orgId} ${keyId === undefined ? sql`` : sql`and k.id = ${keyId}`}
    order by k.created_at desc nulls last, k.id desc nulls last
    limit 500`,
  );
}
