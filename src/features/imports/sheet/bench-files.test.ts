import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeImportCsv, writeImportXlsx } from '../../../../bench/import-files.js';
import { openSheet } from './open-sheet.js';
import { TEMPLATE_COLUMNS } from './template.js';
import { LIMITS, readRows } from './test-fixtures.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'roster-bench-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const teamPaths = ['Sales', 'Sales/EMEA', 'Support'];

describe('benchmark import files', () => {
  it.each([
    ['CSV', 'people.csv', writeImportCsv, {}],
    ['XLSX', 'people.xlsx', writeImportXlsx, {}],
    ['XLSX with shared strings', 'shared.xlsx', writeImportXlsx, { sharedStrings: true }],
  ])('writes a %s of the template columns that reads back', async (_, name, write, extra) => {
    const path = join(dir, name);
    await write(path, 2500, { teamPaths, ...extra });
    const sheet = await openSheet(createReadStream(path), { fileName: name, limits: LIMITS });
    expect(sheet.columns).toEqual(TEMPLATE_COLUMNS);
    const rows = await readRows(sheet, 1000);
    expect(rows).toHaveLength(2500);
    expect(rows[0]).toEqual({
      rowNumber: 2,
      values: {
        email: 'person1@import.test',
        first_name: expect.any(String),
        last_name: expect.any(String),
        teams: 'Sales',
        role: 'learner',
        mode: 'invite',
      },
    });
    expect(rows.slice(0, 4).map((row) => row.values.teams)).toEqual(['Sales', 'Sales/EMEA', 'Support', 'Sales']);
    expect(rows.at(-1)).toMatchObject({ rowNumber: 2501, values: { email: 'person2500@import.test' } });
  });

  it('uses the domain it is given', async () => {
    const path = join(dir, 'domain.csv');
    await writeImportCsv(path, 3, { teamPaths: [], domain: 'acme.example' });
    const rows = await readRows(await openSheet(createReadStream(path), { fileName: 'domain.csv', limits: LIMITS }));
    expect(rows.map((row) => row.values.email)).toEqual(['person1@acme.example', 'person2@acme.example', 'person3@acme.example']);
    expect(rows.every((row) => row.values.teams === undefined)).toBe(true);
  });
});
