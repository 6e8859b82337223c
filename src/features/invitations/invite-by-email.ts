import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { allAnswered } from '../../db/commit-with.js';
import { prepared } from '../../db/prepared-statements.js';
import type { Role } from '../../db/schema.js';
import { sentAhead } from '../../db/sent-ahead.js';
import { pgArray, queryRows } from '../../db/sql.js';
import { hasSqlState } from '../../db/sql-state.js';
import { type ParsedAddress, parseAddress } from '../../lib/email-address.js';
import { AppError } from '../../lib/errors.js';
import { parseMailboxes, splitDisplayName } from '../../lib/mailbox-list.js';
import { onePer, RunTogether } from '../../lib/run-together.js';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { type ActiveEndpoint, activeEndpointsJson } from '../audit/raise-events.js';
import { recordAuditMany } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { RATE_RULES, rateLimitAhead } from '../auth/rate-limit.js';
import { getOrgWith } from '../orgs/repository.js';
import { placeInvitedInTeams } from '../teams/place-in-team.js';
import { commitInvitationRun, inviteCapacity, lockInvitations } from './capacity.js';
import { inviterOf } from './inviter.js';
import { type InvitationToIssue, issueInvitations } from './issue-invitations.js';
import { authorizeInvite } from './policy.js';
import { type PersonToInvite, prepareInvitationsAlong } from './prepare-invitations.js';
import { effectiveStatus } from './repository.js';
import { type InviteInput, MAX_ADDRESSES_PER_REQUEST, type Outcome } from './schemas.js';
import { teamsForInvitation } from './teams-for-invitation.js';

export interface InviteResult {
  readonly input: string;
  readonly email: string | null;
  readonly outcome: Outcome;
  readonly reason: string | null;
  readonly invitationId: string | null;
  readonly memberId: string | null;
}

interface Existing {
  id: string;
  email: string;
  status: 'invited' | 'active' | 'removed';
  inv_id: string | null;
  inv_status: 'pending' | 'accepted' | 'cancelled' | 'expired' | 'superseded' | null;
  inv_expires_at: Date | string | null;
  /** The name the pending invitation carries (an import's row), to greet them again by it. */
  inv_first_name: string | null;
}

/** An address as typed, with the name a mail client put beside it (`Ada Lovelace <ada@…>`). */
type TypedAddress = ParsedAddress & { readonly firstName: string | null; readonly lastName: string | null };

/** Folds case and duplicates; keeps the first spelling of each address, in input order. */
function distinctAddresses(raw: string | readonly string[]): TypedAddress[] {
  const seen = new Set<string>();
  const out: TypedAddress[] = [];
  for (const mailbox of parseMailboxes(raw)) {
    const parsed = { ...parseAddress(mailbox.address), input: mailbox.input, ...splitDisplayName(mailbox.name) };
    const key = parsed.ok ? parsed.email : `invalid:${parsed.input}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(parsed);
  }
  return out;
}

/** One request's invitations, checked and ready to run alone or together with others (`inviteTogether`). */
interface InviteRequest {
  readonly actor: Actor;
  readonly orgId: string;
  readonly role: Role;
  readonly message: string | null;
  readonly teamIds: readonly string[];
  /** Distinct, in input order; the invalid ones are answered without a query. */
  readonly addresses: readonly TypedAddress[];
  /** Requests run together: the address each valid address's request came from, for its audit entry. */
  readonly ipOf?: ReadonlyMap<string, string | null>;
}

type ValidAddress = TypedAddress & Extract<ParsedAddress, { ok: true }>;
const validOf = (addresses: readonly TypedAddress[]): ValidAddress[] => addresses.filter((a): a is ValidAddress => a.ok);

/**
 * Invites one or many addresses: one result per distinct address. A pending
 * invitation is re-sent with a new link; members and refusals are reported, not thrown.
 */
export async function inviteByEmail(services: Services, actor: Actor, orgId: string, input: InviteInput): Promise<InviteResult[]> {
  const addresses = distinctAddresses(input.emails);
  if (addresses.length === 0) {
    throw new AppError('validation_failed', 'Enter at least one email address.', { errors: [{ field: '/emails', message: 'is empty' }] });
  }
  if (addresses.length > MAX_ADDRESSES_PER_REQUEST) {
    throw new AppError(
      'validation_failed',
      `At most ${MAX_ADDRESSES_PER_REQUEST} addresses at a time; use a spreadsheet import for more.`,
      {
        errors: [{ field: '/emails', message: `has ${addresses.length} addresses` }],
      },
    );
  }
  const request: InviteRequest = {
    actor,
    orgId,
    role: input.role ?? 'learner',
    message: input.message?.trim() || null,
    teamIds: input.teamIds ?? [],
    addresses,
  };
  return inviteTogether(services).run(togetherKey(request), request);
}

/**
 * Requests of one inviter into one organization, with the same role, message and teams, that
 * arrive while two runs of theirs are in flight go together as one run (decision 0025): they
 * would otherwise queue on the rows every invitation of the organization updates (its kept
 * counts, the inviter's rate-limit counter), each paying its own transaction, reads and
 * commit. Requests naming the same address never share a run, and a run that fails is
 * answered request by request, so each gets what it would have got alone.
 */
const TOGETHER_SLOTS = 2;
const inviteTogether = onePer(
  (services: Services) =>
    new RunTogether<InviteRequest, InviteResult[]>({
      slots: TOGETHER_SLOTS,
      canJoin: (requests, request) => {
        let total = request.addresses.length;
        const named = new Set<string>();
        for (const other of requests) {
          total += other.addresses.length;
          for (const address of validOf(other.addresses)) named.add(address.email);
        }
        return total <= MAX_ADDRESSES_PER_REQUEST && validOf(request.addresses).every((address) => !named.has(address.email));
      },
      alone: (request) => inviteAddresses(services, request),
      together: async (requests) => {
        const first = requests[0] as InviteRequest;
        const ipOf = new Map(requests.flatMap((request) => validOf(request.addresses).map((a) => [a.email, request.actor.ip] as const)));
        const results = await inviteAddresses(services, { ...first, addresses: requests.flatMap((request) => request.addresses), ipOf });
        let offset = 0;
        return requests.map((request) => {
          offset += request.addresses.length;
          return results.slice(offset - request.addresses.length, offset);
        });
      },
    }),
);

/** What a run's requests share: who invites, where, as what, with which words and teams. */
function togetherKey(request: InviteRequest): string {
  const { actor } = request;
  const who = actor.kind === 'account' ? actor.accountId : actor.kind === 'key' ? actor.keyId : actor.kind;
  return JSON.stringify([request.orgId, who, request.role, request.message, [...request.teamIds].sort()]);
}

async function inviteAddresses(services: Services, request: InviteRequest): Promise<InviteResult[]> {
  const { actor, orgId, role, message, addresses } = request;
  const valid = validOf(addresses);

  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  authorizeInvite(orgActor, role);
  // The inviter's hit is counted first, on its own: the counter row, which each request of this
  // inviter updates, is then held only for that statement (an unlogged table's commit does not
  // wait for the disk), not from the run's end to its commit (decision 0023). It travels ahead
  // of the first run's BEGIN, with its reads (decision 0024).
  const hit = rateLimitAhead(
    services.db,
    RATE_RULES.invitePerActor,
    `${orgId}:${orgActor.accountId ?? 'operator'}`,
    Math.max(1, valid.length),
  );
  await hit.before();
  // Two index lookups (by the typed address, and by an account's address) instead of an OR
  // across the join, which would read the whole organization. One address (most requests) is
  // compared as a value: that plan cannot change with its parameters, so it is prepared; a
  // list's plan depends on its length, so a list is planned each time (decision 0022).
  const one = valid.length === 1 ? valid[0]?.email : undefined;
  const matches = one === undefined ? sql`in (select unnest(${pgArray(valid.map((a) => a.email))}::text[]))` : sql`= ${one}::text`;
  const lookup = sql`select m.id, coalesce(m.email, a.email) as email, m.status, i.id as inv_id, i.status as inv_status, i.expires_at as inv_expires_at,
               i.first_name as inv_first_name
        from memberships m
        left join accounts a on a.id = m.account_id
        left join invitations i on i.id = m.current_invitation_id
        where m.id in (
          select id from memberships where org_id = ${orgId} and email ${matches}
          union
          select s.id from accounts x join memberships s on s.account_id = x.id and s.org_id = ${orgId}
          where x.email ${matches})`;
  // The organization, the people already there and its webhook endpoints, read in one round
  // trip (pipelined): with the endpoints known, the audit's events need not wait for the
  // audit's answer, and an optimistic run sends everything after these reads at once.
  const read = (tx: Db) =>
    Promise.all([
      getOrgWith<ActiveEndpoint[]>(tx, orgId, activeEndpointsJson(sql`o.id`)),
      queryRows<Existing>(tx, one === undefined ? lookup : prepared(lookup)),
    ]).then(([{ org, along }, existing]) => [org, existing, along] as const);

  const attempt = (underLock: boolean) =>
    inTransaction(services, (tx) => {
      const counted = hit.first(tx);
      return run(tx, underLock, counted && sentAhead(counted));
    });
  // First without the organization's invitation lock, so that invitations of one organization
  // run side by side (decision 0017): the member cap and the trial limit are counted again at
  // the end, under the lock (`commitInvitationRun`), and two requests naming the same new address meet
  // at a unique index. Either way the whole run is rolled back and decided again, holding the
  // lock from the start, as every invitation was before: exact counts, an existing row found.
  try {
    return await attempt(false);
  } catch (error) {
    if (!(error instanceof DecideUnderLock) && !hasSqlState(error, '23505')) throw error;
  }
  // Under the lock, a unique index can still be met: an optimistic request that inserted the
  // same new address before this one took the lock commits after this one read. Its row is
  // committed by then, so the next run finds it.
  for (let tries = 1; ; tries++) {
    try {
      return await attempt(true);
    } catch (error) {
      if (tries >= 3 || !hasSqlState(error, '23505')) throw error;
    }
  }

  async function run(tx: Db, underLock: boolean, counted: Promise<void> | null): Promise<InviteResult[]> {
    if (underLock) await lockInvitations(tx, orgId);
    let [org, existingRows, endpoints] = await read(tx);
    await counted;
    // Reserved seats are counted on the organization's row: such an organization is decided
    // under the lock, and read again once it holds it.
    const optimistic = !underLock && !org.reserveSeatAtInvite;
    if (!underLock && !optimistic) {
      await lockInvitations(tx, orgId);
      [org, existingRows, endpoints] = await read(tx);
    }
    const teamIds = await teamsForInvitation(tx, orgActor, org, request.teamIds);
    const existing = new Map(existingRows.map((row) => [row.email, row]));
    const capacity = await inviteCapacity(tx, org, { optimistic });

    const results = new Map<string, InviteResult>();
    const toIssue: InvitationToIssue[] = [];
    const supersede: string[] = [];
    const invite: PersonToInvite[] = [];
    const result = (
      input: string,
      email: string | null,
      outcome: Outcome,
      reason: string | null,
      memberId: string | null,
    ): InviteResult => ({
      input,
      email,
      outcome,
      reason,
      invitationId: null,
      memberId,
    });

    for (const address of valid) {
      const row = existing.get(address.email);
      if (row?.status === 'active') {
        results.set(
          address.email,
          result(address.input, address.email, 'already_member', 'This person is already an active member.', row.id),
        );
        continue;
      }
      const pending =
        row?.inv_id && row.inv_status
          ? effectiveStatus({ status: row.inv_status, expiresAt: row.inv_expires_at ? new Date(row.inv_expires_at) : null })
          : null;
      if (row?.status === 'invited' && pending === 'pending' && row.inv_id) {
        supersede.push(row.id);
        toIssue.push({ membershipId: row.id, email: address.email, role, previousId: row.inv_id, firstName: row.inv_first_name });
        results.set(
          address.email,
          result(
            address.input,
            address.email,
            'already_invited',
            'A pending invitation existed; it was sent again with a new link.',
            row.id,
          ),
        );
        continue;
      }
      const refusal = capacity.take();
      if (refusal) {
        results.set(address.email, result(address.input, address.email, 'not_allowed', refusal, row?.id ?? null));
        continue;
      }
      invite.push({ membershipId: row?.id ?? null, email: address.email, role, firstName: address.firstName, lastName: address.lastName });
      results.set(address.email, result(address.input, address.email, 'invited', null, row?.id ?? null));
    }
    // A reminder replaces the pending invitation read above, which another request may be
    // replacing at this moment: reminders are decided under the lock, where that read holds.
    // (Without it, two reminders of one person met at the one-pending index again and again.)
    if (optimistic && supersede.length > 0) throw new DecideUnderLock();

    const inviter = await inviterOf(tx, orgActor);
    if (supersede.length > 0) {
      await tx.execute(
        sql`update invitations set status = 'superseded' where org_id = ${orgId} and membership_id = any(${pgArray(supersede)}::uuid[]) and status = 'pending'`,
      );
    }
    const { list: ready, newMemberships } = await prepareInvitationsAlong(tx, { orgId, inviter, people: invite });
    for (const item of ready) {
      const previous = results.get(item.email);
      if (previous) results.set(item.email, { ...previous, memberId: item.membershipId });
      toIssue.push(item);
    }
    const audit = (ids: ReadonlyMap<string, string>) =>
      recordAuditMany(
        tx,
        orgActor,
        toIssue.map((item) => ({
          action: item.previousId ? 'invitation.resent' : 'invitation.sent',
          targetType: 'invitation',
          targetId: ids.get(item.membershipId),
          data: { email: item.email, role: item.role, ...(teamIds.length > 0 ? { teamIds } : {}), ...(message ? { message: true } : {}) },
          ...(request.ipOf ? { ip: request.ipOf.get(item.email) ?? null } : {}),
        })),
        endpoints,
      );
    const issuing = issueInvitations(tx, {
      org,
      inviter,
      message,
      publicUrl: services.config.publicUrl,
      list: toIssue,
      along: newMemberships,
    });
    // New invitations have their ids already (`prepareInvitationsAlong`); a reminder's comes
    // back from the insert.
    const chosen = new Map(toIssue.flatMap((item) => (item.id ? [[item.membershipId, item.id] as const] : [])));
    // Placed now, so people are in their teams from the moment they are active (and a
    // cancellation can take them out again): one statement for the whole batch.
    const place = (ids: ReadonlyMap<string, string>) =>
      placeInvitedInTeams(tx, {
        orgId,
        teamIds,
        people: toIssue.flatMap((item) => {
          const invitationId = ids.get(item.membershipId);
          return invitationId ? [{ membershipId: item.membershipId, invitationId }] : [];
        }),
      });
    let issued: Map<string, string>;
    if (optimistic) {
      // Only new invitations run optimistically (a reminder throws above), so every id is
      // known: the invitations, their audit entries and placements, and the count under the
      // lock with the COMMIT leave in one write (pipelined), the lock held only for the last
      // two. Any failure aborts those behind it and the COMMIT rolls back; the first is thrown.
      const audited = audit(chosen);
      const placed = place(chosen);
      const counted = invite.length > 0 ? commitInvitationRun(tx, org) : null;
      const [written, , , within] = await allAnswered([issuing, audited, placed, counted]);
      if (within === false) throw new DecideUnderLock();
      issued = written as Map<string, string>;
    } else if (chosen.size === toIssue.length) {
      [issued] = await Promise.all([issuing, audit(chosen)]);
      await place(issued);
    } else {
      issued = await issuing;
      await audit(issued);
      await place(issued);
    }
    for (const item of toIssue) {
      const previous = results.get(item.email);
      if (previous) results.set(item.email, { ...previous, invitationId: issued.get(item.membershipId) ?? null });
    }
    return addresses.map((address) =>
      address.ok
        ? (results.get(address.email) ?? result(address.input, address.email, 'invalid', 'Not processed.', null))
        : result(address.input, null, 'invalid', address.reason, null),
    );
  }
}

/** An optimistic run went past the member cap or the trial limit: it is rolled back and run again under the lock. */
class DecideUnderLock extends Error {}
