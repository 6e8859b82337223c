/** One row as the file holds it, before the header gives its cells a meaning. */
export interface RawRow {
  readonly rowNumber: number;
  /** Cell text by 0-based column, untrimmed; a gap (sparse XLSX row) reads as undefined. */
  readonly cells: readonly (string | undefined)[];
}

export type Delimiter = ',' | ';' | '\t';

/** The rows of one file, pulled one at a time, whatever the format. */
export interface RowReader {
  /** Known once the first row has been read (CSV); always null for XLSX. */
  readonly delimiter: Delimiter | null;
  next(): Promise<RawRow | null>;
  /** Stops reading and lets go of the input; safe to call more than once. */
  close(): Promise<void>;
}

export const isBlank = (row: RawRow): boolean => row.cells.every((cell) => cell === undefined || cell.trim() === '');

/**
 * A reader over an async generator of rows: the formats differ only in how they make rows,
 * so pulling and stopping are written once here.
 */
export abstract class GeneratedRowReader implements RowReader {
  abstract readonly delimiter: Delimiter | null;
  private rows: AsyncGenerator<RawRow, void> | null = null;

  constructor(private readonly release: () => void) {}

  protected abstract read(): AsyncGenerator<RawRow, void>;

  async next(): Promise<RawRow | null> {
    this.rows ??= this.read();
    const step = await this.rows.next();
    return step.done ? null : step.value;
  }

  async close(): Promise<void> {
    this.release();
    await this.rows?.return();
  }
}
