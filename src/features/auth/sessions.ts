import { and, eq, gt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared-statements.js';
import { accounts, sessions } from '../../db/schema.js';
import { cte, withCtes } from '../../db/sql.js';
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

export async function findSession(db: Db, token: string): Promise<SessionAccount | null> {
  const [row] = await db
    .select({
      sessionId: sessions.id,
      accountId: accounts.id,
      email: accounts.email,
      username: accounts.username,
      firstName: accounts.firstName,
      lastName: accounts.lastName,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, sql`now()`), eq(accounts.status, 'active')))
    .limit(1);
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
