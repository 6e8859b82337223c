import { createReadStream, rmSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellText, isDateFormat, numberText } from './cell-text.js';
import {
  failure,
  inlineRow,
  open,
  readRows,
  WORKBOOK_PART,
  WORKBOOK_RELS_PART,
  worksheetPart,
  xlsx,
  xlsxOf,
  zipOf,
} from './test-fixtures.js';
import { skipWorksheet } from './xlsx-rows.js';

describe('XLSX cells as the text a person sees', () => {
  it('reads numbers, dates, formulas, rich text, links, booleans and errors', async () => {
    const file = await xlsx((workbook) => {
      const sheet = workbook.addWorksheet('People');
      sheet.addRow(['Email', 'Username', 'First name', 'Last name', 'Team', 'Role', 'Mode', 'Password']);
      sheet.addRow([
        { text: 'ada@example.com', hyperlink: 'mailto:ada@example.com' },
        12345,
        { richText: [{ text: 'A', font: { bold: true } }, { text: 'da' }] },
        { formula: 'UPPER("lovelace")', result: 'LOVELACE' },
        new Date(Date.UTC(2024, 0, 15)),
        true,
        false,
        { error: '#N/A' },
      ]);
      sheet.addRow([
        'grace@example.com',
        { formula: 'B2*2', result: 24690 },
        3.5,
        0.1 + 0.2,
        { formula: 'E2+1', result: 45307 },
        { formula: 'B2-B2', result: 0 },
        { formula: 'F2', result: '' },
        -42,
      ]);
      sheet.getCell('E2').numFmt = 'dd/mm/yyyy';
      sheet.getCell('E3').numFmt = 'yyyy-mm-dd';
    });
    expect(await readRows(await open(file))).toEqual([
      {
        rowNumber: 2,
        values: {
          email: 'ada@example.com',
          username: '12345',
          first_name: 'Ada',
          last_name: 'LOVELACE',
          teams: '2024-01-15',
          role: 'TRUE',
          mode: 'FALSE',
          password: '#N/A',
        },
      },
      {
        rowNumber: 3,
        values: {
          email: 'grace@example.com',
          username: '24690',
          first_name: '3.5',
          last_name: '0.3',
          teams: '2024-01-16',
          role: '0',
          password: '-42',
        },
      },
    ]);
  });

  it('reads the cached result of a shared formula filled down a column', async () => {
    const file = await xlsx((workbook) => {
      const sheet = workbook.addWorksheet('People');
      sheet.addRow(['email', 'username']);
      sheet.getCell('A2').value = 'a@b.io';
      sheet.getCell('A3').value = 'c@d.io';
      sheet.getCell('B2').value = { formula: 'LEFT(A2,1)', result: 'a', shareType: 'shared', ref: 'B2:B3' } as ExcelJS.CellValue;
      sheet.getCell('B3').value = { sharedFormula: 'B2', result: 'c' } as ExcelJS.CellValue;
    });
    expect(await readRows(await open(file))).toEqual([
      { rowNumber: 2, values: { email: 'a@b.io', username: 'a' } },
      { rowNumber: 3, values: { email: 'c@d.io', username: 'c' } },
    ]);
  });

  it('reads dates of a workbook on the 1904 date system', async () => {
    const file = await xlsx((workbook) => {
      workbook.properties.date1904 = true;
      const sheet = workbook.addWorksheet('People');
      sheet.addRow(['email', 'teams']);
      sheet.addRow(['a@b.io', { formula: 'TODAY()', result: 43844 }]);
      sheet.getCell('B2').numFmt = 'd mmm yyyy';
    });
    // 43,844 days after 1904-01-01.
    expect(await readRows(await open(file))).toEqual([{ rowNumber: 2, values: { email: 'a@b.io', teams: '2024-01-15' } }]);
  });

  it('formats numbers as Excel shows them in General format', () => {
    expect([12345, 3.5, 0.1 + 0.2, 1e15, 123456789012, -0.5, Number.NaN].map(numberText)).toEqual([
      '12345',
      '3.5',
      '0.3',
      '1000000000000000',
      '123456789012',
      '-0.5',
      '',
    ]);
  });

  it('tells date formats from others', () => {
    expect(['yyyy-mm-dd', 'd/m/yy', 'h:mm', '[$-409]mmmm d, yyyy', 'dd"."mm'].map(isDateFormat)).toEqual([true, true, true, true, true]);
    expect(['General', '0.00', '#,##0 "days"', '[Red]0', '0%', '@', undefined].map(isDateFormat)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('reads a cell of any type through cellText', () => {
    const sheet = new ExcelJS.Workbook().addWorksheet('x');
    const cell = sheet.getCell('A1');
    cell.value = { formula: 'A2', result: 0 };
    expect(cellText(cell, false)).toBe('0');
    cell.value = { richText: [{ text: 'a' }, { text: 'b' }] };
    expect(cellText(cell, false)).toBe('ab');
    cell.value = null;
    expect(cellText(cell, false)).toBe('');
  });
});

describe('XLSX worksheets and rows', () => {
  it('reads only the first worksheet', async () => {
    const file = await xlsx((workbook) => {
      workbook.addWorksheet('People').addRows([['email'], ['first@example.com']]);
      workbook.addWorksheet('Lists').addRows([['email'], ['second@example.com']]);
    });
    expect(await readRows(await open(file))).toEqual([{ rowNumber: 2, values: { email: 'first@example.com' } }]);
  });

  it('passes over a hidden first sheet to the first one a person sees', async () => {
    const file = await xlsx((workbook) => {
      workbook.addWorksheet('Lookups', { state: 'hidden' }).addRows([['role'], ['learner']]);
      workbook.addWorksheet('People').addRows([['email'], ['shown@example.com']]);
    });
    expect(await readRows(await open(file))).toEqual([{ rowNumber: 2, values: { email: 'shown@example.com' } }]);
  });

  it('reads a workbook whose workbook part comes after its worksheets', async () => {
    // A ZIP's parts may come in any order; exceljs reads this worksheet in passing (its shared
    // strings and relationships are known), before it knows the sheets' names.
    const file = zipOf(
      {
        'xl/_rels/workbook.xml.rels': WORKBOOK_RELS_PART,
        'xl/sharedStrings.xml':
          '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
        'xl/worksheets/sheet1.xml': worksheetPart(`${inlineRow(1, ['email'])}${inlineRow(2, ['late@example.com'])}`),
        'xl/workbook.xml': WORKBOOK_PART,
      },
      { deflate: true },
    );
    expect(await readRows(await open(file))).toEqual([{ rowNumber: 2, values: { email: 'late@example.com' } }]);
  });

  it('numbers rows as the sheet does, with the header below blank rows and gaps between rows', async () => {
    const file = await xlsx((workbook) => {
      const sheet = workbook.addWorksheet('People');
      sheet.getCell('B3').value = 'E-mail';
      sheet.getCell('C3').value = 'Nom';
      sheet.getCell('B4').value = 'a@b.io';
      sheet.getRow(5).height = 30;
      sheet.getCell('C6').value = '   ';
      sheet.getCell('B9').value = 'c@d.io';
      sheet.getCell('C9').value = ' Doe ';
    });
    const sheet = await open(file);
    expect(sheet.headerRowNumber).toBe(3);
    expect(sheet.columns).toEqual(['email', 'last_name']);
    expect(await readRows(sheet)).toEqual([
      { rowNumber: 4, values: { email: 'a@b.io' } },
      { rowNumber: 9, values: { email: 'c@d.io', last_name: 'Doe' } },
    ]);
  });

  it('reads a workbook arriving a few bytes at a time', async () => {
    const file = await xlsxOf([['email', 'teams'], ...Array.from({ length: 300 }, (_, i) => [`p${i}@example.com`, 'Sales'])]);
    const rows = await readRows(await open(file, { size: 97 }));
    expect(rows).toHaveLength(300);
    expect(rows.at(-1)).toEqual({ rowNumber: 301, values: { email: 'p299@example.com', teams: 'Sales' } });
  });

  it('calls a cut-short workbook damaged, wherever it was cut', async () => {
    const file = await xlsxOf([['email'], ...Array.from({ length: 2000 }, (_, i) => [`p${i}@example.com`])]);
    for (const share of [0.1, 0.3, 0.6, 0.9, 0.999]) {
      const error = await failure(async () => readRows(await open(file.subarray(0, Math.floor(file.length * share)))));
      expect(error).toMatchObject({ problem: 'malformed', message: expect.stringMatching(/^The workbook could not be read/) });
    }
  });

  it('calls a workbook with garbled insides damaged instead of waiting on it forever', async () => {
    const file = await xlsxOf([['email'], ...Array.from({ length: 5000 }, (_, i) => [`p${i}@example.com`])]);
    // exceljs keeps the copy it was making of a garbled worksheet until the process exits: tidy up after it here.
    const leftovers = async () => (await readdir(tmpdir())).filter((name) => name.startsWith(`tmp-${process.pid}-`));
    const before = new Set(await leftovers());
    try {
      for (const share of [0.05, 0.3, 0.5, 0.8]) {
        const garbled = Buffer.from(file);
        const at = Math.floor(file.length * share);
        for (let i = 0; i < 300; i++) garbled[at + i] = (i * 37 + 11) & 0xff;
        const error = await failure(async () => readRows(await open(garbled)));
        expect(error.problem).toBe('malformed');
      }
    } finally {
      for (const name of await leftovers()) if (!before.has(name)) await rm(join(tmpdir(), name), { force: true });
    }
  });

  it('lets a skipped worksheet go quietly when exceljs deletes its parked copy before it was opened', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'roster-skip-'));
    const path = join(dir, 'sheet.xml');
    await writeFile(path, '<worksheet/>');
    const iterator = createReadStream(path);
    let errors = 0;
    const count = () => errors++;
    // What exceljs does on its next step: the file goes away while the stream is still opening it.
    const closed = new Promise<void>((resolve) => iterator.once('close', () => resolve()));
    process.on('uncaughtException', count);
    skipWorksheet({ iterator });
    rmSync(dir, { recursive: true });
    try {
      await closed;
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('uncaughtException', count);
    }
    expect(iterator.destroyed).toBe(true);
    expect(errors).toBe(0);
  });
});
