import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { aheadOfTransaction, pipelined, prepared } from '../../db/prepared-statements.js';
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

/** What a hit returns: whether it was refused, and the seconds until the window ends. */
interface RateCount {
  readonly refused: boolean;
  readonly retry: number;
}

/**
 * The statement that counts a hit of `weight` against a fixed window kept in the database, so
 * every instance shares the same counter. A hit that does not fit is refused and not counted:
 * a batch of 500 refused near the limit leaves room for the single address that still fits.
 * Best sent on its own, outside a transaction (an invitation's is): the counter row is then
 * held only for this statement, and the table is unlogged, so its commit does not wait for the
 * disk (decision 0023).
 */
function rateLimitHit(rule: RateRule, subject: string, weight: number): SQL {
  const key = `${rule.name}:${subject}`;
  const expired = sql`rate_limits.window_start < now() - make_interval(secs => ${rule.windowSeconds})`;
  const fits = sql`rate_limits.hits + ${weight} <= ${rule.limit}`;
  // A window's first hit: counted, unless it alone is past the limit.
  const alone = weight > rule.limit;
  const first = alone ? 0 : weight;
  return sql`insert into rate_limits (key, window_start, hits, refused)
    values (${key}, now(), ${first}, ${alone})
    on conflict (key) do update set
      hits = case when ${expired} then ${first} when ${fits} then rate_limits.hits + ${weight} else rate_limits.hits end,
      refused = case when ${expired} then ${alone} else not (${fits}) end,
      window_start = case when ${expired} then now() else rate_limits.window_start end
    returning refused, ceil(extract(epoch from (window_start + make_interval(secs => ${rule.windowSeconds}) - now())))::int as retry`;
}

/** Counts a hit, on its own, and refuses it (a 429 with the wait) when it does not fit in the window. */
export async function hitRateLimit(db: Db, rule: RateRule, subject: string, weight = 1): Promise<void> {
  refuseOverLimit(await queryRows<RateCount>(db, prepared(rateLimitHit(rule, subject, weight))));
}

function refuseOverLimit([row]: readonly RateCount[]): void {
  if (row?.refused) {
    const wait = Math.max(1, row.retry);
    throw new AppError('rate_limited', `Too many attempts. Try again in ${wait} seconds.`, { retryAfterSeconds: wait });
  }
}

/**
 * A hit counted by the transaction that follows it, at no round trip of its own (PostgreSQL):
 * `first(tx)`, the transaction's first statement, runs ahead of its BEGIN, in the same write,
 * and commits alone as `hitRateLimit` does. Where statements are not pipelined (PGlite),
 * `before()` counts it before the transaction instead. Either refuses as `hitRateLimit` does.
 */
export function rateLimitAhead(
  db: Db,
  rule: RateRule,
  subject: string,
  weight = 1,
): { before(): Promise<void>; first(tx: Db): Promise<void> | null } {
  const ahead = pipelined(db);
  let counted = false;
  return {
    async before() {
      if (ahead || counted) return;
      counted = true;
      await hitRateLimit(db, rule, subject, weight);
    },
    first(tx) {
      if (!ahead || counted) return null;
      counted = true;
      return queryRows<RateCount>(tx, aheadOfTransaction(prepared(rateLimitHit(rule, subject, weight)))).then(refuseOverLimit);
    },
  };
}

/** Forgets a subject's count, e.g. after a successful sign-in. */
export async function resetRateLimit(db: Db, rule: RateRule, subject: string): Promise<void> {
  await db.execute(sql`delete from rate_limits where key = ${`${rule.name}:${subject}`}`);
}
