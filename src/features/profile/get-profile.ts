import type { Db } from '../../db/client.js';
import { notFound } from '../../lib/errors.js';
import { type AccountRow, findAccountById } from '../accounts/repository.js';
import type { Actor } from '../auth/actor.js';
import { requirePerson } from '../auth/require-person.js';

/** The signed-in person's own account. */
export async function getProfile(db: Db, actor: Actor): Promise<AccountRow> {
  const account = await findAccountById(db, requirePerson(actor, 'see your account'));
  if (!account) throw notFound('The account');
  return account;
}
