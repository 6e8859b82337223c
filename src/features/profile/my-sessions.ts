import { and, desc, eq, gt, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { sessions } from '../../db/schema.js';
import { notFound } from '../../lib/errors.js';
import { hashToken } from '../../lib/tokens.js';
import type { Actor } from '../auth/actor.js';
import { requirePerson } from '../auth/require-person.js';

export interface MySessionRow {
  readonly id: string;
  readonly current: boolean;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** Where the person is signed in: every live session of their account, this one marked. */
export async function listMySessions(db: Db, actor: Actor, sessionToken: string | null): Promise<MySessionRow[]> {
  const accountId = requirePerson(actor, 'see where you are signed in');
  const current = sessionToken ? hashToken(sessionToken) : null;
  const rows = await db
    .select({
      id: sessions.id,
      tokenHash: sessions.tokenHash,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .where(and(eq(sessions.accountId, accountId), gt(sessions.expiresAt, sql`now()`)))
    .orderBy(desc(sessions.createdAt));
  return rows.map(({ tokenHash, ...row }) => ({ ...row, current: tokenHash === current }));
}

/** Signs one of the person's own sessions out; another person's session is "not found". */
export async function endMySession(db: Db, actor: Actor, sessionId: string): Promise<void> {
  const accountId = requirePerson(actor, 'sign a session out');
  const ended = await db
    .delete(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.accountId, accountId)))
    .returning({ id: sessions.id });
  if (ended.length === 0) throw notFound('The session');
}

/** Signs out everywhere but here. */
export async function endMyOtherSessions(db: Db, actor: Actor, sessionToken: string | null): Promise<number> {
  const accountId = requirePerson(actor, 'sign your other sessions out');
  const others = sessionToken ? ne(sessions.tokenHash, hashToken(sessionToken)) : undefined;
  const ended = await db
    .delete(sessions)
    .where(and(eq(sessions.accountId, accountId), others))
    .returning({ id: sessions.id });
  return ended.length;
}
