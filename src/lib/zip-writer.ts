import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/**
 * A ZIP archive written front to back, for files Roster makes (an XLSX workbook is one): small
 * entries given whole, and one entry at a time streamed through deflate, its CRC and sizes
 * written after its data (a data descriptor, general-purpose flag bit 3), so nothing is held
 * but the chunk at hand. Bytes go to `push`, which returns a promise when the reader is
 * behind: the writer waits there. No ZIP64: an entry or the archive over 4 GiB is refused.
 *
 * Why not a library: exceljs's streaming writer was most of a download's time, and what a
 * workbook needs of ZIP is this much (APPNOTE 6.3.x, sections 4.3.7 to 4.3.16).
 */
interface Entry {
  readonly name: Buffer;
  readonly method: 0 | 8;
  readonly flags: number;
  readonly crc: number;
  readonly compressed: number;
  readonly size: number;
  readonly offset: number;
}

const MAX = 0xffffffff;
const DEFLATE = 8;
const DESCRIPTOR_FOLLOWS = 0x0008;

/** MS-DOS time and date of now (UTC): what a ZIP entry carries as its modification time. */
function dosTimeDate(at: Date): { time: number; date: number } {
  const time = (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2);
  const date = ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate();
  return { time, date };
}

export class ZipWriter {
  private readonly entries: Entry[] = [];
  private offset = 0;
  private readonly stamp = dosTimeDate(new Date());

  constructor(private readonly push: (bytes: Buffer) => Promise<void> | undefined) {}

  private async emit(bytes: Buffer): Promise<void> {
    this.offset += bytes.length;
    if (this.offset > MAX) throw new Error('The file is over 4 GiB, more than a ZIP without ZIP64 can hold.');
    await this.push(bytes);
  }

  private localHeader(name: Buffer, method: number, flags: number, crc: number, compressed: number, size: number): Buffer {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    header.writeUInt16LE(flags, 6);
    header.writeUInt16LE(method, 8);
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(compressed, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28); // no extra field
    return Buffer.concat([header, name]);
  }

  /** A small entry given whole, deflated. */
  async file(path: string, content: string): Promise<void> {
    const name = Buffer.from(path, 'utf8');
    const data = Buffer.from(content, 'utf8');
    const deflated = deflateRawSync(data);
    const entry: Entry = {
      name,
      method: DEFLATE,
      flags: 0,
      crc: crc32(data),
      compressed: deflated.length,
      size: data.length,
      offset: this.offset,
    };
    await this.emit(this.localHeader(name, DEFLATE, 0, entry.crc, entry.compressed, entry.size));
    await this.emit(deflated);
    this.entries.push(entry);
  }

  /**
   * An entry whose content comes in pieces: `write` each (waiting on it), then `end`. Deflate
   * level 1: text like a sheet's XML shrinks about as well as at the default level, at a
   * fraction of the time.
   */
  async stream(path: string): Promise<{ write(data: Buffer): Promise<void>; end(): Promise<void> }> {
    const name = Buffer.from(path, 'utf8');
    const offset = this.offset;
    await this.emit(this.localHeader(name, DEFLATE, DESCRIPTOR_FOLLOWS, 0, 0, 0));
    const deflate = createDeflateRaw({ level: 1 });
    let crc = 0;
    let size = 0;
    let compressed = 0;
    // Deflate's output goes out in order; each piece's push is awaited before the next input.
    let pending: Promise<void> = Promise.resolve();
    let failure: unknown = null;
    deflate.on('data', (chunk: Buffer) => {
      compressed += chunk.length;
      pending = pending
        .then(() => this.emit(chunk))
        .catch((error: unknown) => {
          failure ??= error;
        });
    });
    const ended = new Promise<void>((resolve, reject) => {
      deflate.once('end', resolve);
      deflate.once('error', reject);
    });
    const check = () => {
      if (failure) throw failure;
    };
    return {
      write: async (data: Buffer) => {
        check();
        crc = crc32(data, crc);
        size += data.length;
        if (size > MAX) throw new Error('The file is over 4 GiB, more than a ZIP without ZIP64 can hold.');
        if (!deflate.write(data)) await new Promise<void>((resolve) => deflate.once('drain', resolve));
        await pending;
        check();
      },
      end: async () => {
        deflate.end();
        await ended;
        await pending;
        check();
        const descriptor = Buffer.alloc(16);
        descriptor.writeUInt32LE(0x08074b50, 0);
        descriptor.writeUInt32LE(crc, 4);
        descriptor.writeUInt32LE(compressed, 8);
        descriptor.writeUInt32LE(size, 12);
        await this.emit(descriptor);
        this.entries.push({ name, method: DEFLATE, flags: DESCRIPTOR_FOLLOWS, crc, compressed, size, offset });
      },
    };
  }

  /** The central directory and its end record: the archive is complete. */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const entry of this.entries) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
      header.writeUInt16LE(20, 6); // needed: 2.0
      header.writeUInt16LE(entry.flags, 8);
      header.writeUInt16LE(entry.method, 10);
      header.writeUInt16LE(this.stamp.time, 12);
      header.writeUInt16LE(this.stamp.date, 14);
      header.writeUInt32LE(entry.crc, 16);
      header.writeUInt32LE(entry.compressed, 20);
      header.writeUInt32LE(entry.size, 24);
      header.writeUInt16LE(entry.name.length, 28);
      // extra, comment, disk, internal and external attributes: all zero
      header.writeUInt32LE(entry.offset, 42);
      await this.emit(Buffer.concat([header, entry.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.emit(end);
  }
}
