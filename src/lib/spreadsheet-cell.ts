/**
 * Text bound for a spreadsheet. OWASP's rule against formula injection: a cell that begins
 * with =, +, -, @, a tab or a carriage return is prefixed with an apostrophe, so Excel,
 * LibreOffice and Sheets show it as text instead of running it. Used by every file Roster
 * writes (CSV and XLSX alike).
 *
 * A download writes millions of cells, so these look at character codes rather than run a
 * regular expression on each (decision 0020).
 */
export function startsLikeFormula(text: string): boolean {
  const c = text.charCodeAt(0);
  // = + - @ tab carriage-return
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;
}

export function defuseFormula(text: string): string {
  return startsLikeFormula(text) ? `'${text}` : text;
}

/** Whether a CSV field must be quoted: it holds a quote, a comma, a semicolon (Excel's separator in many locales) or a line break. */
function needsQuotes(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // " , ; CR LF
    if (c === 34 || c === 44 || c === 59 || c === 13 || c === 10) return true;
  }
  return false;
}

/** One CSV field: defused, then quoted when it holds a separator, a quote or a line break. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'string' ? defuseFormula(value) : String(value);
  return needsQuotes(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV line, CRLF-terminated as RFC 4180 and Excel expect. */
export function csvLine(values: readonly (string | number | null)[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ',';
    line += csvField(values[i] ?? null);
  }
  return `${line}\r\n`;
}

/** The byte-order mark that makes Excel read a CSV as UTF-8. */
export const UTF8_BOM = '\uFEFF';
