import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { preparedWhere } from '../../db/prepared-statements.js';
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
 * The person's memberships in the organization, found by the address the organization typed
 * or by the account that signs in with `signIn` (its address, else its username), locked for
 * the rest of the transaction. The account is looked up inside the statement, so that this read
 * goes with the account's own (one round trip). At most two rows: the caller prefers the one
 * tied to the account (`membershipOf`).
 */
export async function findMembershipsForUpdate(
  db: Db,
  orgId: string,
  who: { readonly email: string | null; readonly signIn: { readonly email: string } | { readonly username: string } },
): Promise<MembershipRow[]> {
  const signIn = 'email' in who.signIn ? sql`a.email = ${who.signIn.email}` : sql`a.username = ${who.signIn.username.toLowerCase()}`;
  // Two index lookups, by the account and by the address: as one OR, the planner filtered every
  // membership of the organization (2.7 ms a set-up at 10,000 members, growing with them).
  const byAccount = sql`select m.id from accounts a join memberships m on m.account_id = a.id and m.org_id = ${orgId} where ${signIn}`;
  const ids = who.email
    ? sql`(${byAccount} union all select id from memberships where org_id = ${orgId} and email = ${who.email})`
    : sql`(${byAccount})`;
  // Lookups by key: a plan for any parameters, made once (0.5 ms of planning a set-up otherwise).
  return db
    .select()
    .from(memberships)
    .where(preparedWhere(inArray(memberships.id, ids)))
    .for('update');
}

/** Of the rows `findMembershipsForUpdate` found, the one tied to the account wins over one that only carries the address. */
export const membershipOf = (rows: readonly MembershipRow[], accountId: string | null): MembershipRow | null =>
  rows.find((row) => accountId !== null && row.accountId === accountId) ?? rows[0] ?? null;

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
    /** Chosen by the caller when it writes rows naming the membership in the same round trip. */
    id?: string;
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
