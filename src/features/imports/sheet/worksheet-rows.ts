/** The columns of an Excel worksheet (A to XFD): no row of a real workbook has more cells. */
export const WORKSHEET_COLUMNS = 16_384;

const ROW = Buffer.from('<row');
const CELL = Buffer.from('<c');
const O = 0x6f;
const L = 0x6c;
/** Bytes after a match's "<" that tell what it opens: "<row" or "<col" and the byte after. */
const CLASSIFY_BYTES = 5;

/** A row or a sheet wider than a worksheet. */
export class WorksheetTooWide extends RangeError {
  override name = 'WorksheetTooWide';
}

/** The byte after an element's name: it ends the name, so "<c " is a cell and "<cfRule" is not. */
function endsName(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x3e || byte === 0x2f || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/**
 * Follows a worksheet chunk by chunk and refuses it once one row holds more cells than a
 * worksheet has columns, or the sheet declares more columns than that. exceljs builds each
 * row whole before it hands it over, a cell object per `<c>`, so a row of millions of cells
 * would exhaust the heap however the rows stream. Only `<row`, `<c` and `<col` are looked
 * for, with native searches.
 */
export class WorksheetRowMeter {
  private cells = 0;
  private columns = 0;
  /** The last bytes of the previous chunk, where a name cut by the boundary may start. */
  private tail: Buffer = Buffer.alloc(0);

  constructor(private readonly limit = WORKSHEET_COLUMNS) {}

  /** Throws `WorksheetTooWide` naming what went over. */
  feed(chunk: Buffer): void {
    const buf = this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk;
    let at = 0;
    let row = buf.indexOf(ROW, at);
    let cell = buf.indexOf(CELL, at);
    while (row !== -1 || cell !== -1) {
      const isRow = row !== -1 && (cell === -1 || row < cell);
      const match = isRow ? row : cell;
      if (match + CLASSIFY_BYTES > buf.length) break;
      at = match + (isRow ? ROW.length : CELL.length);
      if (isRow) {
        if (endsName(buf[match + ROW.length])) this.cells = 0;
        row = buf.indexOf(ROW, at);
      } else {
        this.count(buf, match);
        cell = buf.indexOf(CELL, at);
      }
      // A "<row" cannot start inside "<c…", nor the reverse: each search resumes where it was.
      if (row !== -1 && row < at) row = buf.indexOf(ROW, at);
      if (cell !== -1 && cell < at) cell = buf.indexOf(CELL, at);
    }
    this.tail = Buffer.from(buf.subarray(Math.max(at, buf.length - CLASSIFY_BYTES)));
  }

  private count(buf: Buffer, match: number): void {
    const next = buf[match + CELL.length];
    if (endsName(next)) {
      this.cells += 1;
      if (this.cells > this.limit) throw new WorksheetTooWide(`A row holds more than ${this.limit} cells.`);
    } else if (next === O && buf[match + 3] === L && endsName(buf[match + 4])) {
      this.columns += 1;
      if (this.columns > this.limit) throw new WorksheetTooWide(`The sheet declares more than ${this.limit} columns.`);
    }
  }
}
