import { eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, type MembershipSource, type Role } from '../../db/schema.js';
import { sentAhead } from '../../db/sent-ahead.js';
import { cte } from '../../db/sql.js';
import { parseAddress } from '../../lib/email-address.js';
import { AppError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { hashPassword, passwordProblem } from '../../lib/password.js';
import { emailCtes } from '../../mail/queue-email.js';
import { accountReaddedEmail } from '../../mail/templates/account-readded.js';
import { accountSetupEmail } from '../../mail/templates/account-setup.js';
import { accountTiedEmail } from '../../mail/templates/account-tied.js';
import { inTransaction, link, type Services } from '../../services.js';
import { type OrgActor, resolveOrgActor } from '../access/org-actor.js';
import { type AccountRow, findAccountByEmail, findAccountByUsername, insertAccount } from '../accounts/repository.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { createPasswordToken, SETUP_LINK_DAYS } from '../auth/repository.js';
import { billingInsert } from '../billing/record-billing.js';
import { memberCapSentence, roomUnderCap } from '../invitations/capacity.js';
import { teamsForInvitation } from '../invitations/teams-for-invitation.js';
import { takeSeat } from '../licenses/seats.js';
import { keptActiveAndPending } from '../members/kept-counts.js';
import { getOrg, type OrgRow } from '../orgs/repository.js';
import { placeInTeams } from '../teams/place-in-team.js';
import { assignTeamTrainings } from '../trainings/assign-team-trainings.js';
import { authorizeSetUp } from './policy.js';
import {
  activateMembership,
  findMembershipsForUpdate,
  insertActiveMembership,
  type MembershipRow,
  membershipOf,
  type ProvidedProfile,
  supersedePendingInvitations,
} from './repository.js';
import type { SetUpUserInput, SetUpUserResultType } from './schemas.js';

/** Who the administrator described, validated and folded. */
interface Person {
  readonly email: string | null;
  readonly username: string | null;
  readonly password: string | null;
  /** How refusals name the person: the address, else the username. */
  readonly label: string;
}

/**
 * What set-up does with the person: a new account, the former member's own account back
 * or (SCIM only) an account that exists elsewhere in the installation, tied to the
 * organization as it is: never duplicated, never changed, its profile kept private.
 */
type Placement =
  | { readonly kind: 'new'; readonly membership: MembershipRow | null }
  | { readonly kind: 'readd'; readonly membership: MembershipRow; readonly account: AccountRow }
  | { readonly kind: 'tie'; readonly membership: MembershipRow | null; readonly account: AccountRow };

export type PlacementKind = Placement['kind'];

/** The way in that sets people up: an administrator, or an identity provider over SCIM. */
export interface SetUpWay {
  readonly source: Extract<MembershipSource, 'setup' | 'scim'>;
  /** An account that exists elsewhere is tied to the organization instead of refused. */
  readonly tieExistingAccount: boolean;
  /** Added to the audit entry's data (the way in, the identity provider's id). */
  readonly audit?: Record<string, unknown>;
  /** What the identity provider says of the person (SCIM), written with the membership itself. */
  readonly provided?: (placement: PlacementKind) => ProvidedProfile;
  /** A read of the member by id, answered by the seat's statement (SCIM's User): one round trip fewer than reading after. */
  readonly answer?: (membershipId: string) => SQL;
  /** The set-up ends the caller's transaction: the seat's statement is sent with the COMMIT (`commitWith`). */
  readonly last?: boolean;
  /** Whether to email a set-password link, from the organization's settings (SCIM); else as the input says. */
  readonly passwordLink?: (org: OrgRow) => boolean;
}

const BY_ADMINISTRATOR: SetUpWay = { source: 'setup', tieExistingAccount: false, last: true };

const fieldError = (field: string, message: string): AppError =>
  new AppError('validation_failed', message, { errors: [{ field, message }] });

function readPerson(input: SetUpUserInput): Person {
  let email: string | null = null;
  const typed = input.email?.trim();
  if (typed) {
    const parsed = parseAddress(typed);
    if (!parsed.ok) throw fieldError('/email', parsed.reason);
    email = parsed.email;
  }
  const username = input.username ? input.username.toLowerCase() : null;
  const label = email ?? username;
  if (label === null) throw fieldError('/email', 'Give an email address, or a username for a person who has none.');
  const password = input.password ? input.password : null;
  if (password === null && email === null) {
    throw fieldError('/password', 'A person without an email address needs a password: no link can reach them to choose one.');
  }
  if (password !== null) {
    const problem = passwordProblem(password, email);
    if (problem) throw fieldError('/password', problem);
  }
  return { email, username, password, label };
}

const cannotSetUp = (): AppError =>
  new AppError('conflict', 'This address cannot be set up directly. Invite it instead: the person will confirm by email.');
const usernameTaken = (username: string): AppError =>
  new AppError('conflict', `The username "${username}" is already taken. Choose another one.`, {
    errors: [{ field: '/username', message: 'is already taken' }],
  });

/**
 * Decides between a new account and re-adding a former member, refusing everything that
 * would let the organization take over an account it never had. Its reads are sent at
 * once, in one round trip; it decides when they are awaited.
 */
function place(tx: Db, orgId: string, person: Person, way: SetUpWay): () => Promise<Placement> {
  const reads = sentAhead(
    Promise.all([
      person.email ? findAccountByEmail(tx, person.email) : null,
      person.username ? findAccountByUsername(tx, person.username) : null,
      findMembershipsForUpdate(tx, orgId, {
        email: person.email,
        signIn: person.email ? { email: person.email } : { username: person.username ?? '' },
      }),
    ]),
  );
  return async () => {
    const [byEmail, byUsername, rows] = await reads;
    const account = person.email ? byEmail : byUsername;
    const membership = membershipOf(rows, account?.id ?? null);
    if (membership?.status === 'active') {
      throw new AppError('already_member', `The following user already has an active account: ${person.label}`);
    }
    if (person.username && byUsername && byUsername.id !== account?.id) throw usernameTaken(person.username);
    // The typed address sits on a membership that belongs to another account.
    if (membership?.accountId && membership.accountId !== account?.id) throw cannotSetUp();
    if (membership?.status === 'removed' && membership.accountId && account) return { kind: 'readd', membership, account };
    if (account && way.tieExistingAccount) return { kind: 'tie', membership, account };
    if (account) throw person.email ? cannotSetUp() : usernameTaken(person.label);
    return { kind: 'new', membership };
  };
}

/**
 * The person as typed, with their lookups and the organization's kept counts already sent; or
 * the refusal of what was typed, kept to be thrown in its turn.
 */
function lookUp(
  tx: Db,
  orgId: string,
  input: SetUpUserInput,
  way: SetUpWay,
):
  | { readonly person: Person; readonly kept: Promise<{ active: number; pending: number }>; readonly placed: () => Promise<Placement> }
  | { readonly refused: unknown } {
  let person: Person;
  try {
    person = readPerson(input);
  } catch (refused) {
    return { refused };
  }
  return { person, kept: sentAhead(keptActiveAndPending(tx, orgId)), placed: place(tx, orgId, person, way) };
}

/**
 * An administrator creates a person's account directly, or one without an email
 * address that signs in with a username. The member is active at once and holds a
 * seat; the notification email carries a set-password link, never a password.
 */
export async function setUpUser(services: Services, actor: Actor, orgId: string, input: SetUpUserInput): Promise<SetUpUserResultType> {
  return inTransaction(services, async (tx) => {
    // The organization is read beside the administrator's membership (one round trip).
    const org = sentAhead(getOrg(tx, orgId));
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    return setUpUserIn(tx, services, orgActor, org, input, BY_ADMINISTRATOR);
  });
}

/**
 * Set-up inside the caller's transaction, for the ways in that set people up (SCIM). `org` is
 * the actor's organization as the caller reads it in this transaction (read once, not twice),
 * still on its way: the person's lookups go with it.
 */
export async function setUpUserIn(
  tx: Db,
  services: Services,
  orgActor: OrgActor,
  orgRead: OrgRow | Promise<OrgRow>,
  input: SetUpUserInput,
  way: SetUpWay,
): Promise<SetUpUserResultType & { readonly placement: PlacementKind; readonly answered: Record<string, unknown> | null }> {
  const orgId = orgActor.orgId;
  const role: Role = input.role ?? 'learner';
  authorizeSetUp(orgActor, role);
  // The person's lookups and the room under the member cap are sent with the organization's
  // read (one round trip); refusals still come in their order: the plan, the teams, the person.
  const looked = lookUp(tx, orgId, input, way);
  const org = await orgRead;
  if (org.id !== orgId) throw new Error("setUpUserIn: the organization is not the actor's");
  if (org.kind === 'trial') {
    throw new AppError('trial_restricted', 'Trial plans cannot set up accounts directly; invite people by email instead.');
  }
  const teamIds = await teamsForInvitation(tx, orgActor, org, input.teamIds ?? []);
  if ('refused' in looked) throw looked.refused;
  const { person, kept, placed } = looked;
  const placement = await placed();
  // A person new to the cap needs room: a pending invitation of theirs already counts.
  if ((placement.membership === null || placement.membership.status === 'removed') && roomUnderCap(org, await kept) <= 0) {
    throw new AppError('member_limit', memberCapSentence(org));
  }
  const passwordHash = person.password ? await hashPassword(person.password) : null;
  const provided = way.provided?.(placement.kind);
  // The membership's id is known before it is written, so its audit entry goes with it (one round trip).
  const membershipId = placement.membership?.id ?? newId();
  let audited: Promise<void> | null = null;
  // The person's membership (a pending invitation, a removal) made active, else a new one.
  const makeActive = (account: Pick<AccountRow, 'id' | 'email' | 'username'>): Promise<MembershipRow> => {
    const made = placement.membership
      ? activateMembership(tx, placement.membership, { accountId: account.id, role, note: input.note, source: way.source }, provided)
      : insertActiveMembership(
          tx,
          {
            id: membershipId,
            orgId,
            accountId: account.id,
            email: account.email,
            role,
            invitedBy: orgActor.accountId,
            note: input.note ?? null,
            source: way.source,
          },
          provided,
        );
    audited = sentAhead(
      recordAudit(tx, orgActor, {
        action: placement.kind === 'readd' ? 'member.readded' : 'member.set_up',
        targetType: 'membership',
        targetId: membershipId,
        data: { email: account.email, username: account.username, role, ...way.audit },
      }),
    );
    return made;
  };

  let account: AccountRow;
  let membership: MembershipRow;
  if (placement.kind === 'tie') {
    account = placement.account;
    if (account.status !== 'active') throw new AppError('conflict', `The account of ${person.label} is disabled and cannot be added.`);
    membership = await makeActive(account);
  } else if (placement.kind === 'readd') {
    account = placement.account;
    if (account.status !== 'active') throw new AppError('conflict', `The account of ${person.label} is disabled and cannot be added back.`);
    if (person.username && account.username && account.username !== person.username) {
      throw new AppError('conflict', `${person.label} already signs in with the username "${account.username}".`, {
        errors: [{ field: '/username', message: `must be "${account.username}" or left empty` }],
      });
    }
    if (passwordHash && account.passwordHash) {
      throw new AppError('conflict', `${person.label} already has a password of their own and keeps it. Leave the password empty.`, {
        errors: [{ field: '/password', message: 'must be left empty for a returning member' }],
      });
    }
    if (!account.email && !account.passwordHash && !passwordHash) {
      throw fieldError('/password', 'A person without an email address needs a password: no link can reach them to choose one.');
    }
    const changes = {
      ...(passwordHash ? { passwordHash } : {}),
      ...(person.username && !account.username ? { username: person.username } : {}),
    };
    if (Object.keys(changes).length > 0) {
      const [updated] = await tx
        .update(accounts)
        .set({ ...changes, updatedAt: sql`now()` })
        .where(eq(accounts.id, account.id))
        .returning();
      if (updated) account = updated;
    }
    membership = await makeActive(account);
  } else {
    // The account and its membership are written together (pipelined): the id is chosen here.
    const accountId = newId();
    [account, membership] = await Promise.all([
      insertAccount(tx, {
        id: accountId,
        email: person.email,
        username: person.username,
        firstName: input.firstName,
        lastName: input.lastName,
        passwordHash,
      }),
      makeActive({ id: accountId, email: person.email, username: person.username }),
    ]);
  }
  // A membership made just now has no invitation links, and no teams but those given here:
  // nothing to supersede, and no trainings to assign without teams.
  const existed = placement.membership !== null;
  if (existed) await supersedePendingInvitations(tx, orgId, membership.id);
  // Active at once: in their teams, with the teams' trainings (R-17, R-21).
  await placeInTeams(tx, { orgId, membershipIds: [membership.id], teamIds });
  if (existed || teamIds.length > 0) {
    await assignTeamTrainings(tx, { orgId, membershipIds: [membership.id], publicUrl: services.config.publicUrl });
  }

  let passwordLinkSent = false;
  // Written in the seat's statement, last (below): one round trip fewer.
  const along: SQL[] = [];
  if (account.email) {
    // Billing starts when this email is delivered: the send-email job records it.
    const signInUrl = link(services, '/login');
    const keepsOwnPassword = placement.kind !== 'new' && placement.account.passwordHash !== null;
    let url: string | null = null;
    if ((way.passwordLink?.(org) ?? input.sendPasswordLink ?? true) && !account.passwordHash && placement.kind !== 'tie') {
      const token = await createPasswordToken(tx, {
        accountId: account.id,
        purpose: 'setup',
        validForMs: SETUP_LINK_DAYS * 86_400_000,
      });
      url = link(services, `/set-password/${token}`);
      passwordLinkSent = true;
    }
    const body =
      placement.kind === 'tie'
        ? accountTiedEmail({ orgName: org.name, signInUrl, orgNote: org.emailNote })
        : keepsOwnPassword
          ? accountReaddedEmail({ orgName: org.name, firstName: account.firstName, signInUrl, orgNote: org.emailNote })
          : accountSetupEmail({ orgName: org.name, firstName: account.firstName, url, signInUrl, orgNote: org.emailNote });
    along.push(
      emailCtes([{ orgId, membershipId: membership.id, kind: 'account-setup', to: account.email, fromName: org.emailSenderName, ...body }]),
    );
  } else {
    // Nobody to notify: the member is billable from now on.
    along.push(cte('billed', billingInsert({ orgId, membershipId: membership.id, kind: 'start', reason: 'setup' })));
  }

  await audited;
  // The seat last: the organization's row stays locked from here to the commit, and every
  // set-up and acceptance of the organization takes it (as acceptance does, decision 0017);
  // sent with the commit when the set-up ends the transaction (decision 0023).
  const answered = await takeSeat(tx, orgId, { along, answer: way.answer?.(membership.id), last: way.last });

  return {
    member: {
      id: membership.id,
      accountId: account.id,
      email: account.email,
      username: account.username,
      // An account tied from elsewhere keeps its profile to itself.
      firstName: placement.kind === 'tie' ? '' : account.firstName,
      lastName: placement.kind === 'tie' ? '' : account.lastName,
      role,
      status: 'active' as const,
    },
    passwordLinkSent,
    placement: placement.kind,
    answered,
  };
}
