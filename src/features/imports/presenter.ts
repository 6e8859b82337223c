import { iso } from '../../http/schemas.js';
import { OUTCOMES } from './apply-chunk.js';
import { VERDICTS } from './classify.js';
import type { ImportRecord, StoredRow } from './repository.js';
import type { ImportRowViewType, ImportViewType } from './schemas.js';

const every = <K extends string>(keys: readonly K[], counts: Record<string, number>): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, counts[k] ?? 0])) as Record<K, number>;

/** Progress as the web app and the CLI show it: pace and time left are worked out from the rows done so far. */
export function presentImport(record: ImportRecord, now = new Date()): ImportViewType {
  const started = record.startedAt ? new Date(record.startedAt) : null;
  const ended = record.finishedAt ? new Date(record.finishedAt) : now;
  const seconds = started ? Math.max(0.001, (ended.getTime() - started.getTime()) / 1000) : null;
  const rate = seconds !== null && record.rowsDone > 0 ? record.rowsDone / seconds : null;
  const left = record.rowCount - record.rowsDone;
  return {
    id: record.id,
    fileName: record.fileName,
    fileBytes: record.fileBytes,
    format: record.format,
    mode: record.defaultMode,
    status: record.status,
    createdAt: iso(record.createdAt) ?? '',
    createdBy: record.createdByLabel,
    committedBy: record.committedByLabel,
    rowCount: record.rowCount,
    unknownColumns: record.unknownColumns,
    newTeams: record.newTeams.map((team) => team.path),
    preview: every(VERDICTS, record.previewCounts),
    results: every(OUTCOMES, record.resultCounts),
    progress: {
      rowsDone: record.rowsDone,
      rowCount: record.rowCount,
      percent: record.rowCount === 0 ? 0 : Math.round((record.rowsDone / record.rowCount) * 1000) / 10,
      rowsPerSecond: rate === null ? null : Math.round(rate),
      secondsLeft: rate === null || record.status !== 'committing' ? null : Math.ceil(left / rate),
      startedAt: iso(record.startedAt),
      finishedAt: iso(record.finishedAt),
    },
    error: record.error,
  };
}

export function presentRow(row: StoredRow): ImportRowViewType {
  return {
    rowNumber: row.rowNumber,
    email: row.email,
    username: row.username,
    firstName: row.firstName,
    lastName: row.lastName,
    teams: row.teams,
    role: row.role,
    mode: row.mode as ImportRowViewType['mode'],
    verdict: row.verdict as ImportRowViewType['verdict'],
    reason: row.reason,
    outcome: row.outcome as ImportRowViewType['outcome'],
  };
}
