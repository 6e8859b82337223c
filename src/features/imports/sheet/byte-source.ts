import { tooLarge } from './problems.js';

export type SheetInput = NodeJS.ReadableStream | AsyncIterable<Buffer>;

/** Pieces handed on are at most this long, so one huge input chunk cannot become one huge string. */
const PIECE_BYTES = 64 * 1024;

function asBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError('A spreadsheet stream must yield bytes.');
}

/**
 * The upload as a pull-based sequence of byte pieces that counts what it reads and stops at
 * the size limit, with a look-ahead for sniffing the format.
 */
export class ByteSource {
  private readonly iterator: AsyncIterator<unknown>;
  private readonly held: Buffer[] = [];
  private total = 0;
  private ended = false;
  private released = false;

  constructor(
    input: SheetInput,
    private readonly maxBytes: number,
  ) {
    this.iterator = (input as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  }

  /** Bytes taken from the input so far. */
  get bytesRead(): number {
    return this.total;
  }

  /** The next piece, or null at the end; throws `too_large` the moment the limit is crossed. */
  async read(): Promise<Buffer | null> {
    const held = this.held.shift();
    if (held !== undefined) return held;
    while (!this.ended && !this.released) {
      const step = await this.iterator.next();
      if (step.done) {
        this.ended = true;
        break;
      }
      const chunk = asBuffer(step.value);
      if (chunk.length === 0) continue;
      this.total += chunk.length;
      if (this.total > this.maxBytes) {
        this.release();
        throw tooLarge(this.maxBytes);
      }
      for (let start = PIECE_BYTES; start < chunk.length; start += PIECE_BYTES) {
        this.held.push(chunk.subarray(start, start + PIECE_BYTES));
      }
      return chunk.length > PIECE_BYTES ? chunk.subarray(0, PIECE_BYTES) : chunk;
    }
    return null;
  }

  /** Every remaining piece, for piping; throws as `read` does. */
  async *pieces(): AsyncGenerator<Buffer> {
    for (let piece = await this.read(); piece !== null; piece = await this.read()) yield piece;
  }

  /** The first `size` bytes (fewer for a shorter file), left in place for `read`. */
  async peek(size: number): Promise<Buffer> {
    const pieces: Buffer[] = [];
    let length = 0;
    while (length < size) {
      const piece = await this.read();
      if (piece === null) break;
      pieces.push(piece);
      length += piece.length;
    }
    this.held.unshift(...pieces);
    return Buffer.concat(pieces, length).subarray(0, size);
  }

  /** Stops reading: a Node stream is destroyed by its iterator's `return`. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.held.length = 0;
    if (this.ended) return;
    // Not awaited: a stream waiting for bytes that never come must not hold the caller up.
    this.iterator.return?.().catch(() => {});
  }
}
