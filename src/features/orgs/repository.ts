import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { organizations } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';

export type OrgRow = typeof organizations.$inferSelect;

export async function getOrg(db: Db, orgId: string): Promise<OrgRow> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId)).limit(1);
  if (!org) throw notFound('The organization');
  return org;
}

/** Locks the organization row for the rest of the transaction (plan changes). */
export async function getOrgForUpdate(db: Db, orgId: string): Promise<OrgRow> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId)).for('update').limit(1);
  if (!org) throw notFound('The organization');
  return org;
}
