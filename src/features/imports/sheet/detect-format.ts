import { emptyFile, notASpreadsheet, oldExcel, utf16 } from './problems.js';

/** How much of the start of a file is looked at to tell what it is. */
export const SNIFF_BYTES = 4096;

const startsWith = (head: Buffer, ...bytes: number[]): boolean => bytes.every((byte, i) => head[i] === byte);

// Files people upload by mistake, by their opening bytes; the name goes into the refusal.
const SIGNATURES: readonly { readonly bytes: readonly number[]; readonly kind: string }[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46], kind: 'a PDF document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], kind: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], kind: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], kind: 'a GIF image' },
  { bytes: [0x1f, 0x8b], kind: 'a gzip archive' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], kind: 'a 7-Zip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21], kind: 'a RAR archive' },
  // An empty or split ZIP; a real one (PK 03 04) is read as a workbook. A bare "PK" could start a CSV header.
  { bytes: [0x50, 0x4b, 0x05, 0x06], kind: 'an empty ZIP archive' },
  { bytes: [0x50, 0x4b, 0x07, 0x08], kind: 'a split ZIP archive' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], kind: 'an RTF document' },
];

/** UTF-16 without a byte-order mark: nearly every other byte is zero, the rest are not. */
function looksLikeUtf16(head: Buffer): boolean {
  if (head.length < 4) return false;
  const zeros = [0, 0];
  for (let i = 0; i < head.length; i++) if (head[i] === 0) zeros[i % 2]! += 1;
  const half = head.length / 2;
  return Math.max(zeros[0]!, zeros[1]!) > half * 0.4 && Math.min(zeros[0]!, zeros[1]!) < half * 0.05;
}

/**
 * Tells an XLSX from a CSV by the bytes, never the name, and turns away what is neither
 * (old .xls, PDFs, images, other archives, UTF-16 text) with a sentence saying what to do.
 */
export function detectFormat(head: Buffer): 'csv' | 'xlsx' {
  if (head.length === 0) throw emptyFile();
  if (startsWith(head, 0x50, 0x4b, 0x03, 0x04)) return 'xlsx';
  if (startsWith(head, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) throw oldExcel();
  if (startsWith(head, 0xff, 0xfe) || startsWith(head, 0xfe, 0xff) || startsWith(head, 0x00, 0x00, 0xfe, 0xff)) throw utf16();
  for (const { bytes, kind } of SIGNATURES) if (startsWith(head, ...bytes)) throw notASpreadsheet(kind);
  if (head.includes(0)) throw looksLikeUtf16(head) ? utf16() : notASpreadsheet(null);
  const text = head
    .toString('latin1')
    .replace(/^\xEF\xBB\xBF/, '')
    .trimStart();
  if (/^<(\?xml|!doctype|html|table|workbook)/i.test(text)) throw notASpreadsheet('a web page or an XML document');
  return 'csv';
}
