import type { Db } from '../../db/client.js';
import { presentAccount } from '../accounts/presenter.js';
import { findAccountById } from '../accounts/repository.js';
import { listActiveMemberships } from './repository.js';
import type { SessionViewType } from './schemas.js';
import { createSession, csrfTokenFor } from './sessions.js';

export const ANONYMOUS_VIEW: SessionViewType = { authenticated: false };
export const OPERATOR_VIEW: SessionViewType = { authenticated: true, operator: true };

/** Opens a session for an account and answers with its token and what the web app shows. */
export async function openSession(
  db: Db,
  input: { accountId: string; ip: string | null; userAgent: string | null; days: number },
): Promise<{ token: string; expiresAt: Date; view: SessionViewType }> {
  const session = await createSession(db, input);
  return { ...session, view: await sessionViewFor(db, input.accountId, session.token) };
}

/** What the web app needs about a signed-in person: who they are, their CSRF token, their organizations. */
export async function sessionViewFor(db: Db, accountId: string, sessionToken: string): Promise<SessionViewType> {
  const account = await findAccountById(db, accountId);
  if (account?.status !== 'active') return ANONYMOUS_VIEW;
  const memberships = await listActiveMemberships(db, accountId);
  return {
    authenticated: true,
    operator: false,
    account: presentAccount(account),
    csrfToken: csrfTokenFor(sessionToken),
    memberships: memberships.map((m) => ({ orgId: m.orgId, orgName: m.orgName, orgSlug: m.orgSlug, role: m.role })),
  };
}
