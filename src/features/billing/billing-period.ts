import { AppError } from '../../lib/errors.js';

/** A period of whole UTC days, `from` and `to` both included (an invoice's "1 to 31 January"). */
export interface BillingPeriod {
  readonly from: string;
  readonly to: string;
  /** Instants: the first moment of `from`, and the first moment after `to`. */
  readonly start: Date;
  readonly end: Date;
}

const DAY_MS = 86_400_000;
const MAX_DAYS = 3660;

/** Reads and checks the period; a refusal names what to fix. */
export function billingPeriod(from: string, to: string): BillingPeriod {
  const start = new Date(`${from}T00:00:00Z`);
  const last = new Date(`${to}T00:00:00Z`);
  for (const [name, value, date] of [
    ['from', from, start],
    ['to', to, last],
  ] as const) {
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
      throw new AppError('validation_failed', `"${name}" must be a date such as 2026-01-31.`, {
        errors: [{ field: `/${name}`, message: 'is not a calendar date (YYYY-MM-DD)' }],
      });
    }
  }
  if (last < start) throw new AppError('validation_failed', '"from" must not be after "to".');
  const end = new Date(last.getTime() + DAY_MS);
  if ((end.getTime() - start.getTime()) / DAY_MS > MAX_DAYS) {
    throw new AppError('validation_failed', `A billing period is at most ${MAX_DAYS} days long.`);
  }
  return { from, to, start, end };
}

/** The day number (days since 1970-01-01, UTC) of an instant. */
export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);
export const dayText = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
