import { type EventEmitter, once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { csvLine, TEMPLATE_COLUMNS } from '../src/features/imports/sheet/template.js';

export interface ImportFileOptions {
  /** Team paths given to rows in turn ("Sales/EMEA"); none leaves the column empty. */
  readonly teamPaths: readonly string[];
  /** Addresses are `person{n}@{domain}`; "import.test" by default. */
  readonly domain?: string;
  /** XLSX only: keep text in a shared-strings table as Excel does (the writer then holds every distinct string until the end). */
  readonly sharedStrings?: boolean;
}

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Dennis', 'Radia', 'Tim'];
const LAST_NAMES = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton', 'Ritchie', 'Perlman'];

/** Row n (from 1) in template column order: learners to invite, with names that repeat as real ones do. */
function personRow(n: number, options: ImportFileOptions): string[] {
  const values: Record<string, string> = {
    email: `person${n}@${options.domain ?? 'import.test'}`,
    first_name: FIRST_NAMES[n % FIRST_NAMES.length]!,
    last_name: LAST_NAMES[n % LAST_NAMES.length]!,
    username: '',
    teams: options.teamPaths.length > 0 ? options.teamPaths[(n - 1) % options.teamPaths.length]! : '',
    role: 'learner',
    mode: 'invite',
  };
  return TEMPLATE_COLUMNS.map((column) => values[column] ?? '');
}

/** A UTF-8 CSV (with BOM, CRLF, as Excel saves it) of `rows` people, written in 64 KB slices with backpressure. */
export async function writeImportCsv(path: string, rows: number, options: ImportFileOptions): Promise<void> {
  const out = createWriteStream(path);
  let pending = `\uFEFF${csvLine(TEMPLATE_COLUMNS)}`;
  for (let n = 1; n <= rows; n++) {
    pending += csvLine(personRow(n, options));
    if (pending.length >= 64 * 1024) {
      if (!out.write(pending)) await once(out, 'drain');
      pending = '';
    }
  }
  out.end(pending);
  await finished(out);
}

type Intake = EventEmitter & { readonly _writableState?: { readonly needDrain?: boolean } };

/**
 * exceljs hands committed rows on to the zip without heeding backpressure, so they would pile
 * up in memory while deflate lags behind: wait whenever the zip's intake asks for a drain.
 */
async function zipCaughtUp(sheet: unknown): Promise<void> {
  const intakes = (sheet as { stream?: { pipes?: readonly Intake[] } }).stream?.pipes ?? [];
  for (const intake of intakes) if (intake._writableState?.needDrain) await once(intake, 'drain');
}

/** The same people as an XLSX workbook, one worksheet, written by exceljs's streaming writer. */
export async function writeImportXlsx(path: string, rows: number, options: ImportFileOptions): Promise<void> {
  const out = createWriteStream(path);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: options.sharedStrings ?? false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet('People');
  sheet.addRow([...TEMPLATE_COLUMNS]).commit();
  for (let n = 1; n <= rows; n++) {
    sheet.addRow(personRow(n, options)).commit();
    if (n % 1000 === 0) await zipCaughtUp(sheet);
  }
  sheet.commit();
  await workbook.commit();
  await finished(out);
}
