import type { Db } from '../../db/client.js';
import { displayName, findAccountById } from '../accounts/repository.js';
import type { OrgActor } from '../orgs/org-actor.js';
import type { Inviter } from './issue-invitations.js';

export const OPERATOR_NAME = 'The Roster platform team';

/** How the invitation names who sent it. */
export async function inviterOf(db: Db, actor: OrgActor): Promise<Inviter> {
  if (actor.kind === 'operator') return { accountId: null, name: OPERATOR_NAME };
  const account = await findAccountById(db, actor.accountId);
  return { accountId: actor.accountId, name: account ? displayName(account) : actor.label };
}
