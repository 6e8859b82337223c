import os from 'node:os';
import type { Summary } from './measure.js';

export interface Row {
  readonly section: string;
  readonly name: string;
  /** Null: not measured (the reason is in the note). */
  readonly summary: Summary | null;
  /** Items (invitations) per request, for items per second. */
  readonly itemsPerRequest?: number;
  readonly note?: string;
}

const COLUMNS = [
  'section',
  'measurement',
  'n',
  'err',
  'wall s',
  'req/s',
  'items/s',
  'mean ms',
  'p50 ms',
  'p99 ms',
  'max ms',
  'note',
] as const;
/** Columns aligned right (the figures). */
const NUMERIC = new Set<string>(['n', 'err', 'wall s', 'req/s', 'items/s', 'mean ms', 'p50 ms', 'p99 ms', 'max ms']);

/**
 * Keeps each measured row in `rows` and prints it as it is measured, so a run cut short still
 * says something.
 */
export function recorder(rows: Row[], progress: (message: string) => void): (row: Row) => void {
  return (row) => {
    rows.push(row);
    const s = row.summary;
    if (s)
      progress(
        `  ${row.section} / ${row.name}: n ${s.count}, ${fixed(s.perSecond, 1)}/s, p50 ${fixed(s.p50Ms, 1)} ms, p99 ${fixed(s.p99Ms, 1)} ms`,
      );
  };
}

/** a / b as `1.23×`, or `-` when it has no value. */
export const ratio = (a: number, b: number): string => (Number.isFinite(a / b) ? `${fixed(a / b, 2)}×` : '-');

/** a / b as `45 %`, or `-`. */
export const percent = (a: number, b: number): string => (Number.isFinite(a / b) ? `${fixed((100 * a) / b, 0)} %` : '-');

export function fixed(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function cells(row: Row): string[] {
  const s = row.summary;
  if (!s) return [row.section, row.name, '-', '-', '-', '-', '-', '-', '-', '-', '-', row.note ?? ''];
  const items = row.itemsPerRequest === undefined ? '' : fixed(s.perSecond * row.itemsPerRequest, 0);
  return [
    row.section,
    row.name,
    String(s.count),
    String(s.errors),
    fixed(s.wallMs / 1000, 2),
    fixed(s.perSecond, 1),
    items,
    fixed(s.meanMs, 1),
    fixed(s.p50Ms, 1),
    fixed(s.p99Ms, 1),
    fixed(s.maxMs, 1),
    row.note ?? '',
  ];
}

/** An aligned text table, one line per row, a rule under the header. */
export function table(rows: readonly Row[]): string {
  const body = rows.map(cells);
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...body.map((line) => (line[i] ?? '').length)));
  const format = (line: readonly string[]): string =>
    line
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        return NUMERIC.has(COLUMNS[i] ?? '') ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [format(COLUMNS), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(format)].join('\n');
}

/** A row's figures for the JSON line, rounded to what is meaningful. */
export function rowJson(row: Row): Record<string, unknown> {
  const s = row.summary;
  const round = (value: number, digits = 2): number | null => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);
  return {
    section: row.section,
    name: row.name,
    ...(s
      ? {
          n: s.count,
          errors: s.errors,
          wallMs: round(s.wallMs, 1),
          perSecond: round(s.perSecond),
          ...(row.itemsPerRequest !== undefined ? { itemsPerSecond: round(s.perSecond * row.itemsPerRequest, 1) } : {}),
          meanMs: round(s.meanMs),
          p50Ms: round(s.p50Ms),
          p99Ms: round(s.p99Ms),
          maxMs: round(s.maxMs),
          ...(s.firstError ? { firstError: s.firstError } : {}),
        }
      : {}),
    ...(row.note ? { note: row.note } : {}),
  };
}

/** The 1/5/15-minute load averages: figures mean little on a busy machine. */
export const loadAverage = (): string =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

/** What the machine is, for the report and its JSON line; `load` when the run ended. */
export function machine(): { cpu: string; cores: number; memoryGiB: number; node: string; os: string; load: string } {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    os: `${os.platform()} ${os.release()}`,
    load: loadAverage(),
  };
}

/** The rows whose measurement had errors. */
export const failedRows = (rows: readonly Row[]): Row[] => rows.filter((row) => row.summary && row.summary.errors > 0);

/** Names each failed row on stderr: the process's exit code, 0 when there are none. */
export function reportFailures(failed: readonly Row[]): number {
  for (const row of failed)
    process.stderr.write(`FAILED ${row.section} / ${row.name}: ${row.summary?.errors} errors, first: ${row.summary?.firstError}\n`);
  return failed.length === 0 ? 0 : 1;
}
