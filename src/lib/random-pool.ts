import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 16 * 1024;
let pool = Buffer.alloc(0);
let offset = 0;

/**
 * `size` cryptographically random bytes (a copy). Drawn from a buffer filled 16 KB at a
 * time: an import makes hundreds of thousands of ids and tokens, and one call into the
 * random source per value cost more than the rest of the work on them. Node's randomUUID
 * batches the same way. Each byte is handed out once.
 */
export function randomBytesFromPool(size: number): Buffer {
  if (size > POOL_BYTES) return randomFillSync(Buffer.alloc(size));
  if (offset + size > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + size));
  // Handed-out bytes do not stay behind in the pool.
  pool.fill(0, offset, offset + size);
  offset += size;
  return bytes;
}
