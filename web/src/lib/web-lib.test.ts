import { describe, expect, it } from 'vitest';
import { fieldName, fieldSentence } from '../api/problem';
import { slugify } from '../pages/operator/CreateOrgPage';
import { acceptBucketLabel, ageBucketLabel, durationLabel, shortDay } from '../pages/org/dashboard/stats-labels';
import { batchesOf } from '../pages/org/invite/use-invite';
import { ACTION_FILTER_GROUPS, ACTION_SENTENCES, auditSentence, dayEnd, dayStart } from '../pages/org/logs/actions';
import { countDistinct, splitAddresses } from './addresses';
import { deviceOf } from './device';
import { safeNext } from './form-errors';
import { formatRelative, fullName } from './format';
import { can, grantableRoles } from './roles';
import { SEATS_SENTENCE, wholeNumberError } from './whole-number';

describe('addresses', () => {
  it('splits on commas, semicolons, spaces and new lines', () => {
    expect(splitAddresses(' a@x.test, b@x.test;c@x.test\n\td@x.test  e@x.test ,; ')).toEqual([
      'a@x.test',
      'b@x.test',
      'c@x.test',
      'd@x.test',
      'e@x.test',
    ]);
  });
  it('keeps names pasted from mail clients with their address', () => {
    expect(splitAddresses('Ada Lovelace <ada@x.test>, "Hopper, Grace" <grace@x.test> bob@x.test')).toEqual([
      'Ada Lovelace <ada@x.test>',
      '"Hopper, Grace" <grace@x.test>',
      'bob@x.test',
    ]);
  });
  it('counts distinct addresses case-insensitively, named or not', () => {
    expect(countDistinct(['A@x.test', 'a@X.test', 'b@x.test', 'Ada <A@X.TEST>'])).toBe(2);
  });
  it('sends long lists in batches of 1,000 distinct addresses', () => {
    const text = Array.from({ length: 2500 }, (_, i) => `p${i}@x.test`).join('\n');
    expect(batchesOf(`${text}\nP0@X.TEST`).map((batch) => batch.length)).toEqual([1000, 1000, 500]);
  });
});

describe('problems', () => {
  it('names the form field of a JSON pointer', () => {
    expect(fieldName('/emails/2')).toBe('emails');
    expect(fieldName('/body/firstName')).toBe('firstName');
    expect(fieldName('password')).toBe('password');
  });
  it('turns a schema fragment into a sentence and keeps sentences', () => {
    expect(fieldSentence({ field: '/seats', message: 'must be at least 5' })).toBe('Seats must be at least 5.');
    expect(fieldSentence({ field: '/firstName', message: 'is required' })).toBe('First name is required.');
    expect(fieldSentence({ field: '/firstName', message: 'Enter your first name.' })).toBe('Enter your first name.');
  });
});

describe('roles', () => {
  it('never offers a role above the caller, and managers only learner', () => {
    expect(grantableRoles('manager')).toEqual(['learner']);
    expect(grantableRoles('user_admin')).toEqual(['learner', 'manager', 'user_admin']);
    expect(grantableRoles('operator')).toEqual(['learner', 'manager', 'user_admin', 'admin']);
  });
  it('shows settings and logs to admins only', () => {
    expect(can.changeSettings('user_admin')).toBe(false);
    expect(can.readLogs('admin')).toBe(true);
    expect(can.managePeople('learner')).toBe(false);
  });
});

describe('small helpers', () => {
  it('follows only in-app next links', () => {
    expect(safeNext('/orgs/1/members?status=pending')).toBe('/orgs/1/members?status=pending');
    expect(safeNext('//evil.test/x')).toBeNull();
    expect(safeNext('https://evil.test')).toBeNull();
  });
  it('derives a slug from a name', () => {
    expect(slugify('  Écoles Réunies — Lyon!  ')).toBe('ecoles-reunies-lyon');
  });
  it('formats names and relative times', () => {
    expect(fullName('Ada', null)).toBe('Ada');
    expect(formatRelative('2026-01-01T00:00:00Z', Date.parse('2026-01-04T00:00:00Z'))).toBe('3 days ago');
  });
  it('reads audit entries as sentences, names before addresses, and turns days into instants', () => {
    const entry = {
      id: '1',
      action: 'team.member_removed' as const,
      actor: 'grace@x.test',
      actorName: 'Grace Hopper',
      actorAccountId: null,
      subjectName: 'Bob Stone',
      targetType: 'team',
      targetId: null,
      data: { team: 'EMEA', email: 'bob@x.test' },
      ip: null,
      at: '2026-01-01T00:00:00Z',
    };
    expect(auditSentence(entry)).toBe('Grace Hopper removed Bob Stone from "EMEA".');
    expect(auditSentence({ ...entry, actorName: null, subjectName: null })).toBe('grace@x.test removed bob@x.test from "EMEA".');
    expect(auditSentence({ ...entry, action: 'invitation.expired', actor: 'system', subjectName: null, data: { email: 'p@x.test' } })).toBe(
      'The invitation of p@x.test expired.',
    );
    // Every action has words, and the filter offers every one of them, never a raw code as a label.
    const offered = ACTION_FILTER_GROUPS.flatMap((group) => group.items.map((item) => item.value));
    for (const action of Object.keys(ACTION_SENTENCES)) expect(offered).toContain(action);
    for (const item of ACTION_FILTER_GROUPS.flatMap((group) => group.items)) expect(item.label).not.toMatch(/[a-z]+[._][a-z]+/);
    expect(dayStart('2026-02-30x')).toBeUndefined();
    expect(Date.parse(dayEnd('2026-03-01') ?? '') - Date.parse(dayStart('2026-03-01') ?? '')).toBe(86_399_999);
  });
});

describe('whole numbers', () => {
  it('refuses an empty field, a fraction and a negative number, which Number() would let through', () => {
    expect(wholeNumberError('', SEATS_SENTENCE)).toBe(SEATS_SENTENCE);
    expect(wholeNumberError('  ', SEATS_SENTENCE)).toBe(SEATS_SENTENCE);
    expect(wholeNumberError(2.5, SEATS_SENTENCE)).toBe(SEATS_SENTENCE);
    expect(wholeNumberError(-1, SEATS_SENTENCE)).toBe(SEATS_SENTENCE);
    expect(wholeNumberError(0, SEATS_SENTENCE)).toBeNull();
    expect(wholeNumberError('12', SEATS_SENTENCE)).toBeNull();
  });
});

describe('devices', () => {
  it('names a browser and its system from the user agent', () => {
    expect(deviceOf('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36')).toBe(
      'Chrome on Linux',
    );
    expect(deviceOf('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile Safari/604.1')).toBe(
      'Safari on iOS',
    );
    expect(deviceOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe('Firefox on Windows');
    expect(deviceOf(null)).toBe('Unknown device');
    expect(deviceOf('curl/8.5.0')).toBe('curl/8.5.0');
  });
});

describe('dashboard labels', () => {
  it('says durations and buckets as a person would', () => {
    expect([0.2, 5.4, 47, 50, 200].map(durationLabel)).toEqual(['12 min', '5 h', '47 h', '2 days', '8 days']);
    expect(durationLabel(0)).toBe('1 min');
    expect([1, 24, 72, 168, 720, null].map(acceptBucketLabel)).toEqual(['1 h', '1 day', '3 days', '1 week', '30 days', 'Longer']);
    expect(ageBucketLabel(null, 1)).toBe('Under 1 day');
    expect(ageBucketLabel(7, 30)).toBe('7–30 days');
    expect(ageBucketLabel(45, null)).toBe('Over 45 days');
    expect(shortDay('2026-11-30')).toBe('Nov 30');
  });

  it('shows the dashboard to administrators and the operator only', () => {
    expect((['learner', 'manager', 'user_admin', 'admin', 'operator'] as const).map(can.seeDashboard)).toEqual([
      false,
      false,
      false,
      true,
      true,
    ]);
  });
});
