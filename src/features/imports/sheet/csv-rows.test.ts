import { describe, expect, it } from 'vitest';
import { MAX_RECORD_CHARS } from './csv-rows.js';
import { openSheet } from './open-sheet.js';
import { failure, open, pieces, readRows } from './test-fixtures.js';

const UTF8_BOM = '\uFEFF';

describe('CSV encoding', () => {
  it('reads UTF-8 with or without a byte-order mark', async () => {
    for (const bom of ['', UTF8_BOM]) {
      const sheet = await open(`${bom}email,first_name,last_name\nzoe@example.com,Zoé,Ångström\n`);
      expect(sheet.columns).toEqual(['email', 'first_name', 'last_name']);
      expect(await readRows(sheet)).toEqual([
        { rowNumber: 2, values: { email: 'zoe@example.com', first_name: 'Zoé', last_name: 'Ångström' } },
      ]);
    }
  });

  it('accepts a character split between two chunks, down to one byte per chunk', async () => {
    const text = 'email;Prénom\nlea@example.com;Léa 🌷 Müller\n';
    for (const size of [1, 2, 3, 5]) {
      const rows = await readRows(await open(text, { size }));
      expect(rows).toEqual([{ rowNumber: 2, values: { email: 'lea@example.com', first_name: 'Léa 🌷 Müller' } }]);
    }
  });

  it.each([
    ['UTF-16 LE with its mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email\r\na@b.io\r\n', 'utf16le')])],
    ['UTF-16 BE with its mark', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('email\r\na@b.io\r\n', 'utf16le').swap16()])],
    ['UTF-16 LE without a mark', Buffer.from('email,first_name\r\na@b.io,Ann\r\n', 'utf16le')],
    ['Windows-1252 (Latin-1) text', Buffer.from('email;Prénom\r\nzoe@example.com;Zoé\r\n', 'latin1')],
  ])('refuses %s, saying to save as CSV UTF-8', async (_, bytes) => {
    const error = await failure(async () => readRows(await open(bytes)));
    expect(error.problem).toBe('encoding');
    expect(error.message).toContain('"CSV UTF-8 (Comma delimited)"');
  });

  it('refuses a bad byte found deep in the file part-way, after the rows before it', async () => {
    const good = `email\n${Array.from({ length: 5000 }, (_, i) => `p${i}@example.com`).join('\n')}\n`;
    const bytes = Buffer.concat([Buffer.from(good), Buffer.from([0x43, 0xe9, 0x63, 0x69, 0x6c, 0x65, 0x0a])]);
    const sheet = await open(bytes, { size: 4096 });
    let read = 0;
    const error = await failure(async () => {
      for await (const batch of sheet.batches(100)) read += batch.length;
    });
    expect(error.problem).toBe('encoding');
    expect(read).toBeGreaterThan(1000);
  });

  it('refuses a file that ends in the middle of a character', async () => {
    // 0xC3 opens a two-byte character (like "é") that never gets its second byte.
    const bytes = Buffer.concat([Buffer.from('email\na@b.io\n'), Buffer.from([0xc3])]);
    const error = await failure(async () => readRows(await open(bytes)));
    expect(error.problem).toBe('encoding');
  });
});

describe('CSV separators and quoting', () => {
  it.each([
    [',', 'email,first_name,last_name\r\na@b.io,Ann,Lee\r\n'],
    [';', 'email;first_name;last_name\r\na@b.io;Ann;Lee\r\n'],
    ['\t', 'email\tfirst_name\tlast_name\r\na@b.io\tAnn\tLee\r\n'],
  ])('detects %j from the header line', async (delimiter, text) => {
    const sheet = await open(text);
    expect(sheet.delimiter).toBe(delimiter);
    expect(await readRows(sheet)).toEqual([{ rowNumber: 2, values: { email: 'a@b.io', first_name: 'Ann', last_name: 'Lee' } }]);
  });

  it('counts only separators outside quotes in the header', async () => {
    const sheet = await open('"Name, as written";email;"Team; or teams"\n"Lee, Ann";a@b.io;"Sales; Support"\n');
    expect(sheet.delimiter).toBe(';');
    expect(sheet.unknownColumns).toEqual(['Name, as written', 'Team; or teams']);
    expect(await readRows(sheet)).toEqual([{ rowNumber: 2, values: { email: 'a@b.io' } }]);
  });

  it('reads quoted separators, doubled quotes and line breaks, numbering rows as records', async () => {
    const text = [
      'email,first_name,last_name,teams',
      'a@b.io,"Ann, Jr.","O""Neil","Sales',
      'EMEA; Support"',
      'c@d.io,Cy,"Multi',
      '',
      'line",',
      'e@f.io,Eve,Doe,',
      '',
    ].join('\r\n');
    for (const size of [1, 4, 64 * 1024]) {
      expect(await readRows(await open(text, { size }))).toEqual([
        { rowNumber: 2, values: { email: 'a@b.io', first_name: 'Ann, Jr.', last_name: 'O"Neil', teams: 'Sales\r\nEMEA; Support' } },
        { rowNumber: 3, values: { email: 'c@d.io', first_name: 'Cy', last_name: 'Multi\r\n\r\nline' } },
        { rowNumber: 4, values: { email: 'e@f.io', first_name: 'Eve', last_name: 'Doe' } },
      ]);
    }
  });

  it.each([
    ['CRLF', '\r\n'],
    ['LF', '\n'],
    ['CR', '\r'],
  ])('reads %s line breaks', async (_, newline) => {
    const text = ['email,role', 'a@b.io,learner', '"c@d.io",manager', ''].join(newline);
    expect(await readRows(await open(text, { size: 3 }))).toEqual([
      { rowNumber: 2, values: { email: 'a@b.io', role: 'learner' } },
      { rowNumber: 3, values: { email: 'c@d.io', role: 'manager' } },
    ]);
  });

  it('trims cells, leaves empty ones out, and skips blank rows while keeping row numbers', async () => {
    const text = '\n \nEmail , First name\n  a@b.io  ,  \n,\n\n c@d.io,Cy\n';
    const sheet = await open(text);
    expect(sheet.headerRowNumber).toBe(3);
    expect(await readRows(sheet)).toEqual([
      { rowNumber: 4, values: { email: 'a@b.io' } },
      { rowNumber: 7, values: { email: 'c@d.io', first_name: 'Cy' } },
    ]);
  });

  it('reads a last line without a line break, and a row with fewer or more cells than the header', async () => {
    const rows = await readRows(await open('email,first_name,last_name\na@b.io\nc@d.io,Cy,Doe,extra\ne@f.io,Eve'));
    expect(rows.map((row) => row.values)).toEqual([
      { email: 'a@b.io' },
      { email: 'c@d.io', first_name: 'Cy', last_name: 'Doe' },
      { email: 'e@f.io', first_name: 'Eve' },
    ]);
  });

  it('refuses a quotation mark that is never closed, naming its row', async () => {
    const sheet = await open('email,first_name\na@b.io,Ann\nc@d.io,"Cy\ne@f.io,Eve\n');
    const rows: unknown[] = [];
    const error = await failure(async () => {
      for await (const batch of sheet.batches(1)) rows.push(...batch);
    });
    expect(error).toMatchObject({ problem: 'malformed', message: expect.stringMatching(/^Row 3 opens a quotation mark/) });
    expect(rows).toHaveLength(1);
  });

  it('stops at a row longer than any real one instead of buffering the rest of the file', async () => {
    const source = pieces(`email,first_name\na@b.io,"${'x'.repeat(MAX_RECORD_CHARS + 10)}\nc@d.io,Cy\n${'z'.repeat(4 * MAX_RECORD_CHARS)}`);
    const error = await failure(async () =>
      readRows(await openSheet(source, { fileName: 'big.csv', limits: { maxBytes: 1e9, maxRows: 10 } })),
    );
    expect(error).toMatchObject({ problem: 'malformed', message: expect.stringMatching(/^Row 2 is longer than 1 MB/) });
    expect(source.pulled).toBeLessThan(25);
  });
});

describe('CSV streaming', () => {
  it('reads only the start of the file to open it, and the rest as batches are asked for', async () => {
    const text = `email,first_name\n${Array.from({ length: 50_000 }, (_, i) => `person${i}@example.com,P${i}`).join('\n')}\n`;
    const source = pieces(text, 16 * 1024);
    const sheet = await openSheet(source, { fileName: 'people.csv', limits: { maxBytes: 1e9, maxRows: 1e6 } });
    expect(source.pulled).toBeLessThanOrEqual(2);
    let batches = 0;
    let rows = 0;
    let last = 0;
    for await (const batch of sheet.batches(5000)) {
      batches++;
      rows += batch.length;
      last = batch.at(-1)!.rowNumber;
      expect(batch.length).toBeLessThanOrEqual(5000);
    }
    expect({ batches, rows, last }).toEqual({ batches: 10, rows: 50_000, last: 50_001 });
  });
});
