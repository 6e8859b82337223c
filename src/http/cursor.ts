import { AppError } from '../lib/errors.js';

/** Keyset cursors: (timestamp, id) of the last row seen, opaque to clients. */
export interface Cursor {
  readonly at: string;
  readonly id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(value: string | undefined): Cursor | null {
  if (value === undefined || value === '') return null;
  const [at, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)))
    throw new AppError('validation_failed', 'The cursor is not valid; start again from the first page.');
  return { at, id };
}
