import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { TURNAWAY_WAYS } from '../../db/schema.js';

export interface Turnaway {
  readonly orgId: string;
  readonly email: string;
  readonly membershipId: string | null;
  readonly way: (typeof TURNAWAY_WAYS)[number];
}

/**
 * Notes someone turned away because no seat was free, for the admins' daily notice (issue 17).
 * Written outside the refused request's transaction (which rolls back), and at most one
 * unreported row per person: opening the invitation page again only moves `last_at` on.
 */
export async function recordTurnaway(db: Db, turnaway: Turnaway): Promise<void> {
  await db.execute(sql`
    insert into seat_turnaways (org_id, email, membership_id, way)
    values (${turnaway.orgId}, ${turnaway.email}, ${turnaway.membershipId}, ${turnaway.way})
    on conflict (org_id, email) where reported_at is null
    do update set last_at = now(), way = excluded.way, membership_id = coalesce(excluded.membership_id, seat_turnaways.membership_id)`);
}

/**
 * Runs a use case that may turn someone away (it calls `noteTurnaway` before refusing); once its
 * transaction has rolled back, the person is recorded apart, and the refusal goes on.
 */
export async function keepingTurnaways<T>(db: Db, work: (noteTurnaway: (turnaway: Turnaway) => void) => Promise<T>): Promise<T> {
  const noted: { turnaway: Turnaway | null } = { turnaway: null };
  try {
    return await work((turnaway) => {
      noted.turnaway = turnaway;
    });
  } catch (error) {
    if (noted.turnaway) await recordTurnaway(db, noted.turnaway);
    throw error;
  }
}
