import { createReadStream } from 'node:fs';
import unzipper, { type Entry } from 'unzipper';
import { brokenWorkbook, sharedTextTooLarge, unpacksTooLarge, xmlPieceTooLarge } from './problems.js';
import { SheetError, type SheetLimits } from './types.js';
import { XmlPieceError, XmlPieceMeter } from './xml-pieces.js';

/** How far a workbook may unpack before it is refused, for uploads of at most `limits`. */
export interface UnpackBounds {
  /** Bytes of every part together: the time spent inflating, and exceljs's temporary copies on disk. */
  readonly totalBytes: number;
  /** Bytes of the shared-strings part, which exceljs keeps in memory whole. */
  readonly sharedTextBytes: number;
  /** Elements in that part: each costs exceljs a string or an object besides its bytes. */
  readonly sharedTextElements: number;
  /** The longest tag, text, comment or CDATA section a part may hold: the XML parser keeps one whole. */
  readonly pieceBytes: number;
}

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
  };
}

const SHARED_STRINGS = 'xl/sharedStrings.xml';
const LT = 0x3c;

/** The parts exceljs reads with its XML parser, matched as exceljs matches them (worksheets unanchored). */
function parsedAsXml(path: string): boolean {
  return (
    path === SHARED_STRINGS ||
    path === 'xl/workbook.xml' ||
    path === 'xl/styles.xml' ||
    path === 'xl/_rels/workbook.xml.rels' ||
    /xl\/worksheets\/sheet\d+[.]xml/.test(path) ||
    /xl\/worksheets\/_rels\/sheet\d+[.]xml.rels/.test(path)
  );
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
      const meter = parsedAsXml(entry.path) ? new XmlPieceMeter(bounds.pieceBytes) : null;
      const shared = entry.path === SHARED_STRINGS;
      let sharedElements = 0;
      let partBytes = 0;
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        total += chunk.length;
        partBytes += chunk.length;
        if (total > bounds.totalBytes) throw unpacksTooLarge(bounds.totalBytes);
        meter?.feed(chunk);
        if (shared) {
          if (partBytes > bounds.sharedTextBytes) throw sharedTextTooLarge();
          sharedElements += countByte(chunk, LT);
          if (sharedElements > bounds.sharedTextElements) throw sharedTextTooLarge();
        }
      }
      meter?.end();
      current = null;
    }
    if (failure !== undefined) throw failure;
  } catch (error) {
    if (error instanceof XmlPieceError) throw xmlPieceTooLarge(error);
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
