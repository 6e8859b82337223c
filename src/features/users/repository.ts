import { and, eq, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { invitations, type MembershipSource, memberships, type Role, type ScimProfile } from '../../db/schema.js';

export type MembershipRow = typeof memberships.$inferSelect;

/** What an identity provider says of the person, written with the membership: no statement of its own. */
export interface ProvidedProfile {
  readonly profile: ScimProfile;
  readonly externalId: string | null;
}

const profileColumns = (provided: ProvidedProfile | undefined) =>
  provided ? { scimProfile: provided.profile, scimExternalId: provided.externalId, scimUpdatedAt: sql`now()` } : {};

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
  provided?: ProvidedProfile,
): Promise<MembershipRow> {
  const [row] = await db
    .insert(memberships)
    .values({ ...input, status: 'active', activatedAt: sql`now()`, ...profileColumns(provided) })
    .returning();
  if (!row) throw new Error('membership insert returned nothing');
  return row;
}

/** Makes an existing membership (pending invitation, or removed member) active for the account. */
export async function activateMembership(
  db: Db,
  membership: MembershipRow,
  input: { accountId: string; role: Role; note: string | null | undefined; source: MembershipSource },
  provided?: ProvidedProfile,
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
      ...profileColumns(provided),
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
