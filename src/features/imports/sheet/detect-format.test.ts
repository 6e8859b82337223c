import { describe, expect, it } from 'vitest';
import { failure, open, readRows, xlsxOf, zipOf } from './test-fixtures.js';

const HEADER = 'email,first_name\n';

describe('format detection (by content, not by name)', () => {
  it('reads a workbook named .csv as XLSX and a text file named .xlsx as CSV', async () => {
    const workbook = await xlsxOf([['email'], ['ada@example.com']]);
    const asCsv = await open(workbook, { fileName: 'people.csv' });
    expect(asCsv.format).toBe('xlsx');
    expect(await readRows(asCsv)).toEqual([{ rowNumber: 2, values: { email: 'ada@example.com' } }]);
    const asXlsx = await open(`${HEADER}ada@example.com,Ada\n`, { fileName: 'people.xlsx' });
    expect(asXlsx.format).toBe('csv');
    expect(await readRows(asXlsx)).toEqual([{ rowNumber: 2, values: { email: 'ada@example.com', first_name: 'Ada' } }]);
  });

  it('refuses an old .xls workbook, saying to save it as .xlsx or CSV', async () => {
    const ole2 = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512, 0)]);
    const error = await failure(() => open(ole2, { fileName: 'people.xls' }));
    expect(error.problem).toBe('not_a_spreadsheet');
    expect(error.message).toMatch(/\.xls\b.*save it as \.xlsx.*CSV/);
  });

  it.each([
    ['a PDF', Buffer.from('%PDF-1.7\n1 0 obj\n'), /PDF document/],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /PNG image/],
    ['a gzip', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00]), /gzip archive/],
    ['a JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), /JPEG image/],
    [
      'binary with NUL bytes',
      Buffer.concat([Buffer.from('email,name\n'), Buffer.from([0x00, 0x01, 0x02, 0x00, 0xff])]),
      /not a spreadsheet/,
    ],
    ['an HTML table saved as .xls', Buffer.from('\uFEFF  <html><body><table><tr><td>email</td></tr></table>'), /web page/],
  ])('refuses %s as not a spreadsheet, naming the file', async (_, bytes, kind) => {
    const error = await failure(() => open(bytes, { fileName: 'export.xls' }));
    expect(error.problem).toBe('not_a_spreadsheet');
    expect(error.message).toMatch(kind);
    expect(error.message).toContain('"export.xls"');
  });

  it('refuses a ZIP archive with no worksheet in it', async () => {
    const docx = zipOf({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<document/>' });
    const error = await failure(async () => readRows(await open(docx, { fileName: 'letter.docx' })));
    expect(error.problem).toBe('not_a_spreadsheet');
    expect(error.message).toMatch(/not an Excel workbook/);
  });

  it.each([
    ['no bytes at all', ''],
    ['only spaces and line breaks', '  \r\n\n \t \n'],
    ['only a byte-order mark', '\uFEFF'],
    ['a byte-order mark and blank lines', '\uFEFF\r\n\r\n'],
    ['only separators', ',,,\n;;\n'],
  ])('calls a file with %s empty', async (_, text) => {
    const error = await failure(() => open(text));
    expect(error).toMatchObject({ problem: 'empty', message: expect.stringMatching(/^The file is empty;/) });
  });

  it('calls a header with no rows under it empty too, in CSV and XLSX', async () => {
    for (const file of [HEADER, `${HEADER},\n \t \n\n`, await xlsxOf([['email', 'first_name'], [], ['  ']])]) {
      const error = await failure(() => open(file));
      expect(error).toMatchObject({ problem: 'empty', message: expect.stringContaining('has a header but no rows') });
    }
  });

  it('calls a workbook with nothing in its first sheet empty', async () => {
    const error = await failure(async () => open(await xlsxOf([])));
    expect(error.problem).toBe('empty');
  });
});
