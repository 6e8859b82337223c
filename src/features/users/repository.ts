import { and, eq, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { invitations, type MembershipSource, memberships, type Role } from '../../db/schema.js';

export type MembershipRow = typeof memberships.$inferSelect;

/**
 * The person's membership in the organization, found by account or by the address the
 * organization typed, locked for the rest of the transaction. A row tied to the account
 * wins over one that only carries the address.
 */
export async function findMembershipForUpdate(
  db: Db,
  orgId: string,
  who: { accountId: string | null; email: string | null },
): Promise<MembershipRow | null> {
  const matches: SQL[] = [];
  if (who.accountId) matches.push(eq(memberships.accountId, who.accountId));
  if (who.email) matches.push(eq(memberships.email, who.email));
  if (matches.length === 0) return null;
  const rows = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), or(...matches)))
    .for('update');
  return rows.find((row) => who.accountId !== null && row.accountId === who.accountId) ?? rows[0] ?? null;
}

export async function insertActiveMembership(
  db: Db,
  input: {
    orgId: string;
    accountId: string;
    email: string | null;
    role: Role;
    invitedBy: string | null;
    note: string | null;
    source: MembershipSource;
  },
): Promise<MembershipRow> {
  const [row] = await db
    .insert(memberships)
    .values({ ...input, status: 'active', activatedAt: sql`now()` })
    .returning();
  if (!row) throw new Error('membership insert returned nothing');
  return row;
}

/** Makes an existing membership (pending invitation, or removed member) active for the account. */
export async function activateMembership(
  db: Db,
  membership: MembershipRow,
  input: { accountId: string; role: Role; note: string | null | undefined; source: MembershipSource },
): Promise<MembershipRow> {
  const [row] = await db
    .update(memberships)
    .set({
      accountId: input.accountId,
      role: input.role,
      status: 'active',
      activatedAt: sql`now()`,
      removedAt: null,
      // Came in (again) by set-up or SCIM.
      source: input.source,
      sourceId: null,
      ...(input.note !== undefined ? { note: input.note } : {}),
    })
    .where(and(eq(memberships.id, membership.id), eq(memberships.orgId, membership.orgId)))
    .returning();
  if (!row) throw new Error('membership update returned nothing');
  return row;
}

/** Pending invitation links of the membership stop working: the person no longer needs them. */
export async function supersedePendingInvitations(db: Db, orgId: string, membershipId: string): Promise<void> {
  await db
    .update(invitations)
    .set({ status: 'superseded' })
    .where(and(eq(invitations.orgId, orgId), eq(invitations.membershipId, membershipId), eq(invitations.status, 'pending')));
}
