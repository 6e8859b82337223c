import type { AccountRow } from './repository.js';

/** A person's own view of their account (the session, My account): never the password hash. */
export function presentAccount(account: AccountRow) {
  return {
    id: account.id,
    email: account.email,
    username: account.username,
    firstName: account.firstName,
    lastName: account.lastName,
    timeZone: account.timeZone,
  };
}
