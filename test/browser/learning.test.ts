import { existsSync, readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acceptByApi, createOrgByApi, createTeamByApi, inviteByApi } from './api.js';
import { CHROMIUM, input, keepFailure, launchBrowser, newPerson, type Person, review, signIn } from './browser.js';
import { latestInviteLink } from './outbox.js';
import { type RunningRoster, startRoster } from './roster.js';

const ADMIN = 'ines.admin@lyon.test';
const LEARNER = 'leo.learner@lyon.test';
const PASSWORD = 'croissants before nine';
const STARTS_AT = '2031-03-04T09:05:00.000Z'; // 10:05 in Paris

describe.skipIf(!existsSync(CHROMIUM)).sequential('a learner’s way from the invitation to their learning (R-35)', () => {
  let roster: RunningRoster;
  let browser: Browser;
  let admin: Person;
  let learner: Person;
  let orgId = '';
  let teamId = '';

  beforeAll(async () => {
    roster = await startRoster();
    browser = await launchBrowser();
    const org = await createOrgByApi(roster, 'Lyon Institute', 'lyon-institute');
    orgId = org.id;
    await acceptByApi(roster, await inviteByApi(roster, orgId, ADMIN, 'admin'), 'Ines', 'Admin', PASSWORD);
    teamId = (await createTeamByApi(roster, orgId, 'Newcomers')).id;
    await roster.operator('POST', `/api/v1/orgs/${orgId}/teams/${teamId}/trainings`, {
      kind: 'session',
      title: 'Welcome morning',
      startsAt: STARTS_AT,
      location: 'Hall B',
    });
    await roster.operator('POST', `/api/v1/orgs/${orgId}/teams/${teamId}/trainings`, { kind: 'course', title: 'Fire safety' });
    admin = await newPerson(browser, roster.url);
    learner = await newPerson(browser, roster.url, { width: 390, height: 844 });
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await keepFailure(context.task.name, { admin, learner });
  });

  afterAll(async () => {
    await browser?.close();
    await roster?.close();
  });

  it('lets an admin set the time zone and the learning platform, refusing a bare word as its address', async () => {
    const { page } = admin;
    await page.goto(`/orgs/${orgId}/settings`);
    await signIn(page, ADMIN, PASSWORD);
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    const zone = page.getByRole('combobox', { name: 'Time zone' });
    await zone.click();
    await zone.fill('Europe/Par');
    await page.getByRole('option', { name: 'Europe/Paris' }).click();
    await input(page, 'Learning platform').fill('Campus');
    await input(page, 'Its address').fill('campus');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Enter a full web address starting with https://.').waitFor();
    await input(page, 'Its address').fill('https://campus.lyon.test/start');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    const org = await roster.operator<{ timeZone: string; learningPlatform: unknown }>('GET', `/api/v1/orgs/${orgId}`);
    expect(org).toMatchObject({ timeZone: 'Europe/Paris', learningPlatform: { name: 'Campus', url: 'https://campus.lyon.test/start' } });
  });

  it('sends a new learner on to their learning, with the platform and the session in the organization’s time', async () => {
    await roster.operator('POST', `/api/v1/orgs/${orgId}/invitations`, { emails: [LEARNER], teamIds: [teamId] });
    const { page } = learner;
    await page.goto(await latestInviteLink(roster, LEARNER));
    await page.getByRole('heading', { name: 'Join Lyon Institute' }).waitFor();
    await input(page, 'First name').fill('Leo');
    await input(page, 'Last name').fill('Learner');
    await input(page, 'Password').fill(PASSWORD);
    await page.getByRole('checkbox', { name: /I accept the terms of use/ }).check();
    await page.getByRole('button', { name: 'Create my account and join' }).click();

    await page.getByRole('heading', { name: 'My learning' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/my/trainings');
    await page.getByTestId('notice').filter({ hasText: 'Welcome to Lyon Institute' }).waitFor();
    const go = page.getByRole('link', { name: 'Go to Campus' });
    expect(await go.getAttribute('href')).toBe('https://campus.lyon.test/start');
    const items = page.getByTestId('learning-item');
    await expect.poll(() => items.count()).toBe(2);
    const session = await items.first().textContent();
    expect(session).toContain('Welcome morning');
    expect(session).toContain('10:05');
    expect(session).toContain('(Europe/Paris)');
    expect(session).toContain('Hall B');
    expect(await items.nth(1).textContent()).toContain('Fire safety');
    await review(page, 'my-learning-phone.png');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Add to calendar' }).click()]);
    const file = readFileSync((await download.path()) ?? '', 'utf8');
    expect(file).toContain('BEGIN:VEVENT');
    expect(file).toContain('DTSTART:20310304T090500Z');
    expect(file).toContain('SUMMARY:Welcome morning');
    expect(learner.problems).toEqual([]);
  });

  it('brings a learner who signs in again to their learning, and the email link opens it', async () => {
    const { page } = learner;
    await page.context().clearCookies();
    await page.goto('/login');
    await signIn(page, LEARNER, PASSWORD);
    await page.getByRole('heading', { name: 'My learning' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/my/trainings');
    // On a phone the navigation sits behind the menu button.
    await page.getByRole('button', { name: 'Toggle navigation' }).click();
    await page.getByRole('link', { name: 'My organizations' }).click();
    await page.getByRole('heading', { name: 'My organizations' }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'My learning' }).click();
    await page.getByRole('heading', { name: 'My learning' }).waitFor();
  });
});
