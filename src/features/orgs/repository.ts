import { eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared-statements.js';
import { organizations } from '../../db/schema.js';
import { queryRows } from '../../db/sql.js';
import { tableRows } from '../../db/table-rows.js';
import { notFound } from '../../lib/errors.js';

export type OrgRow = typeof organizations.$inferSelect;

/** The organization's whole row as `o.…`, for raw statements that read it (decision 0028). */
export const orgRow = tableRows(organizations, 'o');

/** Raw and prepared: nearly every request reads its organization (decision 0028). */
export async function getOrg(db: Db, orgId: string): Promise<OrgRow> {
  return (await getOrgWith(db, orgId, sql`null`)).org;
}

/**
 * The organization and, in the same statement, a value read beside it (`along`, an expression
 * that may use `o.id`): one statement where two would go (decision 0028).
 */
export async function getOrgWith<T>(db: Db, orgId: string, along: SQL): Promise<{ readonly org: OrgRow; readonly along: T }> {
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    prepared(sql`select ${orgRow.list}, ${along} as along from organizations o where o.id = ${orgId}`),
  );
  if (!row) throw notFound('The organization');
  return { org: orgRow.map(row), along: row.along as T };
}

/** Locks the organization row for the rest of the transaction (plan changes). */
export async function getOrgForUpdate(db: Db, orgId: string): Promise<OrgRow> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId)).for('update').limit(1);
  if (!org) throw notFound('The organization');
  return org;
}
