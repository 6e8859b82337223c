import { createReadStream } from 'node:fs';
import unzipper, { type Entry } from 'unzipper';
import { brokenWorkbook, keptPartTooLarge, rowTooWide, sharedTextTooLarge, unpacksTooLarge, xmlPieceTooLarge } from './problems.js';
import { SheetError, type SheetLimits } from './types.js';
import { WORKSHEET_COLUMNS, WorksheetRowMeter, WorksheetTooWide } from './worksheet-rows.js';
import { XmlPieceError, XmlPieceMeter } from './xml-pieces.js';

/** How far a workbook may unpack before it is refused, for uploads of at most `limits`. */
export interface UnpackBounds {
  /** Bytes of every part together: the time spent inflating, and exceljs's temporary copies on disk. */
  readonly totalBytes: number;
  /** Bytes of the shared-strings part, which exceljs keeps in memory whole; each other part it keeps whole has the same bound. */
  readonly sharedTextBytes: number;
  /** Elements in that part: each costs exceljs a string or an object besides its bytes. */
  readonly sharedTextElements: number;
  /** The longest tag, text, comment or CDATA section a part may hold: the XML parser keeps one whole. */
  readonly pieceBytes: number;
  /** Elements of each other part exceljs keeps whole: the styles, the workbook and its relationships. */
  readonly keptPartElements: number;
}

/**
 * Excel allows 64,000 cell formats, a few elements each; 300,000 elements of styles were read
 * with a 170 MB heap, and a million were not.
 */
const KEPT_PART_ELEMENTS = 300_000;

/**
 * Real workbooks inflate 5 to 15 times; 20 times the largest upload leaves room for any of
 * them. A cell holds at most 32,767 characters, so no real piece comes near 1 MB. The shared
 * text of a 200,000-row sheet of distinct people is at most a few million elements and tens
 * of MB. At these bounds (50 MB, 4 million elements) exceljs's copy of the worst such part
 * was read with a 170 MB heap, well inside the 256 MB `npm start` gives.
 */
export function unpackBounds(limits: SheetLimits): UnpackBounds {
  return {
    totalBytes: 20 * limits.maxBytes,
    sharedTextBytes: limits.maxBytes,
    sharedTextElements: 20 * limits.maxRows,
    pieceBytes: 1024 * 1024,
    keptPartElements: KEPT_PART_ELEMENTS,
  };
}

const SHARED_STRINGS = 'xl/sharedStrings.xml';
/** The other parts exceljs keeps whole while it reads. */
const KEPT_PARTS: ReadonlySet<string> = new Set(['xl/styles.xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels']);
const LT = 0x3c;

/** Worksheets, matched as exceljs matches them (unanchored). */
const isWorksheet = (path: string): boolean => /xl\/worksheets\/sheet\d+[.]xml/.test(path);

/** The parts exceljs reads with its XML parser. */
function parsedAsXml(path: string): boolean {
  return path === SHARED_STRINGS || KEPT_PARTS.has(path) || isWorksheet(path) || /xl\/worksheets\/_rels\/sheet\d+[.]xml.rels/.test(path);
}

/** Watches one part as it inflates; throws a SheetError once it goes past a bound. */
interface PartGauge {
  feed(chunk: Buffer): void;
  end(): void;
}

/** Bytes and elements of a part, against their bounds. */
function sizeGauge(maxBytes: number, maxElements: number, refusal: () => SheetError): PartGauge {
  let bytes = 0;
  let elements = 0;
  return {
    feed(chunk) {
      bytes += chunk.length;
      elements += countByte(chunk, LT);
      if (bytes > maxBytes || elements > maxElements) throw refusal();
    },
    end() {},
  };
}

/** A meter's own refusal, worded for the person who uploaded the file by `word` (null: not the meter's). */
function worded(meter: { feed(chunk: Buffer): void; end?(): void }, word: (error: unknown) => SheetError | null): PartGauge {
  const run = (work: () => void) => {
    try {
      work();
    } catch (error) {
      throw word(error) ?? error;
    }
  };
  return { feed: (chunk) => run(() => meter.feed(chunk)), end: () => run(() => meter.end?.()) };
}

const pieceGauge = (limit: number): PartGauge =>
  worded(new XmlPieceMeter(limit), (error) => (error instanceof XmlPieceError ? xmlPieceTooLarge(error) : null));

const rowGauge = (): PartGauge =>
  worded(new WorksheetRowMeter(), (error) => (error instanceof WorksheetTooWide ? rowTooWide(WORKSHEET_COLUMNS, error) : null));

/** What watches a part: every XML part its pieces; the parts kept whole their size; worksheets their rows. */
function gaugesFor(path: string, bounds: UnpackBounds): PartGauge[] {
  if (!parsedAsXml(path)) return [];
  const gauges = [pieceGauge(bounds.pieceBytes)];
  if (path === SHARED_STRINGS) gauges.push(sizeGauge(bounds.sharedTextBytes, bounds.sharedTextElements, sharedTextTooLarge));
  if (KEPT_PARTS.has(path)) gauges.push(sizeGauge(bounds.sharedTextBytes, bounds.keptPartElements, keptPartTooLarge));
  if (isWorksheet(path)) gauges.push(rowGauge());
  return gauges;
}

/**
 * Reads the whole workbook once, inflating every part with the same ZIP reader exceljs uses
 * (so both see the same parts, even in an archive whose directory lies), and refuses it when
 * it unpacks past `bounds`. A small file can inflate to gigabytes; read by exceljs unchecked,
 * that stops the whole process for lack of memory, not just this import. Nothing is kept: the
 * check costs one inflation, a fraction of what parsing the XML costs afterwards.
 */
export async function checkUnpackedSize(path: string, bounds: UnpackBounds): Promise<void> {
  const input = createReadStream(path);
  const zip = unzipper.Parse({ forceStream: true });
  let current: Entry | null = null;
  let failure: unknown;
  const fail = (error: unknown) => {
    failure ??= error;
    current?.destroy(failure as Error);
  };
  input.on('error', fail);
  // unzipper reports an entry's inflation errors on the archive's stream, not the entry's.
  zip.on('error', (error: unknown) => fail(brokenWorkbook(error)));
  input.pipe(zip);
  let total = 0;
  try {
    for await (const entry of zip as AsyncIterable<Entry>) {
      current = entry;
      const gauges = gaugesFor(entry.path, bounds);
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > bounds.totalBytes) throw unpacksTooLarge(bounds.totalBytes);
        for (const gauge of gauges) gauge.feed(chunk);
      }
      for (const gauge of gauges) gauge.end();
      current = null;
    }
    if (failure !== undefined) throw failure;
  } catch (error) {
    throw failure ?? (error instanceof SheetError ? error : brokenWorkbook(error));
  } finally {
    input.destroy();
    zip.destroy();
  }
}

function countByte(chunk: Buffer, byte: number): number {
  let count = 0;
  for (let at = chunk.indexOf(byte); at !== -1; at = chunk.indexOf(byte, at + 1)) count += 1;
  return count;
}
