import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared-statements.js';
import type { ApiKeyRole } from '../../db/schema.js';
import { queryRows } from '../../db/sql.js';
import { AppError } from '../../lib/errors.js';
import { onePer, RunTogether } from '../../lib/run-together.js';
import { hashToken } from '../../lib/tokens.js';
import type { Actor } from '../auth/actor.js';
import { looksLikeApiKey } from './secret.js';

/** The per-key window: a fixed minute, counted in `rate_limits` so every instance shares it. */
export const KEY_WINDOW_SECONDS = 60;

/** Last use is written when the one on record is older than this: one write a minute per busy key, not one per request. */
const LAST_USE_EVERY_SECONDS = 60;

export interface KeyRate {
  readonly limit: number;
  readonly remaining: number;
  /** Seconds until the window starts again. */
  readonly resetSeconds: number;
}

interface KeyRow {
  id: string;
  org_id: string;
  name: string;
  prefix: string;
  role: ApiKeyRole;
  scopes: string[];
  expired_at: string | null;
  revoked_at: string | null;
  hits: number | null;
  reset: number | null;
}

interface KeyLookup {
  readonly secretHash: string;
  readonly ip: string | null;
}

/**
 * Requests with one key that arrive while two lookups of it are in flight are looked up and
 * counted by one statement (decision 0025): an identity provider or an integration sends many
 * at once, and each lookup is a round trip that updates the key's one counter row. Each request
 * gets the count as it would have been alone, in arrival order.
 */
const LOOKUPS_TOGETHER = 64;
const lookups = onePer(
  (db: Db) =>
    new RunTogether<KeyLookup, KeyRow | undefined>({
      slots: 2,
      canJoin: (group) => group.length < LOOKUPS_TOGETHER,
      alone: async (lookup) => (await lookUp(db, lookup, 1))[0],
      together: async (group) => {
        const [row] = await lookUp(db, group[0] as KeyLookup, group.length);
        return group.map((_, i) => row && { ...row, hits: row.hits === null ? null : row.hits - (group.length - 1 - i) });
      },
    }),
);

/** The key, with `requests` more counted against its window (the first caller's address recorded as its last use). */
function lookUp(db: Db, { secretHash, ip }: KeyLookup, requests: number): Promise<KeyRow[]> {
  return queryRows<KeyRow>(
    db,
    prepared(sql`
    with k as (
      select id, org_id, name, prefix, role, scopes, revoked_at,
             case when expires_at <= now() then expires_at end as expired_at,
             revoked_at is null and (expires_at is null or expires_at > now()) as usable
      from api_keys where secret_hash = ${secretHash}
    ), used as (
      update api_keys set last_used_at = now(), last_used_ip = ${ip}
      where id = (select id from k where usable)
        and (last_used_at is null or last_used_at < now() - make_interval(secs => ${LAST_USE_EVERY_SECONDS}))
      returning 1
    ), hit as (
      insert into rate_limits (key, window_start, hits)
      select 'api-key:' || id, now(), ${requests}::int from k where usable
      on conflict (key) do update set
        hits = case when rate_limits.window_start <= now() - make_interval(secs => ${KEY_WINDOW_SECONDS}) then excluded.hits
                    else rate_limits.hits + excluded.hits end,
        window_start = case when rate_limits.window_start <= now() - make_interval(secs => ${KEY_WINDOW_SECONDS})
                            then now() else rate_limits.window_start end
      returning hits, greatest(1, ceil(extract(epoch from (window_start + make_interval(secs => ${KEY_WINDOW_SECONDS}) - now()))))::int as reset
    )
    select k.id, k.org_id, k.name, k.prefix, k.role, k.scopes, k.expired_at, k.revoked_at, hit.hits, hit.reset
    from k left join hit on true`),
  );
}

const when = (value: string): string => new Date(value).toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * Establishes the key behind `Authorization: Bearer rst_…`, in one statement: finds the key by
 * the hash of the secret, counts the request against the key's window, and refreshes its last
 * use when the recorded one is a minute old. Refuses an unknown, revoked or expired key (401),
 * and says when a key is past its rate (429), so the caller can send the RateLimit fields with the refusal.
 */
export async function authenticateKey(
  db: Db,
  secret: string,
  ip: string | null,
  perMinute: number,
): Promise<{ actor: Actor; rate: KeyRate; limited: AppError | null }> {
  if (!looksLikeApiKey(secret)) throw new AppError('unauthenticated', 'This API key is not valid: check that it was copied whole.');
  const secretHash = hashToken(secret);
  const row = await lookups(db).run(secretHash, { secretHash, ip });
  if (!row)
    throw new AppError('unauthenticated', 'This API key is not valid: it may have been mistyped, or deleted with its organization.');
  if (row.revoked_at)
    throw new AppError('unauthenticated', `This API key was revoked on ${when(row.revoked_at)}; ask an administrator for a new one.`);
  if (row.expired_at)
    throw new AppError('unauthenticated', `This API key expired on ${when(row.expired_at)}; ask an administrator for a new one.`);
  const hits = Number(row.hits ?? 1);
  const rate: KeyRate = {
    limit: perMinute,
    remaining: Math.max(0, perMinute - hits),
    resetSeconds: Number(row.reset ?? KEY_WINDOW_SECONDS),
  };
  return {
    limited:
      hits > perMinute
        ? new AppError(
            'rate_limited',
            `This API key made more than ${perMinute} requests this minute. Try again in ${rate.resetSeconds} seconds.`,
            {
              retryAfterSeconds: rate.resetSeconds,
            },
          )
        : null,
    actor: {
      kind: 'key',
      keyId: row.id,
      orgId: row.org_id,
      role: row.role,
      scopes: row.scopes,
      label: `API key "${row.name}" (${row.prefix}…)`,
      ip,
    },
    rate,
  };
}

/** The IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers): the policy, and what is left of it. */
export function rateLimitHeaders(rate: KeyRate): Record<string, string> {
  return {
    'ratelimit-policy': `"per-key";q=${rate.limit};w=${KEY_WINDOW_SECONDS}`,
    ratelimit: `"per-key";r=${rate.remaining};t=${rate.resetSeconds}`,
  };
}
