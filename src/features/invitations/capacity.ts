import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { commitWith } from '../../db/commit-with.js';
import { prepared } from '../../db/prepared-statements.js';
import { hasSqlState, LIMITS_REACHED } from '../../db/sql-state.js';
import { keptActiveAndPending } from '../members/kept-counts.js';
import type { OrgRow } from '../orgs/repository.js';

/**
 * How many more people the organization may hold under its member cap: active members
 * and pending invitations count; cancelled, expired and removed people do not. Read from the
 * kept counts (decision 0017): a few rows, whatever the organization's size.
 */
export async function membersLeft(db: Db, org: OrgRow): Promise<number> {
  return roomUnderCap(org, await keptActiveAndPending(db, org.id));
}

/** The same, from counts already read. */
export const roomUnderCap = (org: OrgRow, kept: { readonly active: number; readonly pending: number }): number =>
  org.maxMembers - kept.active - kept.pending;

export const memberCapSentence = (org: OrgRow): string =>
  `${org.name} has reached its limit of ${org.maxMembers.toLocaleString('en-US')} members: remove people or cancel invitations first, or ask the platform operator to raise the limit.`;

/**
 * The lock that ways in which add people to an organization take before they count them for the
 * member cap and the trial limit, so that two of them cannot both take the last place.
 */
export async function lockInvitations(db: Db, orgId: string): Promise<void> {
  // The key spelled from the uuid as PostgreSQL prints it, as lock_invitations_within_limits() does.
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('invite:' || ${orgId}::uuid::text))`);
}

/**
 * How many more people may be invited now. Invitations do not hold seats, but an
 * organization with no free seat cannot invite anyone, and a trial plan may not have more
 * people active or pending than its seats (anti-spam, R-23). Nobody comes in past the
 * member cap. `take()` returns a refusal sentence, or null when the invitation fits.
 * `optimistic`: the caller counts nothing now and checks the limits afterwards with
 * `commitInvitationRun`, under the lock (only the free-seat rule, read from the organization, applies).
 */
export async function inviteCapacity(
  db: Db,
  org: OrgRow,
  /** Room under the member cap when the caller counted it already (an import's run counts once, not per chunk). */
  options: { readonly room?: number; readonly optimistic?: boolean } = {},
): Promise<{ take(kind?: 'invite' | 'setup'): string | null }> {
  let free = org.seats - org.seatsUsed;
  // Invitations that reserve seats use them up one each; otherwise any number may wait.
  let remaining = org.reserveSeatAtInvite ? free : Number.POSITIVE_INFINITY;
  if (org.kind === 'trial' && !org.reserveSeatAtInvite && !options.optimistic) {
    remaining = free - (await keptActiveAndPending(db, org.id)).pending;
  }
  let room = options.optimistic ? Number.POSITIVE_INFINITY : (options.room ?? (await membersLeft(db, org)));
  return {
    /** A set-up (imports mix both) takes a seat at once, leaving fewer for what follows. */
    take(kind = 'invite') {
      if (free <= 0) return 'No seat is free in this organization: free a seat or add seats to the plan first.';
      if (remaining <= 0) return `The trial plan allows ${org.seats} people, active or invited, and that many are already there.`;
      if (room <= 0) return memberCapSentence(org);
      remaining -= 1;
      room -= 1;
      if (kind === 'setup' || org.reserveSeatAtInvite) free -= 1;
      return null;
    },
  };
}

/**
 * The last statement of an optimistic invitation run that wrote new invitations, sent with the
 * run's COMMIT: takes the lock and counts again from the kept counts (the count reads a snapshot
 * taken once the lock is granted: everything committed under the lock before, and this
 * transaction's own rows). False when the organization is now past its member cap or its trial
 * limit: nothing was committed, and the run must be decided again, under the lock from its start.
 */
export async function commitInvitationRun(db: Db, org: OrgRow): Promise<boolean> {
  const trialRoom = org.kind === 'trial' && !org.reserveSeatAtInvite ? org.seats - org.seatsUsed : null;
  try {
    await commitWith(db, prepared(sql`select lock_invitations_within_limits(${org.id}::uuid, ${org.maxMembers}::int, ${trialRoom}::int)`));
    return true;
  } catch (error) {
    if (hasSqlState(error, LIMITS_REACHED)) return false;
    throw error;
  }
}
