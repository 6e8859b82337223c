import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared-statements.js';
import { queryRows } from '../../db/sql.js';
import { AppError } from '../../lib/errors.js';

export interface RateRule {
  readonly name: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

export const RATE_RULES = {
  signInPerIp: { name: 'sign-in:ip', limit: 30, windowSeconds: 300 },
  signInPerAccount: { name: 'sign-in:id', limit: 10, windowSeconds: 300 },
  acceptPerIp: { name: 'accept:ip', limit: 30, windowSeconds: 300 },
  passwordPerIp: { name: 'password:ip', limit: 10, windowSeconds: 300 },
  passwordPerAddress: { name: 'password:address', limit: 5, windowSeconds: 3600 },
  passwordChangePerAccount: { name: 'password-change:account', limit: 10, windowSeconds: 900 },
  invitePerActor: { name: 'invite:actor', limit: 5000, windowSeconds: 3600 },
  // Imports have their own rule: a file may hold 200,000 people, but uploads are few.
  importPerActor: { name: 'import:actor', limit: 30, windowSeconds: 3600 },
} as const satisfies Record<string, RateRule>;

/** What a hit returns: the count in the window so far, and the seconds until it ends. */
export interface RateCount {
  readonly hits: number;
  readonly retry: number;
}

/**
 * The statement that counts one hit against a fixed window kept in the database, so every
 * instance shares the same counter; it returns a `RateCount`. Other statements may carry it
 * as a CTE (an invitation counts its hit in its last statement).
 */
export function rateLimitHit(rule: RateRule, subject: string, weight = 1): SQL {
  const key = `${rule.name}:${subject}`;
  return sql`insert into rate_limits (key, window_start, hits) values (${key}, now(), ${weight})
    on conflict (key) do update set
      hits = case when rate_limits.window_start < now() - make_interval(secs => ${rule.windowSeconds})
                  then ${weight} else rate_limits.hits + ${weight} end,
      window_start = case when rate_limits.window_start < now() - make_interval(secs => ${rule.windowSeconds})
                  then now() else rate_limits.window_start end
    returning hits, ceil(extract(epoch from (window_start + make_interval(secs => ${rule.windowSeconds}) - now())))::int as retry`;
}

/** Refuses with the time to wait once the limit is passed. */
export function refuseOverLimit(rule: RateRule, count: RateCount | undefined): void {
  if (count && count.hits > rule.limit) {
    const wait = Math.max(1, count.retry);
    throw new AppError('rate_limited', `Too many attempts. Try again in ${wait} seconds.`, { retryAfterSeconds: wait });
  }
}

/** Counts one hit, on its own, and refuses once the limit is passed. */
export async function hitRateLimit(db: Db, rule: RateRule, subject: string, weight = 1): Promise<void> {
  const [row] = await queryRows<RateCount>(db, prepared(rateLimitHit(rule, subject, weight)));
  refuseOverLimit(rule, row);
}

/** Forgets a subject's count, e.g. after a successful sign-in. */
export async function resetRateLimit(db: Db, rule: RateRule, subject: string): Promise<void> {
  await db.execute(sql`delete from rate_limits where key = ${`${rule.name}:${subject}`}`);
}
