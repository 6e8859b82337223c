import ExcelJS from 'exceljs';
import type { ImportField } from './types.js';

/** The template's columns; `password` is accepted on import but left out so nobody is nudged to mail passwords around. */
export const TEMPLATE_COLUMNS: readonly ImportField[] = ['email', 'first_name', 'last_name', 'username', 'teams', 'role', 'mode'];

/** Example people, one of each common case: several teams are separated by ";", a path by "/". */
export const TEMPLATE_EXAMPLES: readonly Readonly<Partial<Record<ImportField, string>>>[] = [
  { email: 'ada.lovelace@example.com', first_name: 'Ada', last_name: 'Lovelace', teams: 'Sales', role: 'learner', mode: 'invite' },
  {
    email: 'grace.hopper@example.com',
    first_name: 'Grace',
    last_name: 'Hopper',
    teams: 'Sales/EMEA; Support',
    role: 'manager',
    mode: 'invite',
  },
  { first_name: 'Alan', last_name: 'Turing', username: 'aturing', teams: 'Support', role: 'learner', mode: 'setup' },
];

/** One CSV line: a field is quoted only when it holds a separator, a quote or a line break. */
export function csvLine(values: readonly string[], delimiter = ','): string {
  return `${values.map((value) => (/[",;\t\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value)).join(delimiter)}\r\n`;
}

/** The template as CSV, with a byte-order mark so Excel reads it as UTF-8. */
export function templateCsv(): string {
  const rows = TEMPLATE_EXAMPLES.map((example) => TEMPLATE_COLUMNS.map((column) => example[column] ?? ''));
  return `\uFEFF${[TEMPLATE_COLUMNS, ...rows].map((row) => csvLine(row)).join('')}`;
}

const COLUMN_WIDTHS: Readonly<Record<ImportField, number>> = {
  email: 32,
  first_name: 14,
  last_name: 14,
  username: 14,
  teams: 28,
  role: 12,
  mode: 10,
  password: 16,
};

/** The template as a workbook: a bold, frozen header and columns wide enough for their examples. */
export async function templateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Roster';
  const sheet = workbook.addWorksheet('People', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = TEMPLATE_COLUMNS.map((column) => ({ header: column, key: column, width: COLUMN_WIDTHS[column] }));
  sheet.getRow(1).font = { bold: true };
  for (const example of TEMPLATE_EXAMPLES) sheet.addRow(example);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
