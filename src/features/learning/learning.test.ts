import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailsTo } from '../../../test/support/mail.js';
import { member, teamOf } from '../../../test/support/people.js';
import { Client, createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { sessionDate } from '../../mail/templates/session-invitation.js';
import { sessionCalendar } from './session-calendar.js';

const DAY = 86_400_000;

describe('my learning (R-35)', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  it('lists a learner’s trainings and sessions per organization, times meant in its zone, with calendar files', async () => {
    const paris = await createOrg(t, { name: 'Paris Academy' });
    const settings = await t.operator.patch(`/api/v1/orgs/${paris.id}`, {
      timeZone: 'Europe/Paris',
      learningPlatformName: 'Campus',
      learningPlatformUrl: 'https://campus.example.com/start',
    });
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({
      timeZone: 'Europe/Paris',
      learningPlatform: { name: 'Campus', url: 'https://campus.example.com/start' },
    });
    const other = await createOrg(t, { name: 'Other Org' });

    const ann = await member(t, paris.id, 'ann@learning.test', 'learner', { firstName: 'Ann' });
    const teamId = await teamOf(t, paris.id, { learners: [ann.membershipId], name: 'Onboarding' });
    const startsAt = new Date(Math.ceil((Date.now() + 30 * DAY) / 60_000) * 60_000);
    const session = await t.operator.post(`/api/v1/orgs/${paris.id}/teams/${teamId}/trainings`, {
      kind: 'session',
      title: 'Welcome, day one; part 1',
      startsAt: startsAt.toISOString(),
      location: 'Room 4',
    });
    expect(session.status).toBe(201);
    const course = await t.operator.post(`/api/v1/orgs/${paris.id}/teams/${teamId}/trainings`, { kind: 'course', title: 'Safety basics' });
    expect(course.status).toBe(201);
    // A session of another organization, in a team Ann is not in: never shown to her.
    const bob = await member(t, other.id, 'bob@learning.test');
    const otherTeam = await teamOf(t, other.id, { learners: [bob.membershipId] });
    const foreign = await t.operator.post(`/api/v1/orgs/${other.id}/teams/${otherTeam}/trainings`, {
      kind: 'session',
      title: 'Not hers',
      startsAt: startsAt.toISOString(),
    });

    const mine = await ann.client.get('/api/v1/me/learning');
    expect(mine.status).toBe(200);
    expect(mine.body.organizations).toHaveLength(1);
    const [org] = mine.body.organizations;
    expect(org).toMatchObject({
      orgId: paris.id,
      orgName: 'Paris Academy',
      timeZone: 'Europe/Paris',
      learningPlatform: { name: 'Campus', url: 'https://campus.example.com/start' },
    });
    // The session to come first, then the course.
    expect(org.trainings.map((training: { title: string }) => training.title)).toEqual(['Welcome, day one; part 1', 'Safety basics']);
    expect(org.trainings[0]).toMatchObject({
      kind: 'session',
      startsAt: startsAt.toISOString(),
      location: 'Room 4',
      teamName: 'Onboarding',
      calendarUrl: `/api/v1/me/trainings/${session.body.id}/calendar.ics`,
    });
    expect(org.trainings[1].calendarUrl).toBeNull();

    // The session email says the time in the organization's zone.
    const [mail] = await emailsTo(t, 'ann@learning.test', 'session-invitation');
    expect(mail?.subject).toContain(sessionDate(startsAt, 'Europe/Paris'));
    expect(mail?.text).toContain('(Europe/Paris)');

    const ics = await ann.client.get(org.trainings[0].calendarUrl);
    expect(ics.status).toBe(200);
    expect(String(ics.headers['content-type'])).toMatch(/^text\/calendar/);
    expect(String(ics.headers['content-disposition'])).toContain('filename="Welcome-day-one-part-1.ics"');
    const text = String(ics.body);
    expect(text).toContain(`DTSTART:${startsAt.toISOString().replace(/[-:]/g, '').replace('.000', '')}`);
    expect(text).toContain('SUMMARY:Welcome\\, day one\\; part 1');
    expect(text).toContain(`UID:${session.body.id}@roster.test`);

    // Not hers, not a session, or not signed in: not found or a sentence.
    expect((await ann.client.get(`/api/v1/me/trainings/${foreign.body.id}/calendar.ics`)).status).toBe(404);
    expect((await ann.client.get(`/api/v1/me/trainings/${course.body.id}/calendar.ics`)).status).toBe(404);
    const anonymous = await new Client(t.roster).get('/api/v1/me/learning');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.detail).toBe('Sign in to see your learning.');
    expect((await t.operator.get('/api/v1/me/learning')).status).toBe(403);
  });

  it('refuses an unknown time zone and a half-given or unsafe learning platform, changing nothing', async () => {
    const org = await createOrg(t);
    const zone = await t.operator.patch(`/api/v1/orgs/${org.id}`, { timeZone: 'Mars/Olympus_Mons', name: 'Renamed' });
    expect(zone.status).toBe(400);
    expect(zone.body.detail).toBe('"Mars/Olympus_Mons" is not a time zone. Use a name such as "Europe/Paris" or "UTC".');
    const half = await t.operator.patch(`/api/v1/orgs/${org.id}`, { learningPlatformUrl: 'https://campus.example.com' });
    expect(half.status).toBe(400);
    expect(half.body.detail).toBe('Give the learning platform both a name and an address, or neither.');
    const script = await t.operator.patch(`/api/v1/orgs/${org.id}`, {
      learningPlatformName: 'X',
      learningPlatformUrl: 'javascript:alert(1)',
    });
    expect(script.status).toBe(400);
    expect(script.body.errors).toEqual([{ field: '/learningPlatformUrl', message: 'must start with https://' }]);
    const after = await t.operator.get(`/api/v1/orgs/${org.id}`);
    expect(after.body).toMatchObject({ name: org.name, timeZone: 'UTC', learningPlatform: null });

    // An alias is stored under its canonical name; blank fields clear the platform.
    expect((await t.operator.patch(`/api/v1/orgs/${org.id}`, { timeZone: 'Europe/Kiev' })).body.timeZone).toMatch(/^Europe\/Ki[e|y]v$/);
    await t.operator.patch(`/api/v1/orgs/${org.id}`, { learningPlatformName: 'Campus', learningPlatformUrl: 'https://campus.example.com' });
    const cleared = await t.operator.patch(`/api/v1/orgs/${org.id}`, { learningPlatformName: null, learningPlatformUrl: null });
    expect(cleared.body.learningPlatform).toBeNull();
  });
});

describe('sessionCalendar', () => {
  it('writes RFC 5545: CRLF lines, escaped text, lines folded at 75 octets without splitting a character', () => {
    const file = sessionCalendar(
      {
        uid: 'abc@roster.test',
        title: `Atelier ${'é'.repeat(60)}`,
        startsAt: new Date('2031-03-04T09:05:00Z'),
        location: 'Room 4, Main; building\nsecond line',
        description: 'Northwind',
        url: 'https://roster.test/my/trainings',
      },
      new Date('2030-01-01T00:00:00Z'),
    );
    const lines = file.split('\r\n');
    expect(file.endsWith('\r\n')).toBe(true);
    expect(lines).toContain('DTSTART:20310304T090500Z');
    expect(lines).toContain('DTSTAMP:20300101T000000Z');
    expect(lines).toContain('LOCATION:Room 4\\, Main\\; building\\nsecond line');
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const unfolded = file.replace(/\r\n /g, '');
    expect(unfolded).toContain(`SUMMARY:Atelier ${'é'.repeat(60)}`);
  });
});
