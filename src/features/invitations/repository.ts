import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type InvitationStatus, invitations, memberships } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import { hashToken } from '../../lib/tokens.js';

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

export async function findInvitationByToken(db: Db, token: string, lock: boolean): Promise<InvitationRow | null> {
  const query = db
    .select()
    .from(invitations)
    .where(eq(invitations.tokenHash, hashToken(token)))
    .limit(1);
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
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
