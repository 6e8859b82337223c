import { and, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { accounts, type InvitationStatus, invitations } from '../../db/schema.js';
import type { Cursor } from '../../http/cursor.js';
import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { authorize } from '../access/permissions.js';
import type { Actor } from '../auth/actor.js';
import type { InvitationRow } from './repository.js';

export interface InvitationListItem {
  readonly invitation: InvitationRow;
  readonly invitedByEmail: string | null;
}

const inviter = alias(accounts, 'inviter');

/** Status filters on what the invitation is now, so a lapsed one is listed as expired. */
function statusFilter(status: InvitationStatus | undefined) {
  const lapsed = and(eq(invitations.status, 'pending'), lte(invitations.expiresAt, sql`now()`));
  switch (status) {
    case undefined:
      return undefined;
    case 'pending':
      return and(eq(invitations.status, 'pending'), or(isNull(invitations.expiresAt), gt(invitations.expiresAt, sql`now()`)));
    case 'expired':
      return or(eq(invitations.status, 'expired'), lapsed);
    default:
      return eq(invitations.status, status);
  }
}

/** Who was invited, when, by whom — newest first, keyset-paginated. */
export async function listInvitations(
  services: Services,
  actor: Actor,
  orgId: string,
  query: { status?: InvitationStatus; cursor: Cursor | null; limit: number },
): Promise<InvitationListItem[]> {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  authorize(orgActor, 'invitations.change', 'see invitations');
  const after = query.cursor
    ? sql`(${invitations.createdAt}, ${invitations.id}) < (select c.created_at, c.id from invitations c where c.id = ${query.cursor.id} and c.org_id = ${orgId})`
    : undefined;
  const rows = await services.db
    .select({ invitation: invitations, invitedByEmail: inviter.email })
    .from(invitations)
    .leftJoin(inviter, eq(inviter.id, invitations.invitedBy))
    .where(and(eq(invitations.orgId, orgId), statusFilter(query.status), after))
    .orderBy(sql`${invitations.createdAt} desc nulls last`, sql`${invitations.id} desc nulls last`)
    .limit(query.limit);
  return rows;
}
