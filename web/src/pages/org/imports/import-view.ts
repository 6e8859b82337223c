import type {
  ImportOutcome,
  ImportPreview,
  ImportResults,
  ImportRow,
  ImportStatus,
  ImportSummary,
  ImportVerdict,
} from '../../../api/types';
import { formatNumber } from '../../../lib/format';

interface Label {
  readonly label: string;
  readonly hint: string;
  readonly color: string;
}

/** What each row would do, in the order the preview shows them. */
export const VERDICTS: Record<ImportVerdict, Label> = {
  invite: { label: 'New invitations', hint: 'Emailed a link to join.', color: 'teal' },
  setup: { label: 'Set up directly', hint: 'Active at once; emailed a link to choose a password.', color: 'teal' },
  join_teams: {
    label: 'Members joining teams',
    hint: 'Already members; they join the teams of their row they are not in yet.',
    color: 'indigo',
  },
  already_invited: { label: 'Already invited', hint: 'Their pending invitation is left as it is.', color: 'blue' },
  already_member: { label: 'Already members', hint: 'Nothing changes for them.', color: 'gray' },
  invalid: { label: 'Invalid', hint: 'Skipped: fix these rows and upload the file again.', color: 'red' },
  not_allowed: { label: 'Not allowed', hint: 'Skipped: refused by the plan or by your rights.', color: 'orange' },
};

/** What the import did with each row, in the order the result shows them. */
export const OUTCOMES: Record<ImportOutcome, Label> = {
  invited: { label: 'Invited', hint: 'An invitation email is on its way.', color: 'teal' },
  set_up: { label: 'Set up', hint: 'Active accounts, emailed a link to choose a password.', color: 'teal' },
  added_to_teams: { label: 'Added to teams', hint: 'Members who joined the teams of their row.', color: 'indigo' },
  already_member: { label: 'Already members', hint: 'Nothing changed for them.', color: 'gray' },
  already_invited: { label: 'Already invited', hint: 'Their pending invitation was left as it is.', color: 'blue' },
  invalid: { label: 'Invalid', hint: 'Skipped: see the reasons below.', color: 'red' },
  not_allowed: { label: 'Not allowed', hint: 'Skipped: see the reasons below.', color: 'orange' },
};

export const STATUSES: Record<ImportStatus, { label: string; color: string }> = {
  reading: { label: 'Reading', color: 'gray' },
  previewed: { label: 'Not confirmed', color: 'yellow' },
  committing: { label: 'Importing', color: 'blue' },
  done: { label: 'Done', color: 'teal' },
  failed: { label: 'Failed', color: 'red' },
};

export const verdictKeys = Object.keys(VERDICTS) as ImportVerdict[];
export const outcomeKeys = Object.keys(OUTCOMES) as ImportOutcome[];

/** Where a status can no longer change: no more progress to wait for. */
export const isFinal = (status: ImportStatus): boolean => status === 'done' || status === 'failed';

/** The people the import would bring in: new invitations and set-up accounts. */
export const newPeople = (preview: ImportPreview): number => preview.invite + preview.setup;

/** The confirm button: enabled when confirming would change something. */
export function confirmAction(preview: ImportPreview): { label: string; enabled: boolean } {
  const people = newPeople(preview);
  if (people > 0) return { label: `Import ${formatNumber(people)} ${people === 1 ? 'person' : 'people'}`, enabled: true };
  if (preview.join_teams > 0) {
    return { label: `Add ${formatNumber(preview.join_teams)} ${preview.join_teams === 1 ? 'member' : 'members'} to teams`, enabled: true };
  }
  return { label: 'Nothing to import', enabled: false };
}

/** Rows the import skips: the preview's refusals, or the outcome's. */
export const skippedCount = (counts: { invalid: number; not_allowed: number }): number => counts.invalid + counts.not_allowed;

/** "3 invited · 1 set up · 2 invalid": the non-zero outcomes, for the history. */
export function resultSummary(results: ImportResults): string {
  const parts = outcomeKeys
    .filter((key) => results[key] > 0)
    .map((key) => `${formatNumber(results[key])} ${OUTCOMES[key].label.toLowerCase()}`);
  return parts.join(' · ');
}

/** A short line for the history's result column, whatever state the import is in. */
export function historyResult(item: ImportSummary): string {
  if (item.status === 'failed') return item.error ?? 'Failed.';
  if (item.status === 'reading') return 'Still being read.';
  if (item.status === 'previewed') {
    const people = newPeople(item.preview);
    return `Previewed: ${formatNumber(people)} new ${people === 1 ? 'person' : 'people'}, never confirmed.`;
  }
  if (item.status === 'committing') return `${formatNumber(item.progress.rowsDone)} of ${formatNumber(item.progress.rowCount)} rows done…`;
  return resultSummary(item.results) || 'No rows.';
}

/** "about 40 seconds", "about 3 minutes", "about 1 h 20 min": a pace-based estimate, so rounded. */
export function formatTimeLeft(seconds: number | null): string | null {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return null;
  if (seconds < 5) return 'a few seconds';
  if (seconds < 60) return `about ${Math.ceil(seconds / 5) * 5} seconds`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `about ${hours} h` : `about ${hours} h ${rest} min`;
}

/** Who a row names: the address, else the username. */
export const personOf = (row: Pick<ImportRow, 'email' | 'username'>): string => row.email ?? row.username ?? '—';

/** The next `afterRow` for paging through rows, or undefined when every one of `total` is shown. */
export function nextAfterRow(pages: readonly { items: readonly Pick<ImportRow, 'rowNumber'>[] }[], total: number): number | undefined {
  const shown = pages.reduce((sum, page) => sum + page.items.length, 0);
  const last = pages.at(-1)?.items.at(-1)?.rowNumber;
  // An empty last page means the counts were ahead of the rows: stop rather than ask again.
  if (shown >= total || last === undefined || pages.at(-1)?.items.length === 0) return undefined;
  return last;
}

/** The import carried by a server-sent `progress` event, or null for anything else. */
export function parseProgressEvent(data: unknown): ImportSummary | null {
  if (typeof data !== 'string') return null;
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== 'object' || value === null) return null;
    if (!('id' in value) || !('status' in value) || !('progress' in value)) return null;
    if (typeof value.id !== 'string' || typeof value.status !== 'string' || !(value.status in STATUSES)) return null;
    return value as ImportSummary;
  } catch {
    return null;
  }
}
