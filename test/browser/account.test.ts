import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acceptByApi, createOrgByApi, inviteByApi } from './api.js';
import { CHROMIUM, input, keepFailure, launchBrowser, newPerson, type Person, review, signIn } from './browser.js';
import { type RunningRoster, startRoster } from './roster.js';

const PERSON = 'mo.account@quay.test';
const PASSWORD = 'harbour lights at six';
const NEW_PASSWORD = 'ferry leaves at seven';

describe.skipIf(!existsSync(CHROMIUM)).sequential('a person’s own account: profile, password, sessions, dark mode', () => {
  let roster: RunningRoster;
  let browser: Browser;
  let desk: Person;
  let phone: Person;

  beforeAll(async () => {
    roster = await startRoster();
    browser = await launchBrowser();
    const org = await createOrgByApi(roster, 'Quay College', 'quay-college');
    await acceptByApi(roster, await inviteByApi(roster, org.id, PERSON), 'Mo', 'Account', PASSWORD);
    desk = await newPerson(browser, roster.url);
    phone = await newPerson(browser, roster.url, { width: 390, height: 844 });
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await keepFailure(context.task.name, { desk, phone });
  });

  afterAll(async () => {
    await browser?.close();
    await roster?.close();
  });

  it('changes the name and time zone, and shows where the person is signed in', async () => {
    await phone.page.goto('/login');
    await signIn(phone.page, PERSON, PASSWORD);
    await phone.page.getByRole('heading', { name: 'My learning' }).waitFor();

    const { page } = desk;
    await page.goto('/login');
    await signIn(page, PERSON, PASSWORD);
    await page.getByRole('heading', { name: 'My learning' }).waitFor();
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'My account' }).click();
    await page.getByRole('heading', { name: 'My account' }).waitFor();

    await input(page, 'Last name').fill(' ');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Enter your last name.').waitFor();
    await input(page, 'Last name').fill('Renamed');
    const zone = page.getByRole('combobox', { name: 'Time zone' });
    await zone.click();
    await zone.fill('Asia/Tok');
    await page.getByRole('option', { name: 'Asia/Tokyo' }).click();
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Your account is saved.').waitFor();
    await expect
      .poll(() => page.getByRole('button', { name: /Account menu/ }).getAttribute('aria-label'))
      .toBe('Account menu for Mo Renamed');

    const sessions = page.getByTestId('my-sessions');
    // The acceptance signed in too: three sessions in all.
    await expect.poll(() => sessions.locator('tbody tr').count()).toBe(3);
    expect(await sessions.locator('tr[data-current="true"]').textContent()).toContain('This browser');
  });

  it('changes the password with the current one, signing the phone out', async () => {
    const { page } = desk;
    await input(page, 'Current password').fill('not the password');
    await input(page, 'New password').fill(NEW_PASSWORD);
    await input(page, 'Repeat the new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('The current password is not right.').first().waitFor();

    await input(page, 'Current password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed. You were signed out everywhere else.').waitFor();
    await expect.poll(() => page.getByTestId('my-sessions').locator('tbody tr').count()).toBe(1);

    await phone.page.reload();
    await phone.page.getByRole('heading', { name: 'Sign in to Roster' }).waitFor();
    await signIn(phone.page, PERSON, NEW_PASSWORD);
    await phone.page.getByRole('heading', { name: 'My learning' }).waitFor();
    expect(desk.problems).toEqual([]);
  });

  it('follows the system’s dark mode, and the toggle overrides it', async () => {
    const context = await browser.newContext({ baseURL: roster.url, colorScheme: 'dark', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto('/login');
    expect(await page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark');
    await signIn(page, PERSON, NEW_PASSWORD);
    await page.getByRole('heading', { name: 'My learning' }).waitFor();
    await page.goto('/my/account');
    await page.getByRole('heading', { name: 'My account' }).waitFor();
    await review(page, 'account-dark.png');
    await page.getByRole('button', { name: 'Switch to light mode' }).click();
    expect(await page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('light');
    await page.reload();
    await page.getByRole('heading', { name: 'My account' }).waitFor();
    expect(await page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('light');
    const system = page.getByText('Like the system', { exact: true });
    await system.scrollIntoViewIfNeeded();
    await system.click();
    await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark');
    await context.close();
  });
});
