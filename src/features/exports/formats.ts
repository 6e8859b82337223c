import { PassThrough, Readable } from 'node:stream';
import { ByteChunks } from '../../lib/byte-chunks.js';
import { csvField, csvLine, defuseFormula, UTF8_BOM } from '../../lib/spreadsheet-cell.js';
import { ZipWriter } from '../../lib/zip-writer.js';

export type ExportFormat = 'csv' | 'xlsx';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

type Cell = string | number | null;

/**
 * CSV, UTF-8 with a byte-order mark so Excel reads accents right, encoded as it is written
 * (ByteChunks) and handed on in pieces of a quarter MB.
 */
export function csvStream(columns: readonly string[], pages: AsyncIterable<readonly (readonly Cell[])[]>): Readable {
  async function* bytes(): AsyncGenerator<Buffer> {
    const out = new ByteChunks();
    out.text(`${UTF8_BOM}${csvLine(columns)}`);
    for await (const page of pages) {
      for (const row of page) {
        for (let i = 0; i < row.length; i++) {
          if (i > 0) out.ascii(',');
          const value = row[i] ?? null;
          if (value !== null && value !== '') out.text(csvField(value));
        }
        out.ascii('\r\n');
      }
      yield* out.take();
    }
    yield* out.take(true);
  }
  return Readable.from(bytes());
}

/** Column letters of the first `count` columns: A, B, …, Z, AA, … */
function columnLetters(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    let name = '';
    for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
    return name;
  });
}

/** A character XML 1.0 cannot carry as such: controls other than tab and line feed, and U+FFFE, U+FFFF. */
const unfitForXml = (c: number) => (c < 32 && c !== 9 && c !== 10) || c === 0xfffe || c === 0xffff;

/**
 * Text as the content of an XML element: &, < and > escaped; a carriage return as a character
 * reference (a parser would read a bare one as a line feed); other characters XML cannot hold
 * in Excel's own notation (_x000B_), which spreadsheets read back as the character.
 */
export function xmlText(text: string): string {
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 38 || c === 60 || c === 62 || unfitForXml(c)) break;
  }
  if (i === text.length) return text;
  let out = text.slice(0, i);
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 38) out += '&amp;';
    else if (c === 60) out += '&lt;';
    else if (c === 62) out += '&gt;';
    else if (c === 13) out += '&#13;';
    else if (unfitForXml(c)) out += `_x${c.toString(16).toUpperCase().padStart(4, '0')}_`;
    else out += text[i];
  }
  return out;
}

/** Leading or trailing whitespace, which XML would let a reader drop unless told to keep it. */
const padded = (text: string) => text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32;

const WORKBOOK_FILES = (sheetName: string): [string, string][] => [
  [
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '</Types>',
  ],
  [
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
      '</Relationships>',
  ],
  [
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      `<sheets><sheet name="${xmlText(sheetName).replaceAll('"', '&quot;')}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  ],
  [
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
      '</Relationships>',
  ],
  [
    // The least a styles part holds: one font, fill, border and cell format, which every cell uses.
    'xl/styles.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>',
  ],
];

/**
 * XLSX, written here: the sheet's XML a page at a time into a ZIP entry streamed through
 * deflate, never held as a workbook (exceljs's streaming writer did the same at twice the
 * CPU: decision 0020). Every cell is an inline string (no shared-string table to keep),
 * defused like the CSV's: an apostrophe before =, +, -, @, tab or CR, so a cell stays text
 * even when someone edits it in Excel (a stored string is not a formula, an edited one may
 * be). Empty cells are left out. After each page it waits for the reader when the zip is
 * ahead of it: a slow client holds the walk back, not memory.
 */
export function xlsxStream(sheetName: string, columns: readonly string[], pages: AsyncIterable<readonly (readonly Cell[])[]>): Readable {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const letters = columnLetters(columns.length);
  const push = (bytes: Buffer) => {
    if (out.destroyed) return Promise.reject(new Error('The reader went away.'));
    return out.write(bytes) ? undefined : drained(out);
  };
  const out8 = new ByteChunks();
  const writeRow = (values: readonly Cell[], r: number): void => {
    const row = String(r);
    out8.ascii(`<row r="${row}">`);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === null || value === undefined || value === '') continue;
      if (typeof value === 'number') {
        out8.ascii(`<c r="${letters[i]}${row}"><v>${value}</v></c>`);
        continue;
      }
      const text = defuseFormula(value);
      out8.ascii(`<c r="${letters[i]}${row}" t="inlineStr"><is>${padded(text) ? '<t xml:space="preserve">' : '<t>'}`);
      out8.text(xmlText(text));
      out8.ascii('</t></is></c>');
    }
    out8.ascii('</row>');
  };
  const write = async () => {
    const zip = new ZipWriter(push);
    for (const [path, content] of WORKBOOK_FILES(sheetName)) await zip.file(path, content);
    const sheet = await zip.stream('xl/worksheets/sheet1.xml');
    out8.ascii('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n');
    out8.ascii('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
    writeRow(columns, 1);
    let r = 1;
    for await (const page of pages) {
      // The reader went away: stop walking (leaving the loop ends the walk's generator too).
      if (out.destroyed) return;
      for (const row of page) {
        writeRow(row, ++r);
        for (const bytes of out8.take()) await sheet.write(bytes);
      }
    }
    out8.ascii('</sheetData></worksheet>');
    for (const bytes of out8.take(true)) await sheet.write(bytes);
    await sheet.end();
    await zip.finish();
    out.end();
  };
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

const drained = (stream: PassThrough) =>
  new Promise<void>((resolve) => {
    stream.once('drain', resolve);
    stream.once('close', resolve);
  });

/** A stream of the chosen format. */
export function tableStream(
  format: ExportFormat,
  sheetName: string,
  columns: readonly string[],
  pages: AsyncIterable<readonly (readonly Cell[])[]>,
): Readable {
  return format === 'csv' ? csvStream(columns, pages) : xlsxStream(sheetName, columns, pages);
}
