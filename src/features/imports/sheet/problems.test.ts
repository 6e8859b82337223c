import { describe, expect, it } from 'vitest';
import * as problems from './problems.js';
import { failure, open, readRows, xlsxOf } from './test-fixtures.js';
import { SheetError } from './types.js';

/** One sentence: a capital (or a quoted name) first, a full stop last, and no full stop between two sentences. */
function expectOneSentence(message: string): void {
  expect(message).toMatch(/^[A-Z"]/);
  expect(message).toMatch(/[^.]\.$/);
  expect(message).not.toMatch(/[.!?]\s+[A-Z]/);
  expect(message).not.toMatch(/\n/);
  expect(message).not.toMatch(/undefined|null|NaN|\[object/);
}

describe('refusals an admin can act on', () => {
  it('builds every refusal as one sentence', () => {
    const errors = [
      problems.emptyFile(),
      problems.headerOnly(),
      problems.tooLarge(50 * 1024 * 1024),
      problems.tooManyRows(200_000),
      problems.notUtf8(),
      problems.utf16(),
      problems.oldExcel(),
      problems.notASpreadsheet(null),
      problems.notASpreadsheet('a PDF document'),
      problems.notAWorkbook(),
      problems.brokenWorkbook(new Error('x')),
      problems.unclosedQuote(12_345),
      problems.rowTooLong(7, 1024 * 1024),
      problems.duplicateColumn('email', 'Email', 'E-mail'),
      problems.noIdentityColumn(['Prénom', 'Nom', 'Équipe']),
      problems.noIdentityColumn(Array.from({ length: 12 }, (_, i) => `Column ${i + 1}`)),
      problems.withFileName(problems.notASpreadsheet('a PNG image'), 'photo.png'),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(SheetError);
      expectOneSentence(error.message);
    }
  });

  it('names a file in the refusals where the wrong file was likely picked, and only there', () => {
    expect(problems.withFileName(problems.notAWorkbook(), ' letter.docx ').message).toMatch(
      /^The file "letter\.docx" is a compressed archive/,
    );
    expect(problems.withFileName(problems.emptyFile(), 'people.csv').message).toBe(problems.emptyFile().message);
  });

  it('keeps a long header list short', () => {
    expect(problems.listOf(['A'])).toBe('"A"');
    expect(problems.listOf(['A', 'B'])).toBe('"A" and "B"');
    expect(problems.listOf(['A', 'B', 'C'])).toBe('"A", "B" and "C"');
    expect(problems.listOf(['A', 'B', 'C', 'D'], 2)).toBe('"A", "B" and 2 more');
  });

  it('gives one sentence for each refusal reached through a real file', async () => {
    const files: [Buffer | string, Partial<{ maxBytes: number; maxRows: number }>][] = [
      ['', {}],
      ['email\n', {}],
      ['email\na@b.io\nc@d.io\n', { maxRows: 1 }],
      ['email\na@b.io\n', { maxBytes: 5 }],
      [Buffer.from('email\nzoé@b.io\n', 'latin1'), {}],
      ['name,team\nAda,Sales\n', {}],
      ['email,Mail\na@b.io,c@d.io\n', {}],
      ['email\n"a@b.io\n', {}],
      [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), {}],
      [(await xlsxOf([['email'], ['a@b.io']])).subarray(0, 500), {}],
    ];
    const seen = new Set<string>();
    for (const [file, limits] of files) {
      const error = await failure(async () => readRows(await open(file, { limits })));
      expect(error, String(file)).toBeInstanceOf(SheetError);
      expectOneSentence(error.message);
      seen.add(error.problem!);
    }
    expect([...seen].sort()).toEqual([
      'empty',
      'encoding',
      'malformed',
      'no_identity_column',
      'not_a_spreadsheet',
      'too_large',
      'too_many_rows',
    ]);
  });
});
