import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { allAnswered } from '../../db/commit-with.js';
import { prepared } from '../../db/prepared-statements.js';
import { memberships } from '../../db/schema.js';
import { sentAhead } from '../../db/sent-ahead.js';
import { cte, queryRows } from '../../db/sql.js';
import { hasSqlState, PLACED_MEANWHILE } from '../../db/sql-state.js';
import { AppError, type FieldError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { hashPassword, passwordProblem } from '../../lib/password.js';
import { hashToken } from '../../lib/tokens.js';
import { inTransaction, type Services } from '../../services.js';
import { findAccountByEmail, insertAccountUnlessTaken } from '../accounts/repository.js';
import { type ActiveEndpoint, activeEndpointsJson } from '../audit/raise-events.js';
import { recordAuditMany } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { createSession, newSession } from '../auth/sessions.js';
import { billingInsert } from '../billing/record-billing.js';
import { takeSeat } from '../licenses/seats.js';
import { keepingTurnaways, type Turnaway } from '../licenses/turnaways.js';
import { countLinkUse } from '../links/repository.js';
import { assignTeamTrainings } from '../trainings/assign-team-trainings.js';
import { openInvitation } from './open-invitation.js';
import { recordJoinRequest } from './record-join-request.js';
import type { AcceptInput } from './schemas.js';

export interface Accepted {
  readonly orgId: string;
  readonly orgName: string;
  readonly membershipId: string;
  /** The way in asks for approval: the person is verified and waits for an administrator (not a member yet). */
  readonly requested: boolean;
  /** A new session when the person was not signed in as the account that accepted. */
  readonly session: { token: string; expiresAt: Date } | null;
}

function newPersonProblems(input: AcceptInput, email: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!input.firstName?.trim()) errors.push({ field: '/firstName', message: 'Enter your first name.' });
  if (!input.lastName?.trim()) errors.push({ field: '/lastName', message: 'Enter your last name.' });
  const problem = input.password === undefined ? 'Choose a password.' : passwordProblem(input.password, email);
  if (problem) errors.push({ field: '/password', message: problem });
  return errors;
}

/**
 * Accepts an invitation (R-9): a new person becomes an account; an existing account must be
 * signed in as the invited address and keeps its history (R-11, R-20). The membership
 * becomes active, takes a seat, and is billable from now (R-25). Single use.
 */
export async function acceptInvitation(
  services: Services,
  actor: Actor,
  token: string,
  input: AcceptInput,
  client: { userAgent: string | null },
): Promise<Accepted> {
  // The password is hashed before the transaction: argon2 is slow and must not hold row locks.
  const passwordHash = input.password !== undefined && input.password.length > 0 ? await hashPassword(input.password) : null;
  // Refused for want of a seat: the admins' daily notice names them all the same.
  return keepingTurnaways(services.db, async (noteTurnaway) => {
    const run = (direct: boolean) => accept(services, actor, token, input, client, passwordHash, noteTurnaway, direct);
    try {
      return await run(true);
    } catch (error) {
      // Placed in a team while accepting directly: nothing committed; the general way assigns its trainings.
      if (!hasSqlState(error, PLACED_MEANWHILE)) throw error;
    }
    return run(false);
  });
}

/**
 * What an acceptance reads beside the invitation, by its token, in one statement: whether the
 * person is placed in no team (a hint only: the direct way checks it again, in SQL, before it
 * commits), and the organization's webhook endpoints, so that the audit's events need not wait
 * for the audit's answer.
 */
const aheadOfAcceptance = (tx: Db, token: string) =>
  sentAhead(
    queryRows<{ unplaced: boolean; endpoints: ActiveEndpoint[] }>(
      tx,
      prepared(sql`with t as (select i.org_id, i.membership_id from invitations i where i.token_hash = ${hashToken(token)})
        select not exists (select 1 from t join team_members tm on tm.membership_id = t.membership_id and tm.org_id = t.org_id) as unplaced,
               ${activeEndpointsJson(sql`(select org_id from t)`)} as endpoints`),
    ).then(([row]) => row ?? { unplaced: false, endpoints: [] }),
  );

async function accept(
  services: Services,
  actor: Actor,
  token: string,
  input: AcceptInput,
  client: { userAgent: string | null },
  passwordHash: string | null,
  onNoSeat: (turnaway: Turnaway) => void,
  /**
   * Someone in no team is accepted directly: everything after the invitation is read, seat and
   * COMMIT included, leaves in one write, without waiting for a team lookup (decision 0027).
   */
  direct: boolean,
): Promise<Accepted> {
  return inTransaction(services, async (tx) => {
    // Sent first, with the invitation's reads: one round trip.
    const ahead = aheadOfAcceptance(tx, token);
    const { invitation, org, way } = await openInvitation(tx, token, true);
    let account: { readonly id: string };
    // A new person's account is written with the membership's changes (one round trip, its id
    // chosen here); if the address turned out to have an account already, nothing commits.
    let made: Promise<boolean> | null = null;
    if (actor.kind === 'account') {
      const existing = await findAccountByEmail(tx, invitation.email);
      if (!existing) {
        throw new AppError(
          'wrong_account',
          `This invitation is for ${invitation.email}, but you are signed in as ${actor.label}. Sign out to create the account for ${invitation.email}.`,
        );
      }
      if (actor.accountId !== existing.id) {
        throw new AppError(
          'wrong_account',
          `This invitation is for ${invitation.email}, but you are signed in as ${actor.label}. Sign out, then sign in as ${invitation.email}.`,
        );
      }
      account = existing;
    } else {
      const errors = newPersonProblems(input, invitation.email);
      // An address that has an account already is told to sign in, whatever else the form lacks.
      if (errors.length > 0 && (await findAccountByEmail(tx, invitation.email))) throw accountExists(invitation.email);
      if (errors.length > 0) throw new AppError('validation_failed', errors[0]?.message ?? 'Check the form.', { errors });
      account = { id: newId() };
      made = sentAhead(
        insertAccountUnlessTaken(tx, {
          id: account.id,
          email: invitation.email,
          firstName: input.firstName ?? '',
          lastName: input.lastName ?? '',
          passwordHash,
        }),
      );
    }
    let accepted: Accepted;
    try {
      // A new account cannot have another membership here; an existing one is checked.
      accepted = await activate(account, made !== null);
    } catch (error) {
      // What names an account that could not be made fails for want of it (its key): the address is the reason.
      if (made && !(await made)) throw accountExists(invitation.email);
      throw error;
    }
    if (made && !(await made)) throw accountExists(invitation.email);
    return accepted;

    async function activate(account: { readonly id: string }, fresh: boolean): Promise<Accepted> {
      const [other] = fresh
        ? []
        : await tx
            .select({ id: memberships.id })
            .from(memberships)
            .where(and(eq(memberships.orgId, org.id), eq(memberships.accountId, account.id), eq(memberships.status, 'active')))
            .limit(1);
      if (other) throw new AppError('already_member', `You are already a member of ${org.name}.`);
      const session = async () =>
        actor.kind === 'account'
          ? null
          : await createSession(tx, {
              accountId: account.id,
              ip: actor.ip,
              userAgent: client.userAgent,
              days: services.config.sessionDays,
            });
      if (way?.mode === 'request') {
        // Verified, and waiting: the address is proven and the account ready, but seat, billing,
        // trainings and the link's count wait for an administrator's approval (join-requests).
        await recordJoinRequest(tx, { org, invitation, accountId: account.id, termsVersion: services.config.termsVersion, ip: actor.ip });
        return { orgId: org.id, orgName: org.name, membershipId: invitation.membershipId, requested: true, session: await session() };
      }
      // A link counts the join, and refuses it once used up (the last use may race another).
      if (invitation.via === 'link' && invitation.linkId && !(await countLinkUse(tx, org.id, invitation.linkId))) {
        throw new AppError(
          'way_in_closed',
          `This link to ${org.name} has been used as many times as it allows. Ask an administrator of ${org.name} for a new way in.`,
        );
      }
      // The membership made active, the invitation accepted, the teams' trainings looked up and
      // the audit entries written, in one round trip (pipelined): each statement is sent as it is called, in this order, so
      // the lookup sees the membership active. The first failure is the one thrown. Someone in
      // no team has no trainings to look up: a check that it stays so goes instead, and the
      // seat and the COMMIT follow without waiting.
      const { unplaced, endpoints: hooks } = await ahead;
      const straight = direct && unplaced && !invitation.holdsSeat;
      const changed = [
        // Raw and prepared: drizzle's builder took 0.4 ms of Node's CPU for each (decision 0028).
        queryRows(
          tx,
          prepared(sql`update memberships set account_id = ${account.id}, status = 'active', role = ${invitation.role}, activated_at = now(),
                         terms_version = ${services.config.termsVersion}, terms_accepted_at = now()
                       where org_id = ${org.id} and id = ${invitation.membershipId}`),
        ),
        queryRows(
          tx,
          prepared(sql`update invitations set status = 'accepted', accepted_at = now(), holds_seat = false
                       where org_id = ${org.id} and id = ${invitation.id}`),
        ),
        // Active in their teams now: their trainings are assigned, sessions invite them (R-21).
        straight
          ? queryRows(tx, prepared(sql`select refuse_if_placed(${org.id}::uuid, ${invitation.membershipId}::uuid)`))
          : assignTeamTrainings(tx, { orgId: org.id, membershipIds: [invitation.membershipId], publicUrl: services.config.publicUrl }),
        recordAuditMany(
          tx,
          { orgId: org.id, accountId: account.id, label: invitation.email, ip: actor.ip },
          [
            {
              action: 'invitation.accepted',
              targetType: 'invitation',
              targetId: invitation.id,
              data: {
                email: invitation.email,
                role: invitation.role,
                memberId: invitation.membershipId,
                termsVersion: services.config.termsVersion,
                newAccount: actor.kind !== 'account',
                ...(invitation.via ? { via: invitation.via, linkId: invitation.linkId } : {}),
              },
            },
            // Each join names the way in it came by (R-30).
            ...(invitation.via
              ? [
                  {
                    action: invitation.via === 'link' ? ('link.joined' as const) : ('join_page.joined' as const),
                    targetType: invitation.via,
                    targetId: invitation.linkId ?? org.id,
                    data: { email: invitation.email, membershipId: invitation.membershipId },
                  },
                ]
              : []),
          ],
          hooks,
        ),
      ];
      if (!straight) await allAnswered(changed);
      // Billable from now (R-25), and signed in: written in the seat's statement.
      const started =
        actor.kind === 'account'
          ? null
          : newSession({ accountId: account.id, ip: actor.ip, userAgent: client.userAgent, days: services.config.sessionDays });
      const writes = [
        billingInsert({ orgId: org.id, membershipId: invitation.membershipId, kind: 'start', reason: 'invitation-accepted' }),
        ...(started?.statements ?? []),
      ];
      // A reserved seat becomes the member's; otherwise one is taken now (R-18). Last, and sent
      // with the commit: the organization's row stays locked from here to the commit, and every
      // acceptance takes it (decision 0023).
      if (invitation.holdsSeat) {
        for (const statement of writes) await tx.execute(statement);
      } else {
        try {
          const seat = takeSeat(tx, org.id, { along: writes.map((statement, i) => cte(`w${i}`, statement)), last: true });
          await allAnswered(straight ? [...changed, seat] : [seat]);
        } catch (error) {
          if (error instanceof AppError && error.code === 'no_seat') {
            onNoSeat({ orgId: org.id, email: invitation.email, membershipId: invitation.membershipId, way: 'invitation' });
          }
          throw error;
        }
      }
      const signedIn = started ? { token: started.token, expiresAt: started.expiresAt } : null;
      return { orgId: org.id, orgName: org.name, membershipId: invitation.membershipId, requested: false, session: signedIn };
    }
  });
}

const accountExists = (email: string): AppError =>
  new AppError('unauthenticated', `An account already exists for ${email}. Sign in with it to accept the invitation.`);
