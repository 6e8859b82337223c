import { sql } from 'drizzle-orm';
import { pgArray, queryRows } from '../../db/sql.js';
import { AppError } from '../../lib/errors.js';
import { queueEmails } from '../../mail/queue-email.js';
import { joinDecisionEmail } from '../../mail/templates/join-confirmation.js';
import { inTransaction, link, type Services } from '../../services.js';
import { recordAuditMany } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { recordBilling } from '../billing/record-billing.js';
import { memberCapSentence, membersLeft } from '../invitations/capacity.js';
import { releaseMembershipReservations } from '../licenses/seat-reservations.js';
import { takeSeats } from '../licenses/seats.js';
import { countLinkUse } from '../links/repository.js';
import { PEOPLE_MANAGERS } from '../members/roles.js';
import { inTeams, peopleScope } from '../members/scope.js';
import { requireRole, resolveOrgActor } from '../orgs/org-actor.js';
import { getOrg } from '../orgs/repository.js';
import { removeInvitationPlacements } from '../teams/place-in-team.js';
import { assignTeamTrainings } from '../trainings/assign-team-trainings.js';

/** At most this many requests are decided by one call ("all" included): the rest wait for the next. */
export const MAX_DECISIONS = 500;

interface Request {
  id: string;
  email: string;
  inv_id: string;
  link_id: string | null;
  holds_seat: boolean;
}

export interface Decisions {
  readonly decided: string[];
  readonly refused: { memberId: string; reason: string }[];
}

/**
 * Approves or declines requests to join (R-13, R-14 "request to join"): the ones named, or all
 * the caller may see. Approved people become active members exactly as at an invitation's
 * acceptance (seat, billing, trainings, the link's count, the member cap); declined ones lose
 * their link to the organization and the teams it placed them in. Each is told by email.
 */
export async function decideJoinRequests(
  services: Services,
  actor: Actor,
  orgId: string,
  input: { decision: 'approve' | 'decline'; memberIds?: readonly string[] | undefined; all?: boolean | undefined },
): Promise<Decisions> {
  if (!input.all && (input.memberIds ?? []).length === 0) {
    throw new AppError('validation_failed', 'Name the requests to decide, or ask for all of them.', {
      errors: [{ field: '/memberIds', message: 'is empty' }],
    });
  }
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    requireRole(orgActor, PEOPLE_MANAGERS, `${input.decision} requests to join`);
    const scope = await peopleScope(tx, orgActor);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`invite:${orgId}`}))`);
    const named = input.all ? null : [...new Set(input.memberIds)];
    const rows = await queryRows<Request>(
      tx,
      sql`select m.id, m.email, i.id as inv_id, i.link_id, i.holds_seat
          from memberships m join invitations i on i.id = m.current_invitation_id and i.org_id = m.org_id
          where m.org_id = ${orgId} and m.status = 'invited' and i.status = 'accepted' and i.via is not null
            ${named ? sql`and m.id = any(${pgArray(named)}::uuid[])` : sql``}
            ${scope.all ? sql`` : sql`and ${inTeams(orgId, scope.teamIds)}`}
          order by m.created_at, m.id limit ${MAX_DECISIONS}
          for update of m`,
    );
    const found = new Set(rows.map((row) => row.id));
    const refused = (named ?? [])
      .filter((id) => !found.has(id))
      .map((memberId) => ({
        memberId,
        reason: 'No such request waits for a decision: it was decided already, or is not yours to decide.',
      }));
    const org = await getOrg(tx, orgId);
    const chosen: Request[] = [];
    if (input.decision === 'approve') {
      let free = org.seats - org.seatsUsed;
      let room = await membersLeft(tx, org);
      for (const row of rows) {
        if (!row.holds_seat && free <= 0) {
          refused.push({ memberId: row.id, reason: 'No seat is free in this organization: free a seat or add seats to the plan first.' });
        } else if (room <= 0) {
          refused.push({ memberId: row.id, reason: memberCapSentence(org) });
        } else if (row.link_id && !(await countLinkUse(tx, orgId, row.link_id))) {
          refused.push({ memberId: row.id, reason: 'The link this person came by has been used as many times as it allows.' });
        } else {
          chosen.push(row);
          room -= 1;
          if (!row.holds_seat) free -= 1;
        }
      }
      await approve(tx, chosen, org.id);
    } else {
      chosen.push(...rows);
      await decline(tx, chosen, orgId, orgActor.accountId);
    }
    const ids = chosen.map((row) => row.id);
    if (input.decision === 'approve') {
      await assignTeamTrainings(tx, { orgId, membershipIds: ids, publicUrl: services.config.publicUrl });
    }
    await queueEmails(
      tx,
      chosen.map((row) => ({
        orgId,
        membershipId: row.id,
        kind: `join-request-${input.decision === 'approve' ? 'approved' : 'declined'}`,
        to: row.email,
        fromName: org.emailSenderName,
        ...joinDecisionEmail({ orgName: org.name, approved: input.decision === 'approve', signInUrl: link(services, '/login') }),
      })),
    );
    await recordAuditMany(
      tx,
      orgActor,
      chosen.map((row) => ({
        action: input.decision === 'approve' ? 'join.request_approved' : 'join.request_declined',
        targetType: 'member',
        targetId: row.id,
        data: { email: row.email, ...(row.link_id ? { linkId: row.link_id } : {}) },
      })),
    );
    return { decided: ids, refused };
  });

  async function approve(tx: Parameters<typeof takeSeats>[0], chosen: readonly Request[], id: string): Promise<void> {
    if (chosen.length === 0) return;
    await takeSeats(tx, id, chosen.filter((row) => !row.holds_seat).length);
    const ids = pgArray(chosen.map((row) => row.id));
    await tx.execute(sql`update memberships set status = 'active', activated_at = now() where org_id = ${id} and id = any(${ids}::uuid[])`);
    await tx.execute(
      sql`update invitations set holds_seat = false where org_id = ${id} and id = any(${pgArray(chosen.map((row) => row.inv_id))}::uuid[])`,
    );
    for (const row of chosen) await recordBilling(tx, { orgId: id, membershipId: row.id, kind: 'start', reason: 'join-request-approved' });
  }

  async function decline(tx: Parameters<typeof takeSeats>[0], chosen: readonly Request[], id: string, by: string | null): Promise<void> {
    if (chosen.length === 0) return;
    // The row reads as a cancelled invitation; the members view shows it with the address only (R-6).
    await tx.execute(
      sql`update invitations set status = 'cancelled', cancelled_at = now(), cancelled_by = ${by}::uuid
          where org_id = ${id} and id = any(${pgArray(chosen.map((row) => row.inv_id))}::uuid[])`,
    );
    await releaseMembershipReservations(
      tx,
      id,
      chosen.map((row) => row.id),
    );
    for (const row of chosen) await removeInvitationPlacements(tx, id, row.inv_id);
  }
}
