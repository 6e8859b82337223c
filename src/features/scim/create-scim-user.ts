import { sentAhead } from '../../db/sent-ahead.js';
import { parseAddress } from '../../lib/email-address.js';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { getOrg } from '../orgs/repository.js';
import { setUpUserIn } from '../users/set-up-user.js';
import { invalidValue, ScimError } from './errors.js';
import { scimOrgOf } from './policy.js';
import type { StoredProfile } from './repository.js';
import { readUser, type UserState } from './user-input.js';
import { type UserRecord, userRecordQuery } from './user-records.js';

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;

const storedProfile = (user: UserState, accountMade: boolean): StoredProfile => ({
  userName: user.userName,
  givenName: user.givenName,
  familyName: user.familyName,
  employeeNumber: user.employeeNumber,
  department: user.department,
  accountMade,
});

/**
 * POST /Users: the person is set up as an active member at once — the set-up use case,
 * with its seat, billing, teams, trainings, email and audit entry — by way of SCIM. An account
 * that exists elsewhere in the installation is tied to the organization, not duplicated.
 * A password is used only for someone without an address (who has no other way to sign in).
 */
export async function createScimUser(services: Services, actor: Actor, body: unknown): Promise<UserRecord> {
  const orgId = scimOrgOf(actor);
  const user = readUser(body);
  if (!user.active)
    throw invalidValue('Roster creates people active. Create them with "active": true, or leave them out until they start.');
  const asAddress = parseAddress(user.userName);
  let email: string | null = asAddress.ok ? asAddress.email : null;
  let username: string | null = null;
  if (!asAddress.ok) {
    if (user.userName.includes('@'))
      throw invalidValue(`"userName" ${JSON.stringify(user.userName)} is not a valid address: ${asAddress.reason}`);
    if (!USERNAME.test(user.userName)) {
      throw invalidValue('"userName" must be an email address, or a username of 3–64 letters, digits, ".", "_" and "-".');
    }
    username = user.userName;
    const other = user.email ? parseAddress(user.email) : null;
    if (other && !other.ok) throw invalidValue(`"emails" holds an address that is not valid: ${other.reason}`);
    email = other?.ok ? other.email : null;
  }
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
