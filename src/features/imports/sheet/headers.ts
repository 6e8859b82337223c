import { duplicateColumn, noIdentityColumn } from './problems.js';
import type { ImportField } from './types.js';

/** How a header cell reads once case, accents, spaces, underscores, hyphens and dots are set aside. */
export function headerKey(cell: string): string {
  return cell
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s_.-]/gu, '');
}

// Keys as `headerKey` produces them; the field names themselves are listed so "first_name" matches.
const SYNONYMS: Readonly<Record<ImportField, readonly string[]>> = {
  email: ['email', 'emailaddress', 'mail', 'mailaddress', 'courriel', 'adresseemail', 'adressemail'],
  first_name: ['firstname', 'givenname', 'forename', 'prenom'],
  last_name: ['lastname', 'surname', 'familyname', 'nom', 'nomdefamille'],
  username: ['username', 'login', 'loginname', 'identifiant'],
  teams: ['team', 'teams', 'group', 'groups', 'equipe', 'equipes', 'groupe', 'groupes'],
  role: ['role'],
  mode: ['mode', 'action'],
  password: ['password', 'motdepasse'],
};

const FIELD_BY_KEY: ReadonlyMap<string, ImportField> = new Map(
  Object.entries(SYNONYMS).flatMap(([field, keys]) => keys.map((key) => [key, field as ImportField] as const)),
);

export const fieldForHeader = (cell: string): ImportField | undefined => FIELD_BY_KEY.get(headerKey(cell));

export interface HeaderMap {
  /** Where each recognized field sits (0-based cell index), in file order. */
  readonly columns: readonly { readonly index: number; readonly field: ImportField }[];
  readonly unknownColumns: readonly string[];
}

/** Reads the header row; refuses a field given twice and a sheet with no way to tell who a row is. */
export function mapHeader(cells: readonly (string | undefined)[]): HeaderMap {
  const columns: { index: number; field: ImportField }[] = [];
  const unknownColumns: string[] = [];
  const written: string[] = [];
  const seen = new Map<ImportField, string>();
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index]?.trim() ?? '';
    if (cell === '') continue;
    written.push(cell);
    const field = fieldForHeader(cell);
    if (field === undefined) {
      unknownColumns.push(cell);
      continue;
    }
    const earlier = seen.get(field);
    if (earlier !== undefined) throw duplicateColumn(field, earlier, cell);
    seen.set(field, cell);
    columns.push({ index, field });
  }
  if (!seen.has('email') && !seen.has('username')) throw noIdentityColumn(written);
  return { columns, unknownColumns };
}
