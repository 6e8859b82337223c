import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openSheet } from './open-sheet.js';
import { LIMITS, open, pieces, readRows, xlsxOf } from './test-fixtures.js';

const people = (count: number) => `email\n${Array.from({ length: count }, (_, i) => `p${i + 1}@example.com`).join('\n')}\n`;

describe('reading a sheet in batches', () => {
  it('hands rows over in batches of at most the size asked, in file order', async () => {
    for (const file of [people(7), await xlsxOf([['email'], ...Array.from({ length: 7 }, (_, i) => [`p${i + 1}@example.com`])])]) {
      const sizes: number[] = [];
      const emails: string[] = [];
      for await (const batch of (await open(file)).batches(3)) {
        sizes.push(batch.length);
        emails.push(...batch.map((row) => row.values.email!));
      }
      expect(sizes).toEqual([3, 3, 1]);
      expect(emails).toEqual(Array.from({ length: 7 }, (_, i) => `p${i + 1}@example.com`));
    }
  });

  it('can be read once only, and refuses a batch size that is not a positive integer', async () => {
    const sheet = await open(people(2));
    await expect(sheet.batches(0)[Symbol.asyncIterator]().next()).rejects.toThrow(RangeError);
    expect(await readRows(sheet)).toHaveLength(2);
    await expect(sheet.batches(10)[Symbol.asyncIterator]().next()).rejects.toThrow(/only once/);
  });

  it('lets go of a Node stream when the reader stops early or closes without reading', async () => {
    const early = Readable.from(pieces(people(50_000), 1024));
    const sheet = await openSheet(early, { fileName: 'p.csv', limits: LIMITS });
    for await (const batch of sheet.batches(10)) {
      expect(batch).toHaveLength(10);
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(early.destroyed).toBe(true);

    const unread = Readable.from(pieces(people(50_000), 1024));
    await (await openSheet(unread, { fileName: 'p.csv', limits: LIMITS })).close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(unread.destroyed).toBe(true);
  });

  it('leaves a workbook cleanly when the reader stops early', async () => {
    const file = await xlsxOf([['email'], ...Array.from({ length: 3000 }, (_, i) => [`p${i + 1}@example.com`])]);
    const sheet = await open(file);
    for await (const batch of sheet.batches(100)) {
      expect(batch[0]!.values.email).toBe('p1@example.com');
      break;
    }
    await sheet.close();
    expect(await readRows(await open(file))).toHaveLength(3000);
  });

  it('takes strings and Uint8Arrays from a stream as bytes', async () => {
    const stream = Readable.from(['email,first_name\n', new Uint8Array(Buffer.from('a@b.io,Zoé\n'))]);
    const rows = await readRows(await openSheet(stream, { fileName: 'p.csv', limits: LIMITS }));
    expect(rows).toEqual([{ rowNumber: 2, values: { email: 'a@b.io', first_name: 'Zoé' } }]);
  });
});
