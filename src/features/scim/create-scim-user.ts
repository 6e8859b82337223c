import { sentAhead } from '../../db/sent-ahead.js';
import { hasSqlState } from '../../db/sql-state.js';
import { parseAddress } from '../../lib/email-address.js';
import { onePer, RunTogether } from '../../lib/run-together.js';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { getOrg } from '../orgs/repository.js';
import { setUpUserIn } from '../users/set-up-user.js';
import { invalidValue, ScimError } from './errors.js';
import { scimOrgOf } from './policy.js';
import { type AddressedCreate, type ScimCreate, storedProfile } from './scim-create.js';
import { setUpNewScimUsers } from './set-up-new-users.js';
import { readUser } from './user-input.js';
import { type UserRecord, userRecordQuery } from './user-records.js';

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;

/**
 * POST /Users: the person is set up as an active member at once — the set-up use case,
 * with its seat, billing, teams, trainings, email and audit entry — by way of SCIM. An account
 * that exists elsewhere in the installation is tied to the organization, not duplicated.
 * A password is used only for someone without an address (who has no other way to sign in).
 */
export async function createScimUser(services: Services, actor: Actor, body: unknown): Promise<UserRecord> {
  const create = readCreate(actor, body);
  // A person with an address may be set up together with others (decision 0025); one without
  // brings a password to hash, and is set up alone.
  const { email } = create;
  return email ? creates(services).run(togetherKey(create), { ...create, email }) : createAlone(services, create);
}

function readCreate(actor: Actor, body: unknown): ScimCreate {
  const orgId = scimOrgOf(actor);
  const user = readUser(body);
  if (!user.active)
    throw invalidValue('Roster creates people active. Create them with "active": true, or leave them out until they start.');
  const asAddress = parseAddress(user.userName);
  if (asAddress.ok) return { actor, orgId, user, email: asAddress.email, username: null };
  if (user.userName.includes('@'))
    throw invalidValue(`"userName" ${JSON.stringify(user.userName)} is not a valid address: ${asAddress.reason}`);
  if (!USERNAME.test(user.userName)) {
    throw invalidValue('"userName" must be an email address, or a username of 3–64 letters, digits, ".", "_" and "-".');
  }
  const other = user.email ? parseAddress(user.email) : null;
  if (other && !other.ok) throw invalidValue(`"emails" holds an address that is not valid: ${other.reason}`);
  return { actor, orgId, user, email: other?.ok ? other.email : null, username: user.userName.toLowerCase() };
}

/**
 * Creates by one key that arrive while two runs of its are in flight are set up together
 * (`setUpNewScimUsers`): an identity provider pushing a directory sends many at once, and each
 * alone would wait on the organization's seat count, which every set-up updates. At most
 * `TOGETHER_MAX` a run; never two of the same person.
 */
const TOGETHER_SLOTS = 2;
const TOGETHER_MAX = 100;
const names = (create: AddressedCreate) => [create.email, create.username];
const creates = onePer(
  (services: Services) =>
    new RunTogether<AddressedCreate, UserRecord>({
      slots: TOGETHER_SLOTS,
      canJoin: (group, create) => {
        if (group.length >= TOGETHER_MAX) return false;
        const taken = new Set(group.flatMap(names));
        return names(create).every((name) => name === null || !taken.has(name));
      },
      alone: (create) => createAlone(services, create),
      together: (group) => setUpNewScimUsers(services, group),
      // One new person alone is set up faster this way too; anyone else runs alone after it.
      oneTogether: true,
    }),
);

/** The key and the organization; each create keeps its own address in its audit entry. */
const togetherKey = (create: ScimCreate): string =>
  JSON.stringify([create.orgId, create.actor.kind === 'key' ? create.actor.keyId : create.actor.kind]);

/**
 * One create, as the set-up use case: any person, new or known (tied, re-added). A create that
 * met another one's new account or membership at a unique index runs again and finds it, so it
 * gets what a create arriving after it gets (409 uniqueness), not a failure.
 */
async function createAlone(services: Services, create: ScimCreate): Promise<UserRecord> {
  try {
    return await setUpAlone(services, create);
  } catch (error) {
    if (!hasSqlState(error, '23505')) throw error;
    return setUpAlone(services, create);
  }
}

async function setUpAlone(services: Services, create: ScimCreate): Promise<UserRecord> {
  const { actor, orgId, user, email, username } = create;
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    // Not awaited here: the person's lookups go with it (one round trip).
    const org = sentAhead(getOrg(tx, orgId));
    const made = await setUpUserIn(
      tx,
      services,
      orgActor,
      org,
      {
        firstName: user.givenName ?? '',
        lastName: user.familyName ?? '',
        email,
        username,
        password: email ? null : user.password,
      },
      {
        source: 'scim',
        tieExistingAccount: true,
        audit: { wayIn: 'scim', ...(user.externalId ? { externalId: user.externalId } : {}) },
        passwordLink: (settings) => settings.scimPasswordLinks,
        // Written with the membership itself: no second update of the row.
        provided: (placement) => ({ profile: storedProfile(user, placement === 'new'), externalId: user.externalId }),
        // Read back, not assembled here: user-records.ts is the one definition of what a User
        // shows (the same expressions filter and sort). The seat's statement answers with it.
        answer: (membershipId) => userRecordQuery(orgId, membershipId),
        // Nothing follows in this transaction: the seat's statement is sent with the commit.
        last: true,
      },
    );
    const record = made.answered as UserRecord | null;
    if (!record?.id) throw new ScimError(500, 'The person was set up but could not be read back.');
    return record;
  });
}
