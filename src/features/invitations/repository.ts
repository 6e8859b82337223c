import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type InvitationStatus, invitations, memberships, organizations } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import { hashToken } from '../../lib/tokens.js';
import type { OrgRow } from '../orgs/repository.js';

export type InvitationRow = typeof invitations.$inferSelect;

/** A pending invitation past its expiry reads `expired` everywhere, before any sweep has run. */
export function effectiveStatus(invitation: Pick<InvitationRow, 'status' | 'expiresAt'>, now = new Date()): InvitationStatus {
  if (invitation.status === 'pending' && invitation.expiresAt !== null && invitation.expiresAt <= now) return 'expired';
  return invitation.status;
}

export async function getInvitationForUpdate(db: Db, orgId: string, id: string): Promise<InvitationRow> {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.orgId, orgId), eq(invitations.id, id)))
    .for('update')
    .limit(1);
  if (!row) throw notFound('The invitation');
  return row;
}

/**
 * The invitation a link's token names, and its organization: two statements sent together (one
 * round trip), the organization found by the token inside its own statement.
 */
export async function findInvitationByToken(
  db: Db,
  token: string,
  lock: boolean,
): Promise<{ readonly invitation: InvitationRow; readonly org: OrgRow } | null> {
  const tokenHash = hashToken(token);
  const query = db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).limit(1);
  const ofToken = db.select({ orgId: invitations.orgId }).from(invitations).where(eq(invitations.tokenHash, tokenHash));
  const [[invitation], [org]] = await Promise.all([
    lock ? query.for('update') : query,
    db.select().from(organizations).where(inArray(organizations.id, ofToken)).limit(1),
  ]);
  return invitation && org ? { invitation, org } : null;
}

export function expiryFrom(days: number | null, now = new Date()): Date | null {
  return days === null ? null : new Date(now.getTime() + days * 86_400_000);
}

/** Only the newest invitation of a person can be resent or cancelled; older ones were replaced. */
export async function isCurrentInvitation(db: Db, invitation: InvitationRow): Promise<boolean> {
  const [row] = await db
    .select({ current: memberships.currentInvitationId })
    .from(memberships)
    .where(and(eq(memberships.orgId, invitation.orgId), eq(memberships.id, invitation.membershipId)))
    .limit(1);
  return row?.current === invitation.id;
}
