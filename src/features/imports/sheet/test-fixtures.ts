// Helpers for this folder's tests: inputs cut into chosen pieces, and fixtures built in memory.
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { openSheet } from './open-sheet.js';
import type { OpenedSheet, SheetLimits, SheetRow } from './types.js';

export const LIMITS: SheetLimits = { maxBytes: 50 * 1024 * 1024, maxRows: 200_000 };

/** The bytes in pieces of `size`, counting how many pieces were pulled (to prove nothing more was read). */
export function pieces(data: Buffer | string, size = 64 * 1024): AsyncIterable<Buffer> & { pulled: number } {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const source = {
    pulled: 0,
    async *[Symbol.asyncIterator]() {
      for (let start = 0; start < bytes.length; start += size) {
        source.pulled++;
        yield bytes.subarray(start, start + size);
      }
    },
  };
  return source;
}

export const open = (data: Buffer | string, options: { size?: number; limits?: Partial<SheetLimits>; fileName?: string } = {}) =>
  openSheet(pieces(data, options.size), { fileName: options.fileName ?? 'people.csv', limits: { ...LIMITS, ...options.limits } });

export async function readRows(sheet: OpenedSheet, size = 1000): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const batch of sheet.batches(size)) rows.push(...batch);
  return rows;
}

/** What a failing promise or loop threw, to check its problem and message. */
export async function failure(work: () => Promise<unknown>): Promise<{ problem?: string; message: string }> {
  try {
    await work();
  } catch (error) {
    return error as { problem?: string; message: string };
  }
  throw new Error('expected a failure');
}

/** A workbook built with exceljs's (in-memory) writer. */
export async function xlsx(build: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A workbook with one sheet holding these rows. */
export const xlsxOf = (rows: readonly unknown[][]): Promise<Buffer> =>
  xlsx((workbook) => {
    const sheet = workbook.addWorksheet('People');
    for (const row of rows) sheet.addRow(row);
  });

export interface ZipOptions {
  /** Deflate the parts, so a large part makes a small file. */
  readonly deflate?: boolean;
  /** Parts written to the archive but left out of its directory, as a crafted file can. */
  readonly unlisted?: readonly string[];
}

/** A ZIP archive of text files, stored unless `deflate`: a zip that is not a workbook, or a hand-made one. */
export function zipOf(files: Record<string, string | Buffer>, options: ZipOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const raw = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    const data = options.deflate ? deflateRawSync(raw) : raw;
    const method = options.deflate ? 8 : 0;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    if (!options.unlisted?.includes(name)) centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const listed = centrals.length / 2;
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(listed, 8);
  end.writeUInt16LE(listed, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

/** The workbook part of a hand-made workbook: one sheet, People, at rId1. */
export const WORKBOOK_PART = `<?xml version="1.0" encoding="UTF-8"?><workbook ${SHEET_NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>`;

/** Its relationships: rId1 is worksheets/sheet1.xml. */
export const WORKBOOK_RELS_PART =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';

/** A worksheet part whose rows are `sheetData` (as written in a worksheet). */
export const worksheetPart = (sheetData: string | Buffer): Buffer =>
  Buffer.concat([
    Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><worksheet ${SHEET_NS}><sheetData>`),
    typeof sheetData === 'string' ? Buffer.from(sheetData) : sheetData,
    Buffer.from('</sheetData></worksheet>'),
  ]);

/**
 * A workbook put together part by part, deflated: one worksheet named People whose XML is
 * `sheetData` (rows as written in a worksheet), with other parts added or replaced by `parts`.
 */
export function handMadeWorkbook(
  sheetData: string | Buffer,
  parts: Record<string, string | Buffer> = {},
  options: ZipOptions = {},
): Buffer {
  return zipOf(
    {
      'xl/workbook.xml': WORKBOOK_PART,
      'xl/_rels/workbook.xml.rels': WORKBOOK_RELS_PART,
      'xl/worksheets/sheet1.xml': worksheetPart(sheetData),
      ...parts,
    },
    { deflate: true, ...options },
  );
}

/** A worksheet row of inline-string cells in columns A, B, … */
export function inlineRow(rowNumber: number, cells: readonly string[]): string {
  const cell = (text: string, index: number) =>
    `<c r="${String.fromCharCode(65 + index)}${rowNumber}" t="inlineStr"><is><t>${text}</t></is></c>`;
  return `<row r="${rowNumber}">${cells.map(cell).join('')}</row>`;
}
