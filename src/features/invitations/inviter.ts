import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { organizations } from '../../db/schema.js';
import type { OrgActor } from '../access/org-actor.js';
import { displayName, findAccountById } from '../accounts/repository.js';
import type { Inviter } from './issue-invitations.js';

export const OPERATOR_NAME = 'The Roster platform team';

/** How the invitation names who sent it. */
export async function inviterOf(db: Db, actor: OrgActor): Promise<Inviter> {
  if (actor.kind === 'operator') return { accountId: null, name: OPERATOR_NAME };
  // An integration invites on behalf of the organization itself.
  if (actor.kind === 'key') return { accountId: null, name: await orgName(db, actor.orgId) };
  const account = await findAccountById(db, actor.accountId);
  return { accountId: actor.accountId, name: account ? displayName(account) : actor.label };
}

async function orgName(db: Db, orgId: string): Promise<string> {
  const [org] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, orgId)).limit(1);
  return org?.name ?? OPERATOR_NAME;
}
