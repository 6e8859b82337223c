import type { Db } from '../../db/client.js';
import type { Services } from '../../services.js';
import type { OrgActor } from '../access/org-actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { removeMemberIn } from '../members/remove-member.js';
import { getOrg } from '../orgs/repository.js';
import { setUpUserIn } from '../users/set-up-user.js';
import { mutability, ScimError } from './errors.js';
import { renameMadeAccount, type StoredProfile, saveScimProfile } from './repository.js';
import type { UserState } from './user-input.js';
import { findUserRecord, foldUserName, type UserRecord } from './user-records.js';

/** What the identity provider sees of a stored User, as a state to change. */
export function stateOf(record: UserRecord): UserState {
  return {
    userName: record.user_name,
    email: record.email,
    givenName: record.given_name || null,
    familyName: record.family_name || null,
    externalId: record.external_id,
    active: record.status === 'active',
    employeeNumber: record.profile?.employeeNumber ?? null,
    department: record.profile?.department ?? null,
  };
}

const WAY = { wayIn: 'scim' } as const;

/**
 * Brings a User to the state a PUT or PATCH asked for, through the use cases that own each
 * change: `active: false` is a removal (seat and licenses back, history kept, R-19),
 * `active: true` on a removed member is set-up's re-add; names and ids are the
 * provider's, kept on the membership. The address is the person's sign-in: it is not changed
 * from outside (only its letter case, as the provider writes it).
 */
export async function applyUserChanges(
  tx: Db,
  services: Services,
  orgActor: OrgActor,
  current: UserRecord,
  next: UserState,
): Promise<UserRecord> {
  const { orgId } = orgActor;
  const before = stateOf(current);
  if (foldUserName(next.userName) !== foldUserName(before.userName)) {
    throw mutability(
      `"userName" is the person's sign-in (${before.userName}) and cannot become ${JSON.stringify(next.userName)} over SCIM. ` +
        'Only its letter case may change; to use another address, deactivate this User and create a new one.',
    );
  }
  if (next.email !== null && before.email !== null && foldUserName(next.email) !== before.email) {
    throw mutability(`The address of ${before.userName} cannot be changed over SCIM.`);
  }

  if (before.active && !next.active) await removeMemberIn(tx, orgActor, current.id, WAY);
  if (!before.active && next.active) {
    const org = await getOrg(tx, orgId);
    const isAddress = before.email !== null && foldUserName(before.userName) === before.email;
    await setUpUserIn(
      tx,
      services,
      orgActor,
      org,
      {
        firstName: next.givenName ?? '',
        lastName: next.familyName ?? '',
        email: isAddress ? before.email : null,
        username: isAddress ? null : foldUserName(before.userName),
      },
      { source: 'scim', tieExistingAccount: true, audit: WAY, passwordLink: (settings) => settings.scimPasswordLinks },
    );
  }

  const changed = (['userName', 'givenName', 'familyName', 'externalId', 'employeeNumber', 'department'] as const).filter(
    (field) => next[field] !== before[field],
  );
  if (changed.length > 0 || current.profile === null) {
    const profile: StoredProfile = {
      userName: next.userName,
      givenName: next.givenName,
      familyName: next.familyName,
      employeeNumber: next.employeeNumber,
      department: next.department,
      accountMade: (current.profile as Partial<StoredProfile> | null)?.accountMade ?? false,
    };
    await saveScimProfile(tx, orgId, current.id, profile, next.externalId);
    if (profile.accountMade && (changed.includes('givenName') || changed.includes('familyName'))) {
      await renameMadeAccount(tx, orgId, current.id, next.givenName ?? '', next.familyName ?? '');
    }
    if (changed.length > 0) {
      await recordAudit(tx, orgActor, {
        action: 'member.profile_provisioned',
        targetType: 'membership',
        targetId: current.id,
        data: { ...WAY, email: before.email ?? before.userName, changed },
      });
    }
  }
  const after = await findUserRecord(tx, orgId, current.id);
  if (!after) throw new ScimError(500, 'The person was changed but could not be read back.');
  return after;
}
