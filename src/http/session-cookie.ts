import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from './authenticate.js';

/** The session cookie: HTTP-only, same-site, secure whenever Roster is served over HTTPS. */
export function setSessionCookie(reply: FastifyReply, session: { token: string; expiresAt: Date }, publicUrl: string): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: publicUrl.startsWith('https:'),
    path: '/',
    expires: session.expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, publicUrl: string): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: publicUrl.startsWith('https:'), path: '/' });
}
