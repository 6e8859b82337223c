/**
 * Text bound for a spreadsheet. OWASP's rule against formula injection: a cell that begins
 * with =, +, -, @, a tab or a carriage return is prefixed with an apostrophe, so Excel,
 * LibreOffice and Sheets show it as text instead of running it. Used by every file Roster
 * writes (CSV and XLSX alike).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function defuseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV field: defused, then quoted when it holds a separator, a quote or a line break. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'string' ? defuseFormula(value) : String(value);
  return /[",\r\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV line, CRLF-terminated as RFC 4180 and Excel expect. */
export const csvLine = (values: readonly (string | number | null)[]): string => `${values.map(csvField).join(',')}\r\n`;

/** The byte-order mark that makes Excel read a CSV as UTF-8. */
export const UTF8_BOM = '\uFEFF';
