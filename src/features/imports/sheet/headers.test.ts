import { describe, expect, it } from 'vitest';
import { fieldForHeader, headerKey, mapHeader } from './headers.js';
import { failure, open, readRows, xlsxOf } from './test-fixtures.js';

describe('header matching', () => {
  it('sets aside case, accents, spaces, underscores, hyphens and dots', () => {
    expect(['First_Name', ' first-name ', 'FIRST.NAME', 'Prénom', 'E-Mail', 'e\u00a0mail'].map(headerKey)).toEqual([
      'firstname',
      'firstname',
      'firstname',
      'prenom',
      'email',
      'email',
    ]);
  });

  it.each([
    ['email', ['email', 'E-mail', 'Email address', 'Mail', 'Courriel', 'E_MAIL']],
    ['first_name', ['first_name', 'First name', 'Firstname', 'Given name', 'Prénom', 'PRENOM']],
    ['last_name', ['last_name', 'Last name', 'Surname', 'Family name', 'Nom', 'last-name']],
    ['username', ['username', 'User name', 'Login', 'user.name']],
    ['teams', ['teams', 'Team', 'Teams', 'Group', 'Groups']],
    ['role', ['role', 'Role', 'Rôle']],
    ['mode', ['mode', 'Mode', 'Action']],
    ['password', ['password', 'Password', 'pass-word']],
  ])('maps the synonyms of %s', (field, headers) => {
    for (const header of headers) expect(fieldForHeader(header), header).toBe(field);
  });

  it('keeps unknown header cells as written and ignores empty ones silently', () => {
    expect(mapHeader([' Email ', '', undefined, 'Department', 'Prénom', '  ', 'Start date'])).toEqual({
      columns: [
        { index: 0, field: 'email' },
        { index: 4, field: 'first_name' },
      ],
      unknownColumns: ['Department', 'Start date'],
    });
  });

  it('refuses the same field twice, naming both headers', () => {
    const error = (() => {
      try {
        return mapHeader(['Email', 'Name', 'E-mail address']);
      } catch (error) {
        return error as { problem: string; message: string };
      }
    })();
    expect(error).toMatchObject({ problem: 'malformed', message: expect.stringContaining('"Email" and "E-mail address"') });
  });

  it('refuses a header with neither email nor username, listing the columns found', async () => {
    const error = await failure(() => open('Prénom;Nom;Équipe\nAda;Lovelace;Sales\n'));
    expect(error).toMatchObject({
      problem: 'no_identity_column',
      message: expect.stringContaining('its columns are "Prénom", "Nom" and "Équipe"'),
    });
  });

  it('accepts a username without an email, in CSV and XLSX alike', async () => {
    for (const file of [
      'Login,Given name\njdoe,John\n',
      await xlsxOf([
        ['Login', 'Given name'],
        ['jdoe', 'John'],
      ]),
    ]) {
      const sheet = await open(file);
      expect(sheet.columns).toEqual(['username', 'first_name']);
      expect(await readRows(sheet)).toEqual([{ rowNumber: 2, values: { username: 'jdoe', first_name: 'John' } }]);
    }
  });

  it('reports the columns in file order with the unknown ones apart', async () => {
    const sheet = await open(
      await xlsxOf([
        ['Team', 'Notes', 'Email', 'Mode', 'Manager'],
        ['Sales', 'hi', 'a@b.io', 'invite', 'Bob'],
      ]),
    );
    expect(sheet.columns).toEqual(['teams', 'email', 'mode']);
    expect(sheet.unknownColumns).toEqual(['Notes', 'Manager']);
    expect(await readRows(sheet)).toEqual([{ rowNumber: 2, values: { teams: 'Sales', email: 'a@b.io', mode: 'invite' } }]);
  });
});
