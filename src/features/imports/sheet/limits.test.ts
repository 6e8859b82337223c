import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { lineLimit, openSheet } from './open-sheet.js';
import { formatCount, formatSize, tooLarge, tooManyRows } from './problems.js';
import { failure, handMadeWorkbook, inlineRow, open, pieces, readRows, xlsxOf } from './test-fixtures.js';

const people = (count: number) => `email\n${Array.from({ length: count }, (_, i) => `p${i}@example.com`).join('\n')}\n`;

describe('size limit', () => {
  it('writes the limit readably', () => {
    expect([50 * 1024 * 1024, 1536 * 1024, 10 * 1024, 1536, 512].map(formatSize)).toEqual([
      '50 MB',
      '1.5 MB',
      '10 KB',
      '1.5 KB',
      '512 bytes',
    ]);
    expect(tooLarge(50 * 1024 * 1024).message).toMatch(/^The file is larger than 50 MB, /);
  });

  it('stops a CSV as soon as it crosses the limit, reading no further', async () => {
    const text = people(20_000);
    const source = pieces(text, 1024);
    const sheet = await openSheet(source, { fileName: 'p.csv', limits: { maxBytes: 10 * 1024, maxRows: 1e6 } });
    const error = await failure(() => readRows(sheet));
    expect(error).toMatchObject({ problem: 'too_large', message: expect.stringContaining('larger than 10 KB') });
    expect(source.pulled).toBe(11);
  });

  it('accepts a file of exactly the limit', async () => {
    const text = people(100);
    const rows = await readRows(await open(text, { limits: { maxBytes: Buffer.byteLength(text) } }));
    expect(rows).toHaveLength(100);
  });

  it('stops a workbook as soon as it crosses the limit', async () => {
    const file = await xlsxOf([['email'], ...Array.from({ length: 20_000 }, (_, i) => [`p${i}@example.com`])]);
    const source = pieces(file, 1024);
    const error = await failure(async () =>
      readRows(await openSheet(source, { fileName: 'p.xlsx', limits: { maxBytes: 20 * 1024, maxRows: 1e6 } })),
    );
    expect(error).toMatchObject({ problem: 'too_large', message: expect.stringContaining('larger than 20 KB') });
    expect(source.pulled).toBe(21);
  });

  it('destroys a Node stream it stops reading', async () => {
    const stream = Readable.from(pieces(people(20_000), 1024));
    const error = await failure(async () =>
      readRows(await openSheet(stream, { fileName: 'p.csv', limits: { maxBytes: 4096, maxRows: 1e6 } })),
    );
    expect(error.problem).toBe('too_large');
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.destroyed).toBe(true);
  });
});

describe('row limit', () => {
  it('writes the limit with its thousands', () => {
    expect(formatCount(200_000)).toBe('200,000');
    expect(tooManyRows(200_000).message).toMatch(/^The file has more than 200,000 rows, .*split it/);
  });

  it('counts data rows only: the header and blank rows are free', async () => {
    const text = 'email\n\na@b.io\n,\nc@d.io\n \ne@f.io\n\n';
    expect(await readRows(await open(text, { limits: { maxRows: 3 } }))).toHaveLength(3);
  });

  it('stops part-way at the first row over the limit, without reading on', async () => {
    const source = pieces(people(100_000), 4096);
    const sheet = await openSheet(source, { fileName: 'p.csv', limits: { maxBytes: 1e9, maxRows: 1500 } });
    let read = 0;
    const error = await failure(async () => {
      for await (const batch of sheet.batches(500)) read += batch.length;
    });
    expect(error).toMatchObject({ problem: 'too_many_rows', message: expect.stringContaining('more than 1,500 rows') });
    expect(read).toBe(1500);
    expect(source.pulled).toBeLessThan(10);
  });

  it('applies to workbooks too', async () => {
    const file = await xlsxOf([['email'], ...Array.from({ length: 30 }, (_, i) => [`p${i}@example.com`]), [], ['last@example.com']]);
    const error = await failure(async () => readRows(await open(file, { limits: { maxRows: 30 } })));
    expect(error.problem).toBe('too_many_rows');
    expect(await readRows(await open(file, { limits: { maxRows: 31 } }))).toHaveLength(31);
  });

  it('refuses at once when even the first row is over the limit', async () => {
    const error = await failure(() => open(people(1), { limits: { maxRows: 0 } }));
    expect(error.problem).toBe('too_many_rows');
  });
});

describe('line limit', () => {
  it('is the rows of a worksheet, or twice the row limit when that is more', () => {
    expect(lineLimit({ maxBytes: 1, maxRows: 200_000 })).toBe(1_048_576);
    expect(lineLimit({ maxBytes: 1, maxRows: 1_000_000 })).toBe(2_000_000);
  });

  it('refuses a CSV that runs on with empty lines past it, without reading to the end', async () => {
    const text = `email\na@b.io\n${'\n'.repeat(3_000_000)}last@b.io\n`;
    const source = pieces(text, 64 * 1024);
    const sheet = await openSheet(source, { fileName: 'p.csv', limits: { maxBytes: 1e9, maxRows: 1000 } });
    const error = await failure(() => readRows(sheet));
    expect(error).toMatchObject({ problem: 'too_many_rows', message: expect.stringMatching(/^The file goes on past row 1,048,576, /) });
    expect(source.pulled).toBeLessThan(Math.ceil(text.length / (64 * 1024)) / 2);
  });

  it('reads empty rows up to it, and refuses a worksheet row numbered past it', async () => {
    const before = `email\n${'\n'.repeat(1_048_570)}last@b.io\n`;
    expect((await readRows(await open(before, { limits: { maxBytes: 1e9 } }))).map((row) => row.rowNumber)).toEqual([1_048_572]);
    const rows = `${inlineRow(1, ['email'])}${inlineRow(2, ['a@b.io'])}${inlineRow(1_048_577, ['far@b.io'])}`;
    const error = await failure(async () => readRows(await open(handMadeWorkbook(rows), { fileName: 'p.xlsx' })));
    expect(error.problem).toBe('too_many_rows');
  });

  it('counts empty rows before the header too', async () => {
    const error = await failure(() => open(`${'\n'.repeat(1_100_000)}email\na@b.io\n`, { limits: { maxBytes: 1e9 } }));
    expect(error.problem).toBe('too_many_rows');
  });
});
