/**
 * Whether PostgreSQL answered `error` (or an error it wraps: drizzle wraps the driver's) with
 * SQLSTATE `code`, such as 23505 for a unique violation or 40P01 for a deadlock.
 */
export function hasSqlState(error: unknown, code: string): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === code) return true;
  }
  return false;
}

/** Raised by `lock_invitations_within_limits()`: an optimistic invitation run went past the organization's limits. */
export const LIMITS_REACHED = 'RS001';

/** Raised by `take_seats()`: fewer seats are free than the statement wanted. */
export const NO_SEAT = 'RS002';

/** Raised by `refuse_if_placed()`: someone accepting was placed in a team after the acceptance began. */
export const PLACED_MEANWHILE = 'RS003';
