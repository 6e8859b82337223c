import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvLine, defuseFormula, UTF8_BOM } from '../../lib/spreadsheet-cell.js';

export type ExportFormat = 'csv' | 'xlsx';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

type Cell = string | number | null;

/** CSV, UTF-8 with a byte-order mark so Excel reads accents right, one chunk of text per page. */
export function csvStream(columns: readonly string[], pages: AsyncIterable<readonly (readonly Cell[])[]>): Readable {
  async function* text(): AsyncGenerator<string> {
    yield `${UTF8_BOM}${csvLine(columns)}`;
    for await (const page of pages) {
      let chunk = '';
      for (const row of page) chunk += csvLine(row);
      yield chunk;
    }
  }
  return Readable.from(text());
}

/**
 * XLSX through exceljs's streaming writer: rows are written to the zip as they come, never
 * held as a workbook. Strings are inline (no shared-string table to keep in memory) and
 * defused like the CSV's: an apostrophe before =, +, -, @, tab or CR, so a cell stays text
 * even when someone edits it in Excel (a stored string is not a formula, an edited one may be).
 * After each page it waits for the reader when the zip is ahead of it: a slow client holds
 * the walk back, not memory.
 */
export function xlsxStream(sheetName: string, columns: readonly string[], pages: AsyncIterable<readonly (readonly Cell[])[]>): Readable {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
    // Fast compression: the zip's deflate is most of the writer's time, and text compresses well at any level.
    zip: { zlib: { level: 1 } },
  } as ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0]);
  const sheet = workbook.addWorksheet(sheetName);
  const cell = (value: Cell) => (typeof value === 'string' ? defuseFormula(value) : value);
  const write = async () => {
    sheet.addRow([...columns]).commit();
    for await (const page of pages) {
      // The reader went away: stop walking (leaving the loop ends the walk's generator too).
      if (out.destroyed) return;
      for (const row of page) sheet.addRow(row.map(cell)).commit();
      if (out.writableNeedDrain) await drained(out);
    }
    sheet.commit();
    await workbook.commit();
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
