import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { csvLine, TEMPLATE_COLUMNS, TEMPLATE_EXAMPLES, templateCsv, templateXlsx } from './template.js';
import { open, readRows } from './test-fixtures.js';

describe('import template', () => {
  it('lists every field but the password', () => {
    expect(TEMPLATE_COLUMNS).toEqual(['email', 'first_name', 'last_name', 'username', 'teams', 'role', 'mode']);
  });

  it('is a comma-separated UTF-8 file with a byte-order mark that reads back as its examples', async () => {
    const csv = templateCsv();
    expect(csv.startsWith('\uFEFFemail,first_name,last_name,username,teams,role,mode\r\n')).toBe(true);
    expect(csv.split('\r\n').filter((line) => line !== '')).toHaveLength(1 + TEMPLATE_EXAMPLES.length);
    const sheet = await open(csv);
    expect(sheet.delimiter).toBe(',');
    expect(sheet.columns).toEqual(TEMPLATE_COLUMNS);
    expect(sheet.unknownColumns).toEqual([]);
    const rows = await readRows(sheet);
    expect(rows.map((row) => row.values)).toEqual(TEMPLATE_EXAMPLES);
    expect(rows.map((row) => row.rowNumber)).toEqual([2, 3, 4]);
  });

  it('quotes a field only when it has to', () => {
    expect(csvLine(['a', 'b c', 'x;y', 'say "hi"', 'two\nlines'])).toBe('a,b c,"x;y","say ""hi""","two\nlines"\r\n');
  });

  it('is a workbook with a bold, frozen header and readable widths that reads back as its examples', async () => {
    const file = await templateXlsx();
    const sheet = await open(file, { fileName: 'template.xlsx' });
    expect(sheet.format).toBe('xlsx');
    expect(sheet.columns).toEqual(TEMPLATE_COLUMNS);
    expect((await readRows(sheet)).map((row) => row.values)).toEqual(TEMPLATE_EXAMPLES);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
    const worksheet = workbook.worksheets[0]!;
    expect(worksheet.getCell('A1').font?.bold).toBe(true);
    expect(worksheet.getCell('G1').font?.bold).toBe(true);
    expect(worksheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(worksheet.getColumn(1).width).toBeGreaterThanOrEqual(30);
    for (let column = 1; column <= TEMPLATE_COLUMNS.length; column++) expect(worksheet.getColumn(column).width).toBeGreaterThanOrEqual(10);
  });
});
