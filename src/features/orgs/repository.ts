import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared-statements.js';
import { organizations } from '../../db/schema.js';
import { queryRows } from '../../db/sql.js';
import { tableRows } from '../../db/table-rows.js';
import { notFound } from '../../lib/errors.js';

export type OrgRow = typeof organizations.$inferSelect;

const orgRow = tableRows(organizations, 'o');

/** Raw and prepared: nearly every request reads its organization (decision 0028). */
export async function getOrg(db: Db, orgId: string): Promise<OrgRow> {
  const [org] = await queryRows<Record<string, unknown>>(
    db,
    prepared(sql`select ${orgRow.list} from organizations o where o.id = ${orgId}`),
  );
  if (!org) throw notFound('The organization');
  return orgRow.map(org);
}

/** Locks the organization row for the rest of the transaction (plan changes). */
export async function getOrgForUpdate(db: Db, orgId: string): Promise<OrgRow> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId)).for('update').limit(1);
  if (!org) throw notFound('The organization');
  return org;
}
