import { type ImportField, SheetError } from './types.js';

// Every sentence an admin can see lives here, so the wording stays consistent and reviewable.

const KIB = 1024;
const MIB = 1024 * 1024;

/** 52428800 → "50 MB", 1536 → "1.5 KB": binary units, the way upload limits are usually meant. */
export function formatSize(bytes: number): string {
  const scaled = (unit: number, name: string) => `${Number((bytes / unit).toFixed(1)).toLocaleString('en-US')} ${name}`;
  if (bytes >= MIB) return scaled(MIB, 'MB');
  if (bytes >= KIB) return scaled(KIB, 'KB');
  return `${bytes.toLocaleString('en-US')} bytes`;
}

export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** "A", "A and B", "A, B and C" — with the tail cut short so a wide header stays one readable sentence. */
export function listOf(items: readonly string[], max = 8): string {
  const quoted = items.slice(0, max).map((item) => `"${item}"`);
  if (items.length > max) return `${quoted.join(', ')} and ${formatCount(items.length - max)} more`;
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

export const FIELD_LABELS: Readonly<Record<ImportField, string>> = {
  email: 'email address',
  first_name: 'first name',
  last_name: 'last name',
  username: 'username',
  teams: 'teams',
  role: 'role',
  mode: 'mode',
  password: 'password',
};

const SAVE_AGAIN = 'save it as .xlsx or as CSV UTF-8 and upload it again';

export const emptyFile = (): SheetError =>
  new SheetError('empty', 'The file is empty; fill in the template with one person per row and upload it again.');

export const headerOnly = (): SheetError =>
  new SheetError('empty', 'The file has a header but no rows; add one person per row below the header and upload it again.');

export const tooLarge = (maxBytes: number): SheetError =>
  new SheetError(
    'too_large',
    `The file is larger than ${formatSize(maxBytes)}, the most one import accepts; split it into smaller files and upload them one at a time.`,
  );

export const tooManyRows = (maxRows: number): SheetError =>
  new SheetError(
    'too_many_rows',
    `The file has more than ${formatCount(maxRows)} rows, the most one import accepts; split it into smaller files and upload them one at a time.`,
  );

export const tooManyLines = (maxLines: number): SheetError =>
  new SheetError(
    'too_many_rows',
    `The file goes on past row ${formatCount(maxLines)}, further than a spreadsheet can; if the rows at its end are empty, delete them (or export only the filled rows) and upload it again.`,
  );

export const notUtf8 = (): SheetError =>
  new SheetError(
    'encoding',
    'The file is not saved as UTF-8 text, so some of its letters cannot be read; in Excel choose File › Save As › "CSV UTF-8 (Comma delimited)" (other programs offer UTF-8 when exporting to CSV) and upload it again.',
  );

export const utf16 = (): SheetError =>
  new SheetError(
    'encoding',
    'The file is saved as UTF-16 ("Unicode") text, which cannot be imported; in Excel choose File › Save As › "CSV UTF-8 (Comma delimited)" and upload it again.',
  );

export const oldExcel = (): SheetError =>
  new SheetError(
    'not_a_spreadsheet',
    'The file is an old Excel workbook (.xls) or a password-protected one, which cannot be imported; open it in Excel, save it as .xlsx without a password or as CSV UTF-8, and upload it again.',
  );

/** `kind` names what the file looks like, e.g. "a PDF document". */
export const notASpreadsheet = (kind: string | null): SheetError =>
  new SheetError(
    'not_a_spreadsheet',
    kind === null
      ? `The file is not a spreadsheet; ${SAVE_AGAIN}.`
      : `The file is ${kind}, not a spreadsheet; open the data in your spreadsheet program, ${SAVE_AGAIN}.`,
  );

export const notAWorkbook = (): SheetError =>
  new SheetError(
    'not_a_spreadsheet',
    `The file is a compressed archive but not an Excel workbook (.xlsx); open it in your spreadsheet program, ${SAVE_AGAIN}.`,
  );

export const brokenWorkbook = (cause: unknown): SheetError =>
  new SheetError(
    'malformed',
    'The workbook could not be read, it may be damaged or incomplete; open it in your spreadsheet program, save it again as .xlsx and upload it again.',
    { cause },
  );

export const unpacksTooLarge = (maxBytes: number): SheetError =>
  new SheetError(
    'too_large',
    `The workbook unpacks to more than ${formatSize(maxBytes)}, far more than a spreadsheet of this size holds; open it in your spreadsheet program, ${SAVE_AGAIN}.`,
  );

export const sharedTextTooLarge = (): SheetError =>
  new SheetError(
    'too_large',
    'The workbook holds more text than one import can read from an Excel file; save it as CSV UTF-8 and upload it again, or split it into smaller files.',
  );

export const keptPartTooLarge = (): SheetError =>
  new SheetError(
    'too_large',
    'The workbook holds far more styles or sheet definitions than a spreadsheet needs, more than one import can read; save it as CSV UTF-8 and upload it again.',
  );

/** A row with more cells than a worksheet has columns, or a cell past its last column. */
export const rowTooWide = (columns: number, cause?: unknown): SheetError =>
  new SheetError(
    'malformed',
    `The workbook has a row with more cells than a worksheet has columns (${formatCount(columns)}), so it cannot be read safely; open it in your spreadsheet program, ${SAVE_AGAIN}.`,
    { cause },
  );

/** A piece of XML longer than any spreadsheet program writes (a cell holds at most 32,767 characters), or a DTD. */
export const xmlPieceTooLarge = (cause: unknown): SheetError =>
  new SheetError(
    'malformed',
    `The workbook holds a cell or a part that no spreadsheet program writes, so it cannot be read safely; open it in your spreadsheet program, ${SAVE_AGAIN}.`,
    { cause },
  );

export const unclosedQuote = (rowNumber: number): SheetError =>
  new SheetError(
    'malformed',
    `Row ${formatCount(rowNumber)} opens a quotation mark (") that is never closed; fix that row, or export the file again from your spreadsheet program, and upload it again.`,
  );

export const duplicateColumn = (field: ImportField, first: string, second: string): SheetError =>
  new SheetError(
    'malformed',
    `The columns "${first}" and "${second}" both hold the ${FIELD_LABELS[field]}; keep only one of them and upload the file again.`,
  );

export const noIdentityColumn = (headers: readonly string[]): SheetError =>
  new SheetError(
    'no_identity_column',
    `The file needs an "email" or a "username" column to know who each row is, but its columns are ${listOf(headers)}; rename the right column (or start from the template) and upload it again.`,
  );

export const rowTooLong = (rowNumber: number, limit: number): SheetError =>
  new SheetError(
    'malformed',
    `Row ${formatCount(rowNumber)} is longer than ${formatSize(limit)}, which usually means a quotation mark (") in it is never closed; fix that row and upload the file again.`,
  );

/** Names the upload in a "not a spreadsheet" refusal, where the admin has likely picked the wrong file. */
export function withFileName(error: SheetError, fileName: string): SheetError {
  const name = fileName.trim();
  if (error.problem !== 'not_a_spreadsheet' || name === '' || !error.message.startsWith('The file ')) return error;
  return new SheetError(error.problem, `The file "${name}" ${error.message.slice('The file '.length)}`, { cause: error.cause });
}
