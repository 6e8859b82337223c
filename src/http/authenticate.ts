import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.js';
import { authenticateKey, rateLimitHeaders } from '../features/api-keys/authenticate-key.js';
import { API_KEY_PREFIX } from '../features/api-keys/secret.js';
import type { Actor } from '../features/auth/actor.js';
import { csrfTokenFor, findSession } from '../features/auth/sessions.js';
import { AppError } from '../lib/errors.js';
import { safeEqual } from '../lib/tokens.js';

export const SESSION_COOKIE = 'roster_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    /** The raw session token from the cookie, when a valid session was presented. */
    sessionToken: string | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Establishes who is calling, once per request: a bearer token (an organization's API key,
 * `rst_…`, or the operator's token), a session cookie (a person), or nobody. A state-changing
 * request made with the cookie must carry the session's CSRF token in X-CSRF-Token; bearer
 * requests cannot be forged by a browser and need none.
 */
export function registerAuthentication(app: FastifyInstance, deps: { db: Db; operatorToken: string; apiKeyRatePerMinute: number }): void {
  // Set for every request by the hook below; null only before it runs.
  app.decorateRequest('actor', null as never);
  app.decorateRequest('sessionToken', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const ip = request.ip ?? null;
    request.actor = { kind: 'anonymous', ip };
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (match?.[1] && safeEqual(match[1], deps.operatorToken)) {
        request.actor = { kind: 'operator', ip };
        return;
      }
      if (match?.[1]?.startsWith(API_KEY_PREFIX)) {
        const key = await authenticateKey(deps.db, match[1], ip, deps.apiKeyRatePerMinute);
        reply.headers(rateLimitHeaders(key.rate));
        if (key.limited) throw key.limited;
        request.actor = key.actor;
        return;
      }
      throw new AppError('unauthenticated', 'The bearer token is not valid.');
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await findSession(deps.db, token);
    if (!session) return; // stale cookie: treated as signed out
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, csrfTokenFor(token))) {
        throw new AppError('csrf_failed', 'This request needs the X-CSRF-Token header from GET /api/v1/auth/session.');
      }
    }
    request.sessionToken = token;
    request.actor = {
      kind: 'account',
      accountId: session.accountId,
      label: session.email ?? session.username ?? session.accountId,
      ip,
    };
  });
}
