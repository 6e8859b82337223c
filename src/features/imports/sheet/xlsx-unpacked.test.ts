import { describe, expect, it } from 'vitest';
import { failure, handMadeWorkbook, inlineRow, open, readRows } from './test-fixtures.js';
import { unpackBounds } from './xlsx-unpacked.js';

// Small upload limits make small bombs: a 100 KB upload may unpack to 2 MB, 100 KB of it shared text.
const LIMITS = { maxBytes: 100 * 1024, maxRows: 1000 };
const people = (count: number) => [
  inlineRow(1, ['email']),
  ...Array.from({ length: count }, (_, i) => inlineRow(i + 2, [`p${i}@example.com`])),
];
const xlsxName = { fileName: 'people.xlsx' };

/** A shared-strings part of `count` texts, each `text`. */
const sharedStrings = (count: number, text: string) =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${count}" uniqueCount="${count}">${`<si><t>${text}</t></si>`.repeat(count)}</sst>`,
  );

describe('how far a workbook may unpack', () => {
  it('derives its bounds from the upload limits', () => {
    expect(unpackBounds({ maxBytes: 50 * 1024 * 1024, maxRows: 200_000 })).toEqual({
      totalBytes: 1000 * 1024 * 1024,
      sharedTextBytes: 50 * 1024 * 1024,
      sharedTextElements: 4_000_000,
      pieceBytes: 1024 * 1024,
      keptPartElements: 300_000,
    });
  });

  it('reads a hand-made workbook within the bounds', async () => {
    const file = handMadeWorkbook(people(3).join(''));
    expect((await readRows(await open(file, { ...xlsxName, limits: LIMITS }))).map((row) => row.values.email)).toEqual([
      'p0@example.com',
      'p1@example.com',
      'p2@example.com',
    ]);
  });

  it('refuses a small file that unpacks past twenty times the upload limit', async () => {
    // 3 MB of empty rows deflate to a few KB.
    const file = handMadeWorkbook(people(1).join('') + '<row/>'.repeat(500_000));
    expect(file.length).toBeLessThan(LIMITS.maxBytes);
    const error = await failure(() => open(file, { ...xlsxName, limits: LIMITS }));
    expect(error).toMatchObject({ problem: 'too_large', message: expect.stringMatching(/^The workbook unpacks to more than 2 MB, /) });
    // The same file is read under a limit it fits.
    expect(await readRows(await open(file, { ...xlsxName, limits: { ...LIMITS, maxBytes: 1024 * 1024 } }))).toHaveLength(1);
  });

  it('refuses a cell of megabytes, which no spreadsheet program writes', async () => {
    const file = handMadeWorkbook(people(1).join('') + inlineRow(3, ['x'.repeat(2 * 1024 * 1024)]));
    const error = await failure(() => open(file, { ...xlsxName, limits: { ...LIMITS, maxBytes: 1024 * 1024 } }));
    expect(error).toMatchObject({
      problem: 'malformed',
      message: expect.stringContaining('a cell or a part that no spreadsheet program writes'),
    });
  });

  it('refuses a long CDATA section even when "<" inside cuts it into short stretches', async () => {
    const cell = `<row r="3"><c r="A3" t="inlineStr"><is><t><![CDATA[${'<b>'.repeat(700_000)}]]></t></is></c></row>`;
    const file = handMadeWorkbook(people(1).join('') + cell);
    const error = await failure(() => open(file, { ...xlsxName, limits: { ...LIMITS, maxBytes: 1024 * 1024 } }));
    expect(error.problem).toBe('malformed');
  });

  it('refuses a document type declaration', async () => {
    const sheet = Buffer.from(
      `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaa">]><worksheet><sheetData>${people(1).join('')}</sheetData></worksheet>`,
    );
    const file = handMadeWorkbook('', { 'xl/worksheets/sheet1.xml': sheet });
    expect((await failure(() => open(file, { ...xlsxName, limits: LIMITS }))).problem).toBe('malformed');
  });

  it('refuses shared text too large to keep in memory, by its bytes or by its elements', async () => {
    const rows = `${inlineRow(1, ['email'])}<row r="2"><c r="A2" t="s"><v>0</v></c></row>`;
    const byBytes = handMadeWorkbook(rows, { 'xl/sharedStrings.xml': sharedStrings(1, 'x'.repeat(300 * 1024)) });
    const tooBig = await failure(() => open(byBytes, { ...xlsxName, limits: LIMITS }));
    expect(tooBig).toMatchObject({ problem: 'too_large', message: expect.stringContaining('more text than one import can read') });

    // 20 elements a row allowed: 1,000 rows may have 20,000, and 7,000 texts (154 KB) have 28,002.
    const byElements = handMadeWorkbook(rows, { 'xl/sharedStrings.xml': sharedStrings(7000, 'a@b.io') });
    const roomy = { maxBytes: 200 * 1024, maxRows: 1000 };
    expect((await failure(() => open(byElements, { ...xlsxName, limits: roomy }))).problem).toBe('too_large');
    const fits = await open(byElements, { ...xlsxName, limits: { ...roomy, maxRows: 2000 } });
    expect(await readRows(fits)).toEqual([{ rowNumber: 2, values: { email: 'a@b.io' } }]);
  });

  it('refuses styles past what the heap can keep, which exceljs reads whole', async () => {
    const styles = (count: number) =>
      `<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="${count}">${'<xf numFmtId="14"/>'.repeat(count)}</cellXfs></styleSheet>`;
    const roomy = { maxBytes: 1024 * 1024, maxRows: 1000 };
    const fits = handMadeWorkbook(people(1).join(''), { 'xl/styles.xml': styles(1000) });
    expect(await readRows(await open(fits, { ...xlsxName, limits: roomy }))).toHaveLength(1);
    const over = handMadeWorkbook(people(1).join(''), { 'xl/styles.xml': styles(300_000) });
    const error = await failure(() => open(over, { ...xlsxName, limits: roomy }));
    expect(error).toMatchObject({ problem: 'too_large', message: expect.stringContaining('far more styles or sheet definitions') });
  });

  it('refuses a row of more cells than a worksheet has columns, and a cell past the last column', async () => {
    // Every cell in column A: exceljs would keep one, but it builds the row cell by cell first.
    const wide = `<row r="2">${'<c r="A2" t="inlineStr"><is><t>x</t></is></c>'.repeat(16_385)}</row>`;
    const error = await failure(() => open(handMadeWorkbook(people(1).join('') + wide), { ...xlsxName, limits: LIMITS }));
    expect(error).toMatchObject({
      problem: 'malformed',
      message: expect.stringContaining('more cells than a worksheet has columns (16,384)'),
    });
    const far = `${inlineRow(1, ['email'])}<row r="2"><c r="A2" t="inlineStr"><is><t>a@b.io</t></is></c><c r="XFE2" t="inlineStr"><is><t>x</t></is></c></row>`;
    expect((await failure(async () => readRows(await open(handMadeWorkbook(far), { ...xlsxName, limits: LIMITS })))).problem).toBe(
      'malformed',
    );
    const last = `${inlineRow(1, ['email'])}<row r="2"><c r="A2" t="inlineStr"><is><t>a@b.io</t></is></c><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>`;
    expect(await readRows(await open(handMadeWorkbook(last), { ...xlsxName, limits: LIMITS }))).toEqual([
      { rowNumber: 2, values: { email: 'a@b.io' } },
    ]);
  });

  it('measures a part the archive hides from its directory, as exceljs reads it all the same', async () => {
    const file = handMadeWorkbook(
      people(1).join(''),
      { 'xl/worksheets/sheet2.xml': Buffer.from(`<x>${'<y/>'.repeat(800_000)}</x>`) },
      {
        unlisted: ['xl/worksheets/sheet2.xml'],
      },
    );
    const error = await failure(() => open(file, { ...xlsxName, limits: LIMITS }));
    expect(error.problem).toBe('too_large');
  });

  it('calls a part that does not inflate a damaged workbook', async () => {
    const file = handMadeWorkbook(people(2).join(''));
    // Garble the deflated worksheet: its bytes follow its local header and name.
    const at = file.indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length;
    file.fill(0xff, at + 2, at + 12);
    expect((await failure(() => open(file, { ...xlsxName, limits: LIMITS }))).problem).toBe('malformed');
  });
});
