import { describe, expect, it } from 'vitest';
import { WorksheetRowMeter } from './worksheet-rows.js';

/** Feeds the text cut at every `step` bytes (and shifted by `offset`); whether the meter let it through. */
function passes(text: string, limit: number, step: number, offset = 0): boolean {
  const meter = new WorksheetRowMeter(limit);
  const bytes = Buffer.from(text);
  try {
    meter.feed(bytes.subarray(0, offset));
    for (let at = offset; at < bytes.length; at += step) meter.feed(bytes.subarray(at, at + step));
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

const row = (n: number, cells: number, cell = (i: number) => `<c r="A${i}"><v>1</v></c>`) =>
  `<row r="${n}">${Array.from({ length: cells }, (_, i) => cell(i)).join('')}</row>`;

describe('worksheet rows', () => {
  it('lets rows up to the limit through, and refuses one cell more, however the chunks fall', () => {
    const fits = `<sheetData>${row(1, 8)}${row(2, 8)}${row(3, 8)}</sheetData>`;
    const over = `<sheetData>${row(1, 8)}${row(2, 9)}</sheetData>`;
    for (const step of [1, 2, 3, 5, 7, 64, 10_000]) {
      for (const offset of [0, 1, 2, 3, 4]) {
        expect(passes(fits, 8, step, offset), `fits, step ${step}, offset ${offset}`).toBe(true);
        expect(passes(over, 8, step, offset), `over, step ${step}, offset ${offset}`).toBe(false);
      }
    }
  });

  it('counts self-closing and spaced cells, and no element that only starts with "c" or "row"', () => {
    const cells = ['<c/>', '<c r="B1"/>', '<c\tr="C1">', '<c>', '<cfRule/>', '<customSheetView/>', '<cols>', '<rowBreaks/>'];
    const text = `<row>${cells.join('')}</row>`;
    for (const step of [1, 3, 100]) {
      expect(passes(text, 4, step)).toBe(true);
      expect(passes(text, 3, step)).toBe(false);
    }
  });

  it('refuses a sheet that declares more columns than a worksheet has', () => {
    const cols = (n: number) => `<cols>${'<col min="1" max="1" width="9"/>'.repeat(n)}</cols><sheetData/>`;
    expect(passes(cols(10), 10, 7)).toBe(true);
    expect(passes(cols(11), 10, 7)).toBe(false);
  });
});
