import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared-statements.js';
import { type InvitationStatus, invitations, memberships } from '../../db/schema.js';
import { queryRows } from '../../db/sql.js';
import { tableRows } from '../../db/table-rows.js';
import { notFound } from '../../lib/errors.js';
import { hashToken } from '../../lib/tokens.js';
import { type OrgRow, orgRow } from '../orgs/repository.js';

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

const invitationRow = tableRows(invitations, 'i');

/**
 * The invitation a link's token names, and its organization: two statements sent together (one
 * round trip), the organization found by the token inside its own statement. Raw and prepared:
 * every acceptance and every look at an invitation link reads them (decision 0028).
 */
export async function findInvitationByToken(
  db: Db,
  token: string,
  lock: boolean,
): Promise<{ readonly invitation: InvitationRow; readonly org: OrgRow } | null> {
  const tokenHash = hashToken(token);
  const [[invitation], [org]] = await Promise.all([
    queryRows<Record<string, unknown>>(
      db,
      prepared(
        sql`select ${invitationRow.list} from invitations i where i.token_hash = ${tokenHash} limit 1 ${lock ? sql`for update` : sql``}`,
      ),
    ),
    queryRows<Record<string, unknown>>(
      db,
      prepared(sql`select ${orgRow.list} from organizations o
                   where o.id = (select i.org_id from invitations i where i.token_hash = ${tokenHash} limit 1)`),
    ),
  ]);
  return invitation && org ? { invitation: invitationRow.map(invitation), org: orgRow.map(org) } : null;
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
