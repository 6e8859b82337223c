import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { addOnAssignments, addOnLicenses } from '../../db/schema.js';
import { queryRows } from '../../db/sql.js';
import { notFound } from '../../lib/errors.js';

export type AddOnRow = typeof addOnLicenses.$inferSelect;

export interface MemberAddOnRow {
  readonly addOnId: string;
  readonly name: string;
  readonly transferable: boolean;
  readonly assignedAt: Date;
}

export async function listAddOns(db: Db, orgId: string): Promise<AddOnRow[]> {
  return db
    .select()
    .from(addOnLicenses)
    .where(eq(addOnLicenses.orgId, orgId))
    .orderBy(sql`lower(${addOnLicenses.name})`, asc(addOnLicenses.id));
}

/** The add-on, or "not found" for another organization's id. */
export async function findAddOn(db: Db, orgId: string, addOnId: string): Promise<AddOnRow> {
  const [row] = await db
    .select()
    .from(addOnLicenses)
    .where(and(eq(addOnLicenses.orgId, orgId), eq(addOnLicenses.id, addOnId)))
    .limit(1);
  if (!row) throw notFound('The add-on license');
  return row;
}

export async function lockAddOn(db: Db, orgId: string, addOnId: string): Promise<AddOnRow> {
  const [row] = await db
    .select()
    .from(addOnLicenses)
    .where(and(eq(addOnLicenses.orgId, orgId), eq(addOnLicenses.id, addOnId)))
    .for('update')
    .limit(1);
  if (!row) throw notFound('The add-on license');
  return row;
}

/** Names are unique per organization, whatever their case. */
export async function addOnNameTaken(db: Db, orgId: string, name: string, exceptId: string | null = null): Promise<boolean> {
  const [row] = await db
    .select({ id: addOnLicenses.id })
    .from(addOnLicenses)
    .where(
      and(
        eq(addOnLicenses.orgId, orgId),
        sql`lower(${addOnLicenses.name}) = lower(${name})`,
        exceptId ? ne(addOnLicenses.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  return row !== undefined;
}

/**
 * Takes one license from the bank with a conditional increment: under any concurrency the
 * licenses held and consumed never pass the total; the check constraint
 * `add_on_licenses_counts` is the last line of defense. Null when none is free.
 */
export async function takeAddOn(db: Db, orgId: string, addOnId: string): Promise<AddOnRow | null> {
  const [row] = await db
    .update(addOnLicenses)
    .set({ used: sql`${addOnLicenses.used} + 1` })
    .where(
      and(
        eq(addOnLicenses.orgId, orgId),
        eq(addOnLicenses.id, addOnId),
        sql`${addOnLicenses.used} + ${addOnLicenses.consumed} < ${addOnLicenses.total}`,
      ),
    )
    .returning();
  return row ?? null;
}

/** Gives one license back to the bank (an unassignment). */
export async function giveBackAddOn(db: Db, orgId: string, addOnId: string): Promise<void> {
  await db
    .update(addOnLicenses)
    .set({ used: sql`${addOnLicenses.used} - 1` })
    .where(and(eq(addOnLicenses.orgId, orgId), eq(addOnLicenses.id, addOnId), sql`${addOnLicenses.used} > 0`));
}

export async function listAddOnsOfMember(db: Db, orgId: string, membershipId: string): Promise<MemberAddOnRow[]> {
  return db
    .select({
      addOnId: addOnLicenses.id,
      name: addOnLicenses.name,
      transferable: addOnLicenses.transferable,
      assignedAt: addOnAssignments.assignedAt,
    })
    .from(addOnAssignments)
    .innerJoin(addOnLicenses, and(eq(addOnLicenses.id, addOnAssignments.addOnId), eq(addOnLicenses.orgId, orgId)))
    .where(and(eq(addOnAssignments.orgId, orgId), eq(addOnAssignments.membershipId, membershipId)))
    .orderBy(sql`lower(${addOnLicenses.name})`, asc(addOnLicenses.id));
}

/** How a member is named in the log: the address, else the username. */
export async function memberLabel(db: Db, orgId: string, membershipId: string): Promise<string | null> {
  const [row] = await queryRows<{ label: string | null }>(
    db,
    sql`select coalesce(m.email, a.email, a.username) as label
        from memberships m left join accounts a on a.id = m.account_id
        where m.org_id = ${orgId} and m.id = ${membershipId}`,
  );
  return row?.label ?? null;
}
