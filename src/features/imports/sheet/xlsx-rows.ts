import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import type { ByteSource } from './byte-source.js';
import { cellText } from './cell-text.js';
import { brokenWorkbook, notAWorkbook, rowTooWide } from './problems.js';
import { GeneratedRowReader, type RawRow } from './raw-rows.js';
import { SheetError } from './types.js';
import { WORKSHEET_COLUMNS } from './worksheet-rows.js';
import { checkUnpackedSize, type UnpackBounds } from './xlsx-unpacked.js';

const READER_OPTIONS = { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' } as const;

// What exceljs keeps on its reader objects without declaring it.
interface WorkbookInternals {
  readonly model?: { readonly sheets?: readonly { readonly name?: string; readonly rId?: string; readonly state?: string }[] };
  readonly workbookRels?: readonly { readonly Id?: string; readonly Target?: string }[];
  readonly properties?: { readonly model?: { readonly date1904?: boolean } };
}
interface WorksheetInternals {
  readonly name?: string;
  /** A read stream when exceljs parked the worksheet in a temporary file, a generator when it reads it in passing. */
  readonly iterator?: { readonly destroy?: () => void; readonly on?: (event: 'error', listener: () => void) => unknown };
}

const ZIP_END = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const ZIP_END_SIZE = 22;

/** Whether the file ends with a ZIP's closing record (within its longest comment): a cut-short upload does not. */
async function endsLikeZip(path: string, size: number): Promise<boolean> {
  const length = Math.min(size, ZIP_END_SIZE + 0xffff);
  const file = await open(path, 'r');
  try {
    const tail = Buffer.alloc(length);
    await file.read(tail, 0, length, size - length);
    const at = tail.lastIndexOf(ZIP_END);
    return at !== -1 && at + ZIP_END_SIZE <= length;
  } finally {
    await file.close();
  }
}

/**
 * The name of the first visible worksheet in tab order, or null while the workbook part is
 * unread (then the first worksheet in the archive is taken). Only targets exceljs itself maps
 * to names count, so the name is sure to match one of the worksheets it emits.
 */
function firstWorksheetName(workbook: WorkbookInternals): string | null {
  const { model, workbookRels } = workbook;
  if (!model?.sheets || !workbookRels) return null;
  const worksheets = model.sheets.filter((sheet) =>
    workbookRels.some((rel) => rel.Id === sheet.rId && /^worksheets\/sheet\d+\.xml$/.test(rel.Target ?? '')),
  );
  const visible = worksheets.find((sheet) => sheet.state !== 'hidden' && sheet.state !== 'veryHidden');
  return (visible ?? worksheets[0])?.name ?? null;
}

/**
 * A worksheet parked in a temporary file holds it open until its stream is destroyed. exceljs
 * deletes that file as soon as it moves on, possibly before the stream has even opened it: the
 * late ENOENT would then be thrown with nobody listening, so it is heard and dropped here.
 */
export function skipWorksheet(worksheet: unknown): void {
  const { iterator } = worksheet as WorksheetInternals;
  iterator?.on?.('error', () => {});
  iterator?.destroy?.();
}

/**
 * Rows of the first worksheet, streamed by exceljs's WorkbookReader.
 *
 * The upload is first copied to a temporary file: exceljs waits forever when its input stops
 * part-way through a worksheet (it is copying that worksheet to a temporary file of its own
 * and the copy never ends), so the size limit, a broken upload and a cut-short file are all
 * settled before exceljs reads a byte; so is how far the archive unpacks (`checkUnpackedSize`),
 * since a small file can inflate past what the process can hold. Errors exceljs only emits on
 * its unzip stream are caught too, and every wait on it is abandoned as soon as one arrives.
 */
export class XlsxRowReader extends GeneratedRowReader {
  readonly delimiter = null;
  constructor(
    private readonly source: ByteSource,
    private readonly bounds: UnpackBounds,
  ) {
    super(() => source.release());
  }

  protected async *read(): AsyncGenerator<RawRow, void> {
    const dir = await mkdtemp(join(tmpdir(), 'roster-sheet-'));
    try {
      const path = join(dir, 'upload.xlsx');
      await pipeline(this.source.pieces(), createWriteStream(path));
      if (!(await endsLikeZip(path, this.source.bytesRead))) throw brokenWorkbook(new Error('The ZIP archive has no end record.'));
      await checkUnpackedSize(path, this.bounds);
      yield* this.parse(path);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async *parse(path: string): AsyncGenerator<RawRow, void> {
    let failure: unknown;
    // The one wait in progress (they never overlap), so a failure can end it. Not a race against a
    // shared never-settling promise: each race would leave a reaction on it holding its row.
    let interrupt: ((error: unknown) => void) | null = null;
    const stop = (error: unknown) => {
      failure ??= error;
      interrupt?.(failure);
    };
    const guard = <T>(work: Promise<T>): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        if (failure !== undefined) return reject(failure);
        interrupt = reject;
        const done = () => {
          if (interrupt === reject) interrupt = null;
        };
        void work.then(
          (value) => {
            done();
            resolve(value);
          },
          (error: unknown) => {
            done();
            reject(error);
          },
        );
      });

    const input = createReadStream(path);
    // A failing read of our own copy is the server's trouble, not a damaged workbook: it goes up as it is.
    input.on('error', stop);
    // exceljs pipes the file into unzipper and does not listen to that stream's errors while it waits on other things.
    const pipe = input.pipe.bind(input);
    input.pipe = ((destination: NodeJS.WritableStream, options?: { end?: boolean }) => {
      destination.on('error', (error) => stop(brokenWorkbook(error)));
      return pipe(destination, options);
    }) as Readable['pipe'];

    const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, READER_OPTIONS);
    // exceljs names a worksheet it reads in passing from the workbook part's model, and reads the
    // 1904 flag from its properties, without checking that part was read: a file whose workbook
    // part comes after its worksheets (a ZIP's parts may come in any order) made it throw. Empty
    // stand-ins until the part is read: the first worksheet in the archive is taken, dates from 1900.
    Object.assign(workbook, { model: { sheets: [] }, properties: {} });
    const internals = workbook as unknown as WorkbookInternals;
    const worksheets = workbook[Symbol.asyncIterator]();
    let chosen: unknown = null;
    let finished = false;
    try {
      for (let step = await guard(worksheets.next()); !step.done; step = await guard(worksheets.next())) {
        const worksheet = step.value;
        const wanted = firstWorksheetName(internals);
        if (chosen !== null || (wanted !== null && (worksheet as WorksheetInternals).name !== wanted)) {
          skipWorksheet(worksheet);
          continue;
        }
        chosen = worksheet;
        const date1904 = internals.properties?.model?.date1904 === true;
        const rows = worksheet[Symbol.asyncIterator]();
        let previous = 0;
        try {
          for (let row = await guard(rows.next()); !row.done; row = await guard(rows.next())) {
            const { number } = row.value;
            // A row without its own number (allowed, rare) follows the one before it.
            const rowNumber = Number.isInteger(number) && number > previous ? number : previous + 1;
            previous = rowNumber;
            const cells: string[] = [];
            row.value.eachCell((cell, column) => {
              // exceljs reads any column number; past XFD the array of cells would grow without bound.
              if (column > WORKSHEET_COLUMNS) throw rowTooWide(WORKSHEET_COLUMNS);
              cells[column - 1] = cellText(cell, date1904);
            });
            yield { rowNumber, cells };
          }
        } finally {
          // Left early: closing the row iterator destroys a parked worksheet's stream.
          if (failure === undefined) await rows.return(undefined);
        }
        finished = true;
      }
    } catch (error) {
      throw failure ?? (error instanceof SheetError ? error : brokenWorkbook(error));
    } finally {
      // exceljs deletes its temporary copies only as it moves on to the next worksheet, so go
      // on to the end when that costs nothing more than the deletions: the archive was read
      // through before a parked worksheet was handed over, or the chosen one was read to its end.
      const parked = typeof (chosen as WorksheetInternals | null)?.iterator?.destroy === 'function';
      if (failure === undefined && (chosen === null || parked || finished)) {
        try {
          for (let step = await guard(worksheets.next()); !step.done; step = await guard(worksheets.next())) skipWorksheet(step.value);
        } catch {
          // Best effort: exceljs's temporary files are removed when the process exits anyway.
        }
      }
      input.destroy();
    }
    if (chosen === null) throw notAWorkbook();
  }
}
