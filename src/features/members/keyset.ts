import { AppError } from '../../lib/errors.js';

/**
 * Keyset cursors for lists sorted on (value, id): the last row's sort value and id, with
 * the name of the sort they belong to, as base64url JSON. Opaque to clients; a cursor that
 * was tampered with, or that belongs to another sort, is refused rather than misread.
 */
export interface Keyset {
  /** The sort the cursor was issued for, e.g. "-created". */
  readonly sort: string;
  readonly value: string;
  readonly id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Timestamps as the lists write them: UTC, microseconds kept, so no row is skipped or repeated. */
export const TIMESTAMP_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export function encodeKeyset(keyset: Keyset): string {
  return Buffer.from(JSON.stringify([keyset.sort, keyset.value, keyset.id]), 'utf8').toString('base64url');
}

const invalid = (): AppError =>
  new AppError('validation_failed', 'The cursor is not valid; start again from the first page.', {
    errors: [{ field: '/cursor', message: 'is not a cursor from this list' }],
  });

/**
 * Reads a cursor issued for `sort`; `valuePattern` checks the sort value (a timestamp for
 * date sorts). Undefined or empty means the first page.
 */
export function decodeKeyset(raw: string | undefined, sort: string, valuePattern?: RegExp): Keyset | null {
  if (raw === undefined || raw === '') return null;
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [cursorSort, value, id] = parsed as unknown[];
  if (cursorSort !== sort) {
    throw new AppError('validation_failed', 'The cursor belongs to another sort order; start again from the first page.', {
      errors: [{ field: '/cursor', message: `was issued for sort "${String(cursorSort)}"` }],
    });
  }
  if (typeof value !== 'string' || value.length > 1000 || typeof id !== 'string' || !UUID.test(id)) throw invalid();
  if (valuePattern && !valuePattern.test(value)) throw invalid();
  return { sort, value, id };
}
