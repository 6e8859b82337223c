/** The columns an import understands, in the order the template shows them. */
export const IMPORT_FIELDS = ['email', 'first_name', 'last_name', 'username', 'teams', 'role', 'mode', 'password'] as const;

export type ImportField = (typeof IMPORT_FIELDS)[number];

export interface SheetRow {
  /** The row number a person sees in their spreadsheet program: the header is row 1, so the first data row is 2 (for CSV: the record number + 1, whatever newlines are inside quoted fields). */
  readonly rowNumber: number;
  /** Trimmed cell text of each recognized column; a column whose cell is empty is absent. */
  readonly values: Partial<Record<ImportField, string>>;
}

export interface SheetLimits {
  readonly maxBytes: number;
  readonly maxRows: number;
}

export type SheetProblem = 'empty' | 'encoding' | 'too_large' | 'too_many_rows' | 'no_identity_column' | 'not_a_spreadsheet' | 'malformed';

/** A file the import cannot use; the message is one sentence meant for the admin who uploaded it. */
export class SheetError extends Error {
  constructor(
    readonly problem: SheetProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SheetError';
  }
}

export interface OpenedSheet {
  readonly format: 'csv' | 'xlsx';
  /** For CSV: the detected separator. */
  readonly delimiter: ',' | ';' | '\t' | null;
  /** The recognized columns, in file order. */
  readonly columns: readonly ImportField[];
  /** Header cells that matched no field, as written (reported to the user, then ignored). */
  readonly unknownColumns: readonly string[];
  /** The row number of the header (1 unless blank rows come before it). */
  readonly headerRowNumber: number;
  /** Data rows in file order, in arrays of at most `size`; blank rows (every cell empty) are skipped and do not count. Throws SheetError part-way for a row limit exceeded or a broken file. Can be read once. */
  batches(size: number): AsyncIterable<SheetRow[]>;
  /** Lets go of the input without reading the rest; done by itself when `batches` ends, throws or is left early. */
  close(): Promise<void>;
}
