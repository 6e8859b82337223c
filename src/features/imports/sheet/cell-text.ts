import ExcelJS from 'exceljs';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Days from Excel's day 0 (1899-12-30, the 1900 system) to 1970-01-01; the 1904 system starts 1,462 days later. */
const UNIX_EPOCH_SERIAL = 25569;
const DATE_1904_OFFSET = 1462;

/** Whether a number format shows a date: a date or time letter outside quotes, brackets and escapes. */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '');
  return /[ymdhs]/i.test(bare);
}

export const isoDate = (date: Date): string => (Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10));

export function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - UNIX_EPOCH_SERIAL + (date1904 ? DATE_1904_OFFSET : 0)) * DAY_MS));
}

/** A number as Excel's General format shows it: 15 significant digits, no trailing ".0". */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return '';
  return String(Number(value.toPrecision(15)));
}

function valueText(value: unknown, numFmt: string | undefined, date1904: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return isDateFormat(numFmt) ? isoDate(serialToDate(value, date1904)) : numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoDate(value);
  if (typeof value !== 'object') return '';
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.richText)) {
    return record.richText.map((run: { text?: unknown }) => (typeof run.text === 'string' ? run.text : '')).join('');
  }
  // A shared formula's follower cells arrive as a plain { formula: '', result } object.
  if ('result' in record) return valueText(record.result, numFmt, date1904);
  if ('text' in record) return valueText(record.text, numFmt, date1904);
  if (typeof record.error === 'string') return record.error;
  return '';
}

/**
 * The text a person sees in a cell. exceljs turns a number with a date format into a Date
 * except when a formula computed it, and its `value` drops a formula result that is 0, "" or
 * false, hence `cell.result` and the date check here.
 */
export function cellText(cell: ExcelJS.Cell, date1904: boolean): string {
  const value = cell.type === ExcelJS.ValueType.Formula ? cell.result : cell.value;
  return valueText(value, cell.numFmt, date1904);
}
