import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ByteSource } from './byte-source.js';
import { cellText } from './cell-text.js';
import { brokenWorkbook, notAWorkbook } from './problems.js';
import type { RawRow, RowReader } from './raw-rows.js';
import { SheetError } from './types.js';

const READER_OPTIONS = { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' } as const;

// What exceljs keeps on its reader objects without declaring it.
interface WorkbookInternals {
  readonly model?: { readonly sheets?: readonly { readonly name?: string; readonly rId?: string; readonly state?: string }[] };
  readonly workbookRels?: readonly { readonly Id?: string; readonly Target?: string }[];
  readonly properties?: { readonly model?: { readonly date1904?: boolean } };
}
interface WorksheetInternals {
  readonly name?: string;
  readonly iterator?: { destroy?: () => void };
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
 * Rows of the first worksheet, streamed by exceljs's WorkbookReader. exceljs copies a
 * worksheet that comes before the shared strings in the archive (as Excel and exceljs both
 * write them) to a temporary file and reads it once the archive has been read through; the
 * other worksheets are never parsed, only skipped.
 */
export class XlsxRowReader implements RowReader {
  readonly delimiter = null;
  /** Why the bytes stopped (size limit, broken upload); exceljs only sees the archive end early. */
  private failure: unknown;
  private fed = false;
  private readonly stream: Readable;
  private readonly rows: AsyncGenerator<RawRow, void>;

  constructor(private readonly source: ByteSource) {
    this.stream = Readable.from(this.feed(), { objectMode: false });
    this.stream.on('error', (error) => {
      this.failure ??= error;
    });
    this.rows = this.read();
  }

  async next(): Promise<RawRow | null> {
    const step = await this.rows.next();
    return step.done ? null : step.value;
  }

  async close(): Promise<void> {
    await this.rows.return();
    this.source.release();
  }

  private async *feed(): AsyncGenerator<Buffer> {
    try {
      for (let piece = await this.source.read(); piece !== null; piece = await this.source.read()) yield piece;
    } catch (error) {
      // Ends the archive quietly: exceljs has no way to be handed the reason, `check` reports it.
      this.failure = error;
    } finally {
      this.fed = true;
    }
  }

  private check(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  private async *read(): AsyncGenerator<RawRow, void> {
    const workbook = new ExcelJS.stream.xlsx.WorkbookReader(this.stream, READER_OPTIONS);
    const internals = workbook as unknown as WorkbookInternals;
    const worksheets = workbook[Symbol.asyncIterator]();
    let found = false;
    try {
      for (let step = await worksheets.next(); !step.done; step = await worksheets.next()) {
        this.check();
        const worksheet = step.value;
        const wanted = firstWorksheetName(internals);
        if (found || (wanted !== null && (worksheet as WorksheetInternals).name !== wanted)) {
          skip(worksheet);
          continue;
        }
        found = true;
        const date1904 = internals.properties?.model?.date1904 === true;
        let previous = 0;
        for await (const row of worksheet) {
          this.check();
          // A row without its own number (allowed, rare) follows the one before it.
          const rowNumber = Number.isInteger(row.number) && row.number > previous ? row.number : previous + 1;
          previous = rowNumber;
          const cells: string[] = [];
          row.eachCell((cell, column) => {
            cells[column - 1] = cellText(cell, date1904);
          });
          yield { rowNumber, cells };
        }
        // Going on to the end is what makes exceljs delete its temporary copies.
      }
      this.check();
    } catch (error) {
      if (this.failure !== undefined) throw this.failure;
      if (error instanceof SheetError) throw error;
      throw brokenWorkbook(error);
    } finally {
      await this.settle(worksheets);
    }
    if (!found) throw notAWorkbook();
  }

  /** After the last byte, moving through what is left only deletes temporary files; before it, stop reading at once. */
  private async settle(worksheets: AsyncGenerator<ExcelJS.stream.xlsx.WorksheetReader>): Promise<void> {
    if (!this.fed) {
      this.source.release();
      this.stream.destroy();
      return;
    }
    try {
      for (let step = await worksheets.next(); !step.done; step = await worksheets.next()) skip(step.value);
    } catch {
      // Best effort: what is left is cleaned up when the process exits.
    }
  }
}

/** A worksheet waiting in a temporary file holds it open until its stream is destroyed. */
function skip(worksheet: unknown): void {
  (worksheet as WorksheetInternals).iterator?.destroy?.();
}
