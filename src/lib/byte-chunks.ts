/**
 * Text encoded straight into fixed-size buffers, handed on when full. A file of hundreds of MB
 * built as JavaScript strings and then encoded (`Buffer.from`) spent three times as long in
 * encoding and garbage collection as in making the text (decision 0020); written piece by
 * piece into a buffer, the pieces die young and nothing is encoded twice.
 */
export class ByteChunks {
  private buffer: Buffer;
  private used = 0;
  private readonly ready: Buffer[] = [];

  constructor(private readonly size = 256 * 1024) {
    this.buffer = Buffer.allocUnsafe(size);
  }

  /** Makes room for `bytes` more, handing on the current buffer if they would not fit. */
  private room(bytes: number): void {
    if (this.used + bytes <= this.size) return;
    this.flush();
  }

  private flush(): void {
    if (this.used === 0) return;
    this.ready.push(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(this.size);
    this.used = 0;
  }

  /** Text known to be ASCII (markup, digits, fixed words): one byte a character. */
  ascii(text: string): void {
    this.room(text.length);
    this.used += this.buffer.write(text, this.used, 'latin1');
  }

  /** Any text, as UTF-8 (at most three bytes for each UTF-16 unit). */
  text(text: string): void {
    const most = text.length * 3;
    if (most > this.size) {
      this.flush();
      this.ready.push(Buffer.from(text, 'utf8'));
      return;
    }
    this.room(most);
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  /** The buffers filled so far (with `all`, the partly filled one too), in order. */
  take(all = false): Buffer[] {
    if (all) this.flush();
    return this.ready.splice(0);
  }
}
