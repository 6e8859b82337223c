import { ByteSource, type SheetInput } from './byte-source.js';
import { CsvRowReader } from './csv-rows.js';
import { detectFormat, SNIFF_BYTES } from './detect-format.js';
import { type HeaderMap, mapHeader } from './headers.js';
import { emptyFile, headerOnly, tooManyLines, tooManyRows, withFileName } from './problems.js';
import { type Delimiter, isBlank, type RawRow, type RowReader } from './raw-rows.js';
import { type ImportField, type OpenedSheet, SheetError, type SheetLimits, type SheetRow } from './types.js';
import { XlsxRowReader } from './xlsx-rows.js';
import { unpackBounds } from './xlsx-unpacked.js';

/** The rows of an Excel worksheet: no real file, CSV or XLSX, runs on past them. */
const SPREADSHEET_ROWS = 1_048_576;

/**
 * How far a file may run, blank rows included. Blank rows are skipped and do not count
 * towards the row limit, but each costs a little: 50 MB of empty lines took 17 s to read,
 * and a 1.5 MB workbook can hold 150 million empty rows.
 */
export const lineLimit = (limits: SheetLimits): number => Math.max(SPREADSHEET_ROWS, 2 * limits.maxRows);

/** The next row, or a refusal once the file runs past its line limit. */
async function nextLine(rows: RowReader, maxLines: number): Promise<RawRow | null> {
  const raw = await rows.next();
  if (raw !== null && raw.rowNumber > maxLines) throw tooManyLines(maxLines);
  return raw;
}

export interface OpenSheetOptions {
  /** Only for the wording of refusals: the format is told from the content. */
  readonly fileName: string;
  readonly limits: SheetLimits;
}

/**
 * Opens an uploaded CSV or XLSX file: tells the format from its bytes, reads the header and
 * the first data row (so an unusable file is refused here, before any work is queued), and
 * hands back the rest as batches read on demand.
 */
export async function openSheet(input: SheetInput, options: OpenSheetOptions): Promise<OpenedSheet> {
  const source = new ByteSource(input, options.limits.maxBytes);
  let rows: RowReader | null = null;
  try {
    const format = detectFormat(await source.peek(SNIFF_BYTES));
    rows = format === 'xlsx' ? new XlsxRowReader(source, unpackBounds(options.limits)) : new CsvRowReader(source);
    const maxLines = lineLimit(options.limits);
    let header = await nextLine(rows, maxLines);
    while (header !== null && isBlank(header)) header = await nextLine(rows, maxLines);
    if (header === null) throw emptyFile();
    const sheet = new Sheet(format, rows, header, mapHeader(header.cells), options.limits.maxRows, maxLines);
    await sheet.start();
    return sheet;
  } catch (error) {
    await rows?.close();
    source.release();
    throw error instanceof SheetError ? withFileName(error, options.fileName) : error;
  }
}

class Sheet implements OpenedSheet {
  readonly delimiter: Delimiter | null;
  readonly columns: readonly ImportField[];
  readonly unknownColumns: readonly string[];
  readonly headerRowNumber: number;
  private readonly positions: HeaderMap['columns'];
  private first: SheetRow | null = null;
  private counted = 0;
  private consumed = false;

  constructor(
    readonly format: 'csv' | 'xlsx',
    private readonly rows: RowReader,
    header: RawRow,
    map: HeaderMap,
    private readonly maxRows: number,
    private readonly maxLines: number,
  ) {
    this.delimiter = rows.delimiter;
    this.columns = map.columns.map((column) => column.field);
    this.unknownColumns = map.unknownColumns;
    this.headerRowNumber = header.rowNumber;
    this.positions = map.columns;
  }

  /** Reads ahead to the first data row, so a header with nothing under it is refused at once. */
  async start(): Promise<void> {
    this.first = await this.nextRow();
    if (this.first === null) throw headerOnly();
  }

  async *batches(size: number): AsyncGenerator<SheetRow[], void> {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('The batch size must be a positive integer.');
    if (this.consumed) throw new Error('The rows of a sheet can be read only once.');
    this.consumed = true;
    try {
      let batch: SheetRow[] = [];
      for (let row = this.first; row !== null; row = await this.nextRow()) {
        this.first = null;
        batch.push(row);
        if (batch.length === size) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    this.first = null;
    await this.rows.close();
  }

  private async nextRow(): Promise<SheetRow | null> {
    for (let raw = await nextLine(this.rows, this.maxLines); raw !== null; raw = await nextLine(this.rows, this.maxLines)) {
      if (isBlank(raw)) continue;
      this.counted++;
      if (this.counted > this.maxRows) throw tooManyRows(this.maxRows);
      const values: Partial<Record<ImportField, string>> = {};
      for (const { index, field } of this.positions) {
        const text = raw.cells[index]?.trim();
        if (text) values[field] = text;
      }
      return { rowNumber: raw.rowNumber, values };
    }
    return null;
  }
}
