import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { scimRequests } from '../../db/schema.js';

export interface ScimRequestEntry {
  readonly orgId: string;
  readonly keyId: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly scimType: string | null;
  readonly detail: string | null;
  readonly durationMs: number;
}

/** One row per SCIM request, for the organization's settings page; never the body or the query. */
export async function logScimRequest(db: Db, entry: ScimRequestEntry): Promise<void> {
  await db.insert(scimRequests).values({ ...entry, detail: entry.detail?.slice(0, 500) ?? null });
}

/** Keeps a week of requests (the settings page shows the last ones). */
export async function pruneScimRequests(db: Db, days = 7): Promise<void> {
  await db.execute(sql`delete from scim_requests where created_at < now() - make_interval(days => ${days})`);
}
