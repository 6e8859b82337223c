import { describe, expect, it } from 'vitest';
import type { ImportPreview, ImportResults, ImportSummary } from '../../../api/types';
import { confirmAction, formatTimeLeft, historyResult, nextAfterRow, parseProgressEvent, personOf, resultSummary } from './import-view';

const preview = (counts: Partial<ImportPreview>): ImportPreview => ({
  invite: 0,
  setup: 0,
  join_teams: 0,
  already_invited: 0,
  already_member: 0,
  invalid: 0,
  not_allowed: 0,
  ...counts,
});

const results = (counts: Partial<ImportResults>): ImportResults => ({
  invited: 0,
  set_up: 0,
  added_to_teams: 0,
  already_member: 0,
  already_invited: 0,
  invalid: 0,
  not_allowed: 0,
  ...counts,
});

const summary = (changes: Partial<ImportSummary>): ImportSummary => ({
  id: '00000000-0000-4000-8000-000000000001',
  fileName: 'people.csv',
  fileBytes: 120,
  format: 'csv',
  mode: 'invite',
  status: 'done',
  createdAt: '2026-11-29T10:00:00.000Z',
  createdBy: 'ada@example.test',
  committedBy: 'ada@example.test',
  rowCount: 5,
  unknownColumns: [],
  newTeams: [],
  preview: preview({}),
  results: results({}),
  progress: { rowsDone: 5, rowCount: 5, percent: 100, rowsPerSecond: 50, secondsLeft: null, startedAt: null, finishedAt: null },
  error: null,
  ...changes,
});

describe('the confirm button', () => {
  it('counts the people brought in, singular and plural', () => {
    expect(confirmAction(preview({ invite: 3, setup: 1, invalid: 2 }))).toEqual({ label: 'Import 4 people', enabled: true });
    expect(confirmAction(preview({ setup: 1 }))).toEqual({ label: 'Import 1 person', enabled: true });
  });
  it('stays usable for members who join teams, and is disabled when nothing would happen', () => {
    expect(confirmAction(preview({ join_teams: 2, already_member: 1 }))).toEqual({ label: 'Add 2 members to teams', enabled: true });
    expect(confirmAction(preview({ already_member: 2 })).enabled).toBe(false);
    expect(confirmAction(preview({ already_invited: 1, invalid: 3, not_allowed: 1 }))).toEqual({
      label: 'Nothing to import',
      enabled: false,
    });
  });
});

describe('import summaries', () => {
  it('lists the non-zero outcomes in order', () => {
    expect(resultSummary(results({ invalid: 1, invited: 3, set_up: 1 }))).toBe('3 invited · 1 set up · 1 invalid');
    expect(resultSummary(results({}))).toBe('');
  });
  it('says what state each import of the history is in', () => {
    expect(historyResult(summary({ results: results({ invited: 2 }) }))).toBe('2 invited');
    expect(historyResult(summary({ results: results({}) }))).toBe('No rows.');
    expect(historyResult(summary({ status: 'failed', error: 'Stopped: no seats.' }))).toBe('Stopped: no seats.');
    expect(historyResult(summary({ status: 'previewed', preview: preview({ invite: 1 }) }))).toBe(
      'Previewed: 1 new person, never confirmed.',
    );
    expect(historyResult(summary({ status: 'reading' }))).toBe('Still being read.');
  });
  it('names a row by its address, else its username', () => {
    expect(personOf({ email: 'a@x.test', username: 'ann' })).toBe('a@x.test');
    expect(personOf({ email: null, username: 'ann' })).toBe('ann');
    expect(personOf({ email: null, username: null })).toBe('—');
  });
});

describe('time left', () => {
  it('rounds an estimate to what a person can use', () => {
    expect(formatTimeLeft(null)).toBeNull();
    expect(formatTimeLeft(Number.NaN)).toBeNull();
    expect(formatTimeLeft(2)).toBe('a few seconds');
    expect(formatTimeLeft(41)).toBe('about 45 seconds');
    expect(formatTimeLeft(60)).toBe('about 1 minute');
    expect(formatTimeLeft(185)).toBe('about 3 minutes');
    expect(formatTimeLeft(3600)).toBe('about 1 h');
    expect(formatTimeLeft(4800)).toBe('about 1 h 20 min');
  });
});

describe('paging through rows', () => {
  const page = (...rows: number[]) => ({ items: rows.map((rowNumber) => ({ rowNumber })) });
  it('goes on after the last row seen until every row is shown', () => {
    expect(nextAfterRow([page(2, 5, 9)], 5)).toBe(9);
    expect(nextAfterRow([page(2, 5, 9), page(12, 14)], 5)).toBeUndefined();
  });
  it('stops on an empty page even when the counts promised more', () => {
    expect(nextAfterRow([page(2), page()], 5)).toBeUndefined();
    expect(nextAfterRow([], 5)).toBeUndefined();
  });
});

describe('progress events', () => {
  it('reads the import from the event data and ignores anything else', () => {
    const view = summary({ status: 'committing' });
    expect(parseProgressEvent(JSON.stringify(view))).toEqual(view);
    expect(parseProgressEvent('not json')).toBeNull();
    expect(parseProgressEvent(JSON.stringify({ id: 'x', status: 'exploded', progress: {} }))).toBeNull();
    expect(parseProgressEvent(JSON.stringify([1, 2]))).toBeNull();
    expect(parseProgressEvent(undefined)).toBeNull();
  });
});
