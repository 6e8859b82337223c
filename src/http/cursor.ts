import { AppError } from '../lib/errors.js';

/**
 * Keyset cursor: the id of the last row seen, opaque to clients. Lists compare against
 * that row's own (created_at, id) read back from the database, so the comparison keeps
 * PostgreSQL's microsecond precision (a JavaScript Date would round to milliseconds and
 * skip rows created in the same millisecond).
 */
export interface Cursor {
  readonly id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(cursor.id, 'utf8').toString('base64url');
}

export function decodeCursor(value: string | undefined): Cursor | null {
  if (value === undefined || value === '') return null;
  const id = Buffer.from(value, 'base64url').toString('utf8');
  if (!UUID.test(id)) throw new AppError('validation_failed', 'The cursor is not valid; start again from the first page.');
  return { id };
}
