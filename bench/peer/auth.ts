import { randomBytes } from 'node:crypto';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { organization } from 'better-auth/plugins/organization';
import pg from 'pg';

/**
 * The peer of issue 18: better-auth with email and password and its organization plugin, on a
 * pg Pool of 20 connections (Roster's pool size), called in-process through `auth.api`.
 */

/** Every statement the pool's connections send; read around one operation run alone. */
let sent = 0;
export const statementsSent = (): number => sent;

export function openPool(url: string): pg.Pool {
  // Idle connections are kept, as Roster keeps its own (`min`): pg's default closes them after
  // ten idle seconds, and a burst after a pause (the hash measurement) would reconnect.
  const pool = new pg.Pool({ connectionString: url, max: 20, idleTimeoutMillis: 0 });
  // Each new connection's own `query` is wrapped, so pool.query (which borrows a client) and
  // Kysely's clients from pool.connect() are both counted, once per statement, BEGIN and COMMIT too.
  pool.on('connect', (client) => {
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      sent += 1;
      return original(...args);
    };
    // A connection cut while checked out (the drop at Ctrl-C) fails its query instead of the process.
    client.on('error', () => {});
  });
  pool.on('error', () => {
    // An idle connection was lost; the pool replaces it on next use.
  });
  return pool;
}

/** One secret for every instance, so that a session cookie signed by one is good for another. */
const SECRET = randomBytes(32).toString('hex');

/** The instant stand-in for the password hash (`noHash`): a run without it measures the rest of an acceptance. */
const storedAsIs = async (password: string): Promise<string> => password;

/** The options, shared by `betterAuth` and `getMigrations` so the tables match the plugin. */
function options(pool: pg.Pool, noHash = false) {
  return {
    database: pool,
    baseURL: 'http://bench.local',
    secret: SECRET,
    emailAndPassword: { enabled: true, ...(noHash ? { password: { hash: storedAsIs } } : {}) },
    telemetry: { enabled: false },
    // auth.api calls skip the rate limiter anyway; off so nothing in the path depends on it.
    rateLimit: { enabled: false },
    logger: { level: 'error' as const },
    plugins: [
      organization({
        // better-auth sends no mail itself: the application's callback does, here nothing.
        sendInvitationEmail: async () => {},
        // Defaults are 100 pending invitations and 100 members per organization, below the
        // bench's 1,000 invitations and 300 acceptances into one organization (Roster's seats are
        // a million in its bench organizations). A function, not a number: a number would also
        // become listMembers' default page size. Both checks still run their queries; the
        // invitations' reads at most 100 pending rows (the adapter's default findMany limit).
        invitationLimit: 1_000_000,
        membershipLimit: () => 1_000_000,
      }),
    ],
  };
}

export function createAuth(pool: pg.Pool, noHash = false) {
  return betterAuth(options(pool, noHash));
}
export type Auth = ReturnType<typeof createAuth>;

/** better-auth's own migration API: creates user, session, account, verification and the plugin's tables. */
export async function migrate(pool: pg.Pool): Promise<void> {
  const { runMigrations } = await getMigrations(options(pool));
  await runMigrations();
}

/** The request headers of a session, from the Set-Cookie of the call that made it. */
export function sessionHeaders(responseHeaders: Headers): Headers {
  const cookie = responseHeaders
    .getSetCookie()
    .map((line) => line.split(';')[0] ?? '')
    .filter((pair) => pair.includes('session_token='))
    .join('; ');
  if (!cookie) throw new Error('no session cookie in the answer');
  return new Headers({ cookie });
}
