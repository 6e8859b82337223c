import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { joinPages, teams } from '../../db/schema.js';

export type JoinPageRow = typeof joinPages.$inferSelect;

/** The page's settings; an organization that never set one up has the defaults (off). */
export async function findJoinPage(db: Db, orgId: string, lock = false): Promise<JoinPageRow | null> {
  const query = db.select().from(joinPages).where(eq(joinPages.orgId, orgId)).limit(1);
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function findJoinPageBySlug(db: Db, slug: string): Promise<JoinPageRow | null> {
  const [row] = await db.select().from(joinPages).where(eq(joinPages.slug, slug.toLowerCase())).limit(1);
  return row ?? null;
}

export async function teamNameOf(db: Db, teamId: string | null): Promise<string | null> {
  if (!teamId) return null;
  const [row] = await db.select({ name: teams.name }).from(teams).where(eq(teams.id, teamId)).limit(1);
  return row?.name ?? null;
}
