import { and, eq, type SQL, sql } from 'drizzle-orm';
import { imports } from '../../db/schema.js';
import { newestFirst } from '../../db/sql.js';
import type { Cursor } from '../../http/cursor.js';
import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { authorizeImport, seesAllImports } from './policy.js';
import type { ImportRecord } from './repository.js';

/** The import history, newest first: administrators see all, others their own uploads. */
export async function listImports(
  services: Services,
  actor: Actor,
  orgId: string,
  page: { cursor: Cursor | null; limit: number },
): Promise<ImportRecord[]> {
  const { db } = services;
  const orgActor = await resolveOrgActor(db, actor, orgId);
  authorizeImport(orgActor);
  const conditions: SQL[] = [eq(imports.orgId, orgId)];
  if (!seesAllImports(orgActor) && orgActor.accountId) conditions.push(eq(imports.createdBy, orgActor.accountId));
  if (page.cursor) {
    conditions.push(
      sql`(${imports.createdAt}, ${imports.id}) < (select c.created_at, c.id from imports c where c.org_id = ${orgId} and c.id = ${page.cursor.id})`,
    );
  }
  return db
    .select()
    .from(imports)
    .where(and(...conditions))
    .orderBy(newestFirst(imports.createdAt, imports.id))
    .limit(page.limit);
}
