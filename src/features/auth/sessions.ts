import { eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared-statements.js';
import { sessions } from '../../db/schema.js';
import { cte, queryRows, withCtes } from '../../db/sql.js';
import { deriveToken, hashToken, newToken } from '../../lib/tokens.js';

export interface SessionAccount {
  readonly sessionId: string;
  readonly accountId: string;
  readonly email: string | null;
  readonly username: string | null;
  readonly firstName: string;
  readonly lastName: string;
}

/** Creates a session and returns its token: the only time the token exists outside the cookie. */
export async function createSession(
  db: Db,
  input: { accountId: string; ip: string | null; userAgent: string | null; days: number },
): Promise<{ token: string; expiresAt: Date }> {
  const { statements, ...made } = newSession(input);
  const [dropExpired, insert] = statements;
  await db.execute(prepared(withCtes([cte('expired', dropExpired)], insert)));
  return made;
}

/**
 * A session's token and the statements that store it: expired sessions of the account are
 * dropped as a new one is made. For a caller that writes them together with others (an
 * acceptance writes them in its seat's statement).
 */
export function newSession(input: { accountId: string; ip: string | null; userAgent: string | null; days: number }): {
  token: string;
  expiresAt: Date;
  statements: readonly [SQL, SQL];
} {
  const token = newToken();
  const expiresAt = new Date(Date.now() + input.days * 86_400_000);
  return {
    token,
    expiresAt,
    statements: [
      sql`delete from sessions where account_id = ${input.accountId} and expires_at < now()`,
      sql`insert into sessions (account_id, token_hash, ip, user_agent, expires_at)
          values (${input.accountId}, ${hashToken(token)}, ${input.ip}, ${input.userAgent?.slice(0, 300) ?? null}, ${expiresAt.toISOString()}::timestamptz)`,
    ],
  };
}

/** The session a cookie's token names, with its account: read on every signed-in request, so prepared (a lookup by key). */
export async function findSession(db: Db, token: string): Promise<SessionAccount | null> {
  const [row] = await queryRows<SessionAccount>(
    db,
    prepared(sql`select s.id as "sessionId", a.id as "accountId", a.email, a.username, a.first_name as "firstName", a.last_name as "lastName"
      from sessions s join accounts a on a.id = s.account_id
      where s.token_hash = ${hashToken(token)} and s.expires_at > now() and a.status = 'active'`),
  );
  return row ?? null;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
}

/** Ends every session of an account, e.g. after its password changed. */
export async function deleteAccountSessions(db: Db, accountId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.accountId, accountId));
}

/** The CSRF token is bound to the session token, so it needs no storage and dies with the session. */
export function csrfTokenFor(sessionToken: string): string {
  return deriveToken(sessionToken, 'roster-csrf-v1');
}
