import { randomBytesFromPool } from './random-pool.js';

/**
 * Ids for rows written in bulk: UUID version 7 (RFC 9562), 48 bits of Unix time in
 * milliseconds, then 74 random bits. Ids made later sort later, so a 200,000-row import
 * appends to the right edge of each primary key and of every index that holds a
 * membership id, instead of dirtying a random page of each for every row. They are not
 * secrets (tokens are), and the random part keeps them unguessable all the same.
 * The database makes the same kind by default (`uuid_v7()`, migration 20261130014900).
 */
export function newId(now: number = Date.now()): string {
  const bytes = randomBytesFromPool(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x70; // version 7
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80; // variant 10
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
