import { csvField } from '../../lib/spreadsheet-cell.js';
import type { Services } from '../../services.js';
import type { Actor } from '../auth/actor.js';
import { openImport } from './policy.js';
import { pageRows, type StoredRow } from './repository.js';

const COLUMNS = ['row', 'email', 'username', 'first_name', 'last_name', 'teams', 'role', 'mode', 'result', 'reason'] as const;
const PAGE = 5000;

const line = (row: StoredRow): string =>
  `${[
    row.rowNumber,
    row.email,
    row.username,
    row.firstName,
    row.lastName,
    row.teams,
    row.role,
    row.mode,
    row.outcome ?? row.verdict,
    row.reason,
  ]
    .map(csvField)
    .join(',')}\r\n`;

/**
 * Each row's outcome as CSV (after the commit; before it, each row's preview verdict), read
 * page by page so a 200,000-row report streams in constant memory. Given verdicts, only their
 * rows: the preview's problem rows with their reasons, to correct and upload again.
 */
export async function importReport(
  services: Services,
  actor: Actor,
  orgId: string,
  importId: string,
  verdicts: readonly string[] = [],
): Promise<{ fileName: string; lines: AsyncIterable<string> }> {
  const { db } = services;
  const { record } = await openImport(db, actor, orgId, importId);
  async function* lines(): AsyncIterable<string> {
    yield `\uFEFF${COLUMNS.join(',')}\r\n`;
    let afterRow = 0;
    for (;;) {
      const rows = await pageRows(db, importId, { afterRow, limit: PAGE, verdicts });
      if (rows.length === 0) return;
      yield rows.map(line).join('');
      afterRow = rows.at(-1)?.rowNumber ?? afterRow;
    }
  }
  const base = record.fileName.replace(/\.(csv|xlsx|txt)$/i, '').replace(/[^\w.-]+/g, '_') || 'import';
  return { fileName: `${base}-${verdicts.length > 0 ? 'problems' : 'report'}.csv`, lines: lines() };
}
