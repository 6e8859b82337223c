import type { Actor } from '../auth/actor.js';
import type { StoredProfile } from './repository.js';
import type { UserState } from './user-input.js';

/** A POST /Users, read and checked: who asks, into which organization, for whom. */
export interface ScimCreate {
  readonly actor: Actor;
  readonly orgId: string;
  readonly user: UserState & { readonly password: string | null };
  /** The address the person signs in with or is reached at; null for a username alone. */
  readonly email: string | null;
  /** Set when `userName` is not an address: folded to lower case, as accounts keep it (`user.userName` keeps the case given). */
  readonly username: string | null;
}

/** A create of someone with an address: the kind that may be set up together with others. */
export type AddressedCreate = ScimCreate & { readonly email: string };

/** What the identity provider said of the person, kept with the membership. */
export const storedProfile = (user: UserState, accountMade: boolean): StoredProfile => ({
  userName: user.userName,
  givenName: user.givenName,
  familyName: user.familyName,
  employeeNumber: user.employeeNumber,
  department: user.department,
  accountMade,
});
