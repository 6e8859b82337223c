import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { parseAddress } from '../../lib/email-address.js';
import { AppError } from '../../lib/errors.js';
import { queueEmail } from '../../mail/queue-email.js';
import { alreadyMemberEmail } from '../../mail/templates/join-confirmation.js';
import { inTransaction, link, type Services } from '../../services.js';
import { displayName, findAccountById } from '../accounts/repository.js';
import { recordAudit } from '../audit/record-audit.js';
import { hitRateLimit, type RateRule } from '../auth/rate-limit.js';
import { inviteCapacity } from '../invitations/capacity.js';
import { OPERATOR_NAME } from '../invitations/inviter.js';
import { type Inviter, issueInvitations } from '../invitations/issue-invitations.js';
import { prepareInvitations } from '../invitations/prepare-invitations.js';
import { effectiveStatus } from '../invitations/repository.js';
import type { WayInState } from '../invitations/way-in.js';
import { keepingTurnaways, type Turnaway } from '../licenses/turnaways.js';
import { describeDomains, domainAllowed } from '../links/domains.js';
import type { OrgRow } from '../orgs/repository.js';
import { placeInvitedInTeams } from '../teams/place-in-team.js';
import { findOpenWayIn } from './find-way-in.js';
import { fullSentence } from './peek-way-in.js';

/** Held in the database, so they hold across instances (R-13, R-14). */
export const JOIN_RATE_RULES = {
  /** One person's inbox: at most five join emails an hour, whichever way in. */
  perRecipient: { name: 'join:recipient', limit: 5, windowSeconds: 3600 },
  /** One client address on one way in. */
  perClient: { name: 'join:client', limit: 20, windowSeconds: 3600 },
  /** One way in, from everywhere. */
  perWayIn: { name: 'join:way', limit: 1000, windowSeconds: 3600 },
} as const satisfies Record<string, RateRule>;

/** The one answer to every allowed address, member or not: nothing is learnt about other people. */
export const JOIN_ANSWER =
  'Check your inbox: we sent a link to that address. Follow it to confirm the address is yours and finish joining.';

interface Existing {
  id: string;
  status: 'invited' | 'active' | 'removed';
  inv_id: string | null;
  inv_status: 'pending' | 'accepted' | 'cancelled' | 'expired' | 'superseded' | null;
  inv_expires_at: Date | string | null;
  inv_role: 'learner' | 'manager' | 'user_admin' | 'admin' | null;
  inv_first_name: string | null;
  inv_invited_by: string | null;
  inv_via: 'link' | 'join_page' | null;
  inv_link_id: string | null;
}

const wayKey = (way: WayInState, org: OrgRow) => way.linkId ?? `page:${org.id}`;

/**
 * A visitor of a link or the join page enters their address (R-13, R-14). An address outside
 * the way in's domains is refused, naming them. Otherwise the answer is always the same, and
 * the address receives: an invitation issued by the way in (whose link is the proof that the
 * visitor owns the address, and goes through the invitation's acceptance); or, when a pending
 * invitation is already waiting for it, that invitation again; or, for a member, a note to
 * sign in. Seats, the trial rule and the member cap apply as for an invitation.
 */
export async function requestToJoin(
  services: Services,
  key: string,
  input: { email: string },
  client: { ip: string | null },
): Promise<void> {
  const first = await findOpenWayIn(services.db, key);
  await hitRateLimit(services.db, JOIN_RATE_RULES.perClient, `${wayKey(first.way, first.org)}:${client.ip ?? 'unknown'}`);
  const parsed = parseAddress(input.email);
  if (!parsed.ok) throw new AppError('validation_failed', parsed.reason, { errors: [{ field: '/email', message: parsed.reason }] });
  const email = parsed.email;
  if (first.way.domains.length > 0 && !domainAllowed(email, first.way.domains)) {
    const message = `Use an address at ${describeDomains(first.way.domains)}: ${first.way.name} accepts only those.`;
    throw new AppError('domain_not_allowed', message, { errors: [{ field: '/email', message }] });
  }
  await hitRateLimit(services.db, JOIN_RATE_RULES.perRecipient, email);
  await hitRateLimit(services.db, JOIN_RATE_RULES.perWayIn, wayKey(first.way, first.org));

  // Refused for want of room: the admins' daily notice names them all the same.
  await keepingTurnaways(services.db, (noteTurnaway) => join(services, first.org.id, key, email, client, noteTurnaway));
}

async function join(
  services: Services,
  orgId: string,
  key: string,
  email: string,
  client: { ip: string | null },
  onFull: (turnaway: Turnaway) => void,
): Promise<void> {
  await inTransaction(services, async (tx) => {
    // The same lock as typed invitations: one writer of an organization's invitations at a time.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`invite:${orgId}`}))`);
    // Read again under the lock: a link turned off meanwhile stops here.
    const { org, way } = await findOpenWayIn(tx, key);
    const existing = await existingFor(tx, org.id, email);
    const actor = { orgId: org.id, accountId: null, label: email, ip: client.ip };
    const audit = (outcome: string) =>
      recordAudit(tx, actor, {
        action: 'join.requested',
        targetType: way.via,
        targetId: way.linkId ?? org.id,
        data: { email, outcome },
      });

    if (existing?.status === 'active') {
      await queueEmail(tx, {
        orgId: org.id,
        membershipId: existing.id,
        kind: 'join-already-member',
        to: email,
        fromName: org.emailSenderName,
        ...alreadyMemberEmail({ orgName: org.name, signInUrl: link(services, '/login') }),
      });
      await audit('already_member');
      return;
    }
    const pending =
      existing?.inv_id && existing.inv_status
        ? effectiveStatus({ status: existing.inv_status, expiresAt: existing.inv_expires_at ? new Date(existing.inv_expires_at) : null })
        : null;
    if (existing?.status === 'invited' && pending === 'pending' && existing.inv_id && existing.inv_role) {
      // Sent again with a new link: by this way in when it issued the first one, else as the
      // invitation it is (an administrator's, with its role and teams).
      const same = existing.inv_via === way.via && existing.inv_link_id === way.linkId;
      await tx.execute(
        sql`update invitations set status = 'superseded' where org_id = ${org.id} and membership_id = ${existing.id} and status = 'pending'`,
      );
      await issueInvitations(tx, {
        org,
        inviter: same ? wayInviter : await inviterOf(tx, existing.inv_invited_by),
        message: null,
        publicUrl: services.config.publicUrl,
        list: [
          { membershipId: existing.id, email, role: existing.inv_role, previousId: existing.inv_id, firstName: existing.inv_first_name },
        ],
        ...(same ? { wayIn: way } : {}),
      });
      await audit('sent_again');
      return;
    }
    if ((await inviteCapacity(tx, org)).take()) {
      onFull({ orgId: org.id, email, membershipId: existing?.id ?? null, way: way.via });
      throw new AppError('member_limit', fullSentence(org.name));
    }
    const [item] = await prepareInvitations(tx, {
      orgId: org.id,
      inviter: wayInviter,
      source: { kind: way.via, id: way.linkId },
      people: [{ membershipId: existing?.id ?? null, email, role: 'learner' }],
    });
    if (!item) throw new Error('invitation was not prepared');
    const issued = await issueInvitations(tx, {
      org,
      inviter: wayInviter,
      message: null,
      publicUrl: services.config.publicUrl,
      list: [item],
      wayIn: way,
    });
    const invitationId = issued.get(item.membershipId) ?? null;
    if (way.teamId) {
      await placeInvitedInTeams(tx, { orgId: org.id, teamIds: [way.teamId], people: [{ membershipId: item.membershipId, invitationId }] });
    }
    await audit('invited');
  });
}

/** Invitations a link or the join page issues have no person behind them. */
const wayInviter: Inviter = { accountId: null, name: 'Roster' };

async function inviterOf(db: Db, accountId: string | null): Promise<Inviter> {
  const account = accountId ? await findAccountById(db, accountId) : null;
  return account ? { accountId, name: displayName(account) } : { accountId: null, name: OPERATOR_NAME };
}

/** The address's membership here (by the typed address, or its account's), with its current invitation. */
async function existingFor(db: Db, orgId: string, email: string): Promise<Existing | null> {
  const [row] = await queryRows<Existing>(
    db,
    sql`select m.id, m.status, i.id as inv_id, i.status as inv_status, i.expires_at as inv_expires_at, i.role as inv_role,
               i.first_name as inv_first_name, i.invited_by as inv_invited_by, i.via as inv_via, i.link_id as inv_link_id
        from memberships m
        left join invitations i on i.id = m.current_invitation_id and i.org_id = m.org_id
        where m.id in (
          select id from memberships where org_id = ${orgId} and email = ${email}
          union
          select s.id from accounts x join memberships s on s.account_id = x.id and s.org_id = ${orgId} where x.email = ${email})
        order by (m.status = 'active') desc
        limit 1`,
  );
  return row ?? null;
}
