import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { imports } from '../../db/schema.js';
import { pgArray, queryRows, texts } from '../../db/sql.js';
import { notFound } from '../../lib/errors.js';
import type { PreparedRow } from './read-row.js';

export type ImportRecord = typeof imports.$inferSelect;

export async function findImport(db: Db, orgId: string, importId: string, lock = false): Promise<ImportRecord> {
  const query = db
    .select()
    .from(imports)
    .where(and(eq(imports.orgId, orgId), eq(imports.id, importId)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('The import');
  return row;
}

/**
 * One statement per batch of rows; team ids travel as comma-joined text since arrays of arrays
 * must be rectangular. Each row starts with the verdict it usually ends with (its problem, or
 * its mode), so classifying a fresh file writes only the rows whose verdict differs.
 */
export async function insertRows(
  db: Db,
  importId: string,
  orgId: string,
  rows: readonly (PreparedRow & { readonly passwordHash: string | null })[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into import_rows (import_id, org_id, row_number, email, username, first_name, last_name, teams, team_ids, role, mode,
                             password_hash, problem_kind, problem, verdict, reason)
    select ${importId}, ${orgId}, u.row_number, u.email, u.username, u.first_name, u.last_name, u.teams,
           case when u.team_ids = '' then '{}'::uuid[] else string_to_array(u.team_ids, ',')::uuid[] end,
           u.role, u.mode, u.password_hash, u.problem_kind, u.problem, coalesce(u.problem_kind, u.mode), u.problem
    from unnest(${pgArray(rows.map((r) => String(r.rowNumber)))}::int[], ${texts(rows.map((r) => r.email))},
                ${texts(rows.map((r) => r.username))}, ${texts(rows.map((r) => r.firstName))}, ${texts(rows.map((r) => r.lastName))},
                ${texts(rows.map((r) => r.teams))}, ${texts(rows.map((r) => r.teamIds.join(',')))}, ${texts(rows.map((r) => r.role))},
                ${texts(rows.map((r) => r.mode))}, ${texts(rows.map((r) => r.passwordHash))}, ${texts(rows.map((r) => r.problemKind))},
                ${texts(rows.map((r) => r.problem))})
      as u (row_number, email, username, first_name, last_name, teams, team_ids, role, mode, password_hash, problem_kind, problem)`);
}

/** How many rows have each verdict (preview) or each outcome (report). */
export async function countRows(db: Db, importId: string, column: 'verdict' | 'outcome'): Promise<Record<string, number>> {
  const rows = await queryRows<{ key: string | null; n: number }>(
    db,
    sql`select ${sql.identifier(column)} as key, count(*)::int as n from import_rows where import_id = ${importId} group by 1`,
  );
  return Object.fromEntries(rows.flatMap((row) => (row.key === null ? [] : [[row.key, Number(row.n)]])));
}

export interface StoredRow {
  readonly rowNumber: number;
  readonly email: string | null;
  readonly username: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly teams: string | null;
  readonly role: string;
  readonly mode: string;
  readonly verdict: string | null;
  readonly reason: string | null;
  readonly outcome: string | null;
  readonly membershipId: string | null;
}

const rowColumns = sql.raw(`row_number as "rowNumber", email, username, first_name as "firstName", last_name as "lastName", teams, role,
  mode, verdict, reason, outcome, membership_id as "membershipId"`);

/** The rows the preview lists first: invalid and not allowed ones, in file order (they have their own index). */
export async function problemRows(db: Db, importId: string, limit: number): Promise<StoredRow[]> {
  return queryRows<StoredRow>(
    db,
    sql`select ${rowColumns} from import_rows
        where import_id = ${importId} and verdict in ('invalid', 'not_allowed')
        order by row_number limit ${limit}`,
  );
}

/** Rows in file order after `afterRow`, optionally only those with one of the verdicts (or outcomes). */
export async function pageRows(
  db: Db,
  importId: string,
  options: { afterRow: number; limit: number; verdicts?: readonly string[]; by?: 'verdict' | 'outcome' },
): Promise<StoredRow[]> {
  const filter =
    options.verdicts && options.verdicts.length > 0
      ? sql`and ${sql.identifier(options.by ?? 'verdict')} = any(${texts(options.verdicts)})`
      : sql``;
  return queryRows<StoredRow>(
    db,
    sql`select ${rowColumns}
        from import_rows
        where import_id = ${importId} and row_number > ${options.afterRow} ${filter}
        order by row_number
        limit ${options.limit}`,
  );
}
