import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acceptByApi, createOrgByApi, inviteByApi } from './api.js';
import { CHROMIUM, input, keepFailure, launchBrowser, newPerson, type Person, signIn } from './browser.js';
import { latestLink } from './outbox.js';
import { type RunningRoster, startRoster } from './roster.js';

const ADMIN = 'ana.admin@harbor.test';
const PAT = 'pat.setup@harbor.test';
const PASSWORD = 'tide pools at dawn 42';
const NEW_PASSWORD = 'lighthouse keeper 1901';

describe.skipIf(!existsSync(CHROMIUM)).sequential('accounts, passwords and invitations to existing accounts', () => {
  let roster: RunningRoster;
  let browser: Browser;
  let admin: Person;
  let pat: Person;
  let orgId = '';

  beforeAll(async () => {
    roster = await startRoster();
    browser = await launchBrowser();
    const org = await createOrgByApi(roster, 'Harbor School', 'harbor-school');
    orgId = org.id;
    await acceptByApi(roster, await inviteByApi(roster, orgId, ADMIN, 'admin'), 'Ana', 'Admin', PASSWORD);
    admin = await newPerson(browser, roster.url);
    pat = await newPerson(browser, roster.url, { width: 390, height: 844 });
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await keepFailure(context.task.name, { admin, pat });
  });

  afterAll(async () => {
    await browser?.close();
    await roster?.close();
  });

  it('sends a deep link through the sign-in and back', async () => {
    const { page } = admin;
    await page.goto(`/orgs/${orgId}/logs?action=invitation`);
    await page.getByRole('heading', { name: 'Sign in to Roster' }).waitFor();
    await signIn(page, ADMIN, PASSWORD);
    await page.getByRole('heading', { name: 'Logs' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Action' }).inputValue()).toBe('Invitations: every action');
    await page.getByTestId('audit-table').locator('tr[data-action="invitation.accepted"]').waitFor();
  });

  it('sets up a user with a link, who then chooses a password', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Set up a user' }).click();
    await input(page, 'First name').fill('Pat');
    await input(page, 'Last name').fill('Setup');
    await input(page, 'Email address').fill(PAT);
    await page.getByRole('button', { name: 'Set up user' }).click();
    await page.getByText(`A link to choose a password was emailed to ${PAT}.`).waitFor();

    await pat.page.goto(await latestLink(roster, PAT, 'set-password'));
    await pat.page.getByRole('heading', { name: 'Welcome, Pat' }).waitFor();
    await input(pat.page, 'New password').fill(PASSWORD);
    await input(pat.page, 'Repeat the password').fill('something else entirely');
    await pat.page.getByRole('button', { name: 'Save password and sign in' }).click();
    await pat.page.getByText('The two passwords are not the same.').waitFor();
    await input(pat.page, 'Repeat the password').fill(PASSWORD);
    await pat.page.getByRole('button', { name: 'Save password and sign in' }).click();
    await pat.page.getByText('Your password is saved and you are signed in.').waitFor();
    await pat.page.getByText('Harbor School').first().waitFor();
  });

  it('resets a forgotten password; the link works once', async () => {
    const { page } = pat;
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await input(page, 'Email address').fill(PAT);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();

    const link = await latestLink(roster, PAT, 'reset-password');
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await input(page, 'New password').fill(NEW_PASSWORD);
    await input(page, 'Repeat the password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Save password and sign in' }).click();
    // A learner is sent on to where they learn.
    await page.getByRole('heading', { name: 'My learning' }).waitFor();

    await page.goto(link);
    await page.getByRole('heading', { name: 'This link can no longer be used' }).waitFor();
  });

  it('asks an existing account to sign in, then joins it to a second organization', async () => {
    const bay = await createOrgByApi(roster, 'Bay College', 'bay-college');
    const link = await inviteByApi(roster, bay.id, PAT);
    const { page } = pat;
    await page.goto('/orgs');
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Roster' }).waitFor();

    await page.goto(link);
    await page.getByText('already has a Roster account').waitFor();
    await input(page, 'Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in to continue' }).click();
    await page.getByText(`You are signed in as ${PAT}`).waitFor();
    await page.getByRole('button', { name: 'Join Bay College' }).click();
    await page.getByText('Accept the terms of use and privacy notice to continue.').waitFor();
    await page.getByRole('checkbox', { name: /I accept the terms of use/ }).check();
    await page.getByRole('button', { name: 'Join Bay College' }).click();
    await page.getByTestId('notice').filter({ hasText: 'Welcome to Bay College' }).waitFor();
    await page.getByText('Harbor School').first().waitFor();
    expect(pat.problems).toEqual([]);
  });

  it('tells someone signed in as another account, and offers to switch', async () => {
    const link = await inviteByApi(roster, orgId, 'dee.new@harbor.test');
    const { page } = admin;
    await page.goto(link);
    await page.getByText('You are signed in with another account').waitFor();
    await page.getByRole('button', { name: 'Sign out and continue as dee.new@harbor.test' }).click();
    await page.getByRole('button', { name: 'Create my account and join' }).waitFor();
    await page.goto('/login');
    await signIn(page, ADMIN, PASSWORD);
    await page.getByRole('heading', { name: 'Members' }).waitFor();
  });

  it('invites a cancelled person again', async () => {
    const { page } = admin;
    await page.goto(`/orgs/${orgId}/members?status=pending`);
    await page.getByRole('button', { name: 'Actions for dee.new@harbor.test' }).click();
    await page.getByRole('menuitem', { name: 'Cancel invitation…' }).click();
    await page.getByRole('button', { name: 'Cancel invitation' }).click();
    await page.getByRole('tab', { name: /Cancelled/ }).click();
    await page.getByRole('button', { name: 'Actions for dee.new@harbor.test' }).click();
    await page.getByRole('menuitem', { name: 'Invite again…' }).click();
    await page.getByRole('dialog', { name: 'Invite again' }).getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('dee.new@harbor.test was invited again.').waitFor();
    await page.getByRole('tab', { name: /Pending/ }).click();
    await page.getByTestId('members-table').locator('tr[data-email="dee.new@harbor.test"]').waitFor();
  });

  it('pages through a long list with a cursor, and searches it', async () => {
    const emails = Array.from({ length: 55 }, (_, i) => `student${String(i).padStart(2, '0')}@harbor.test`);
    await roster.operator('POST', `/api/v1/orgs/${orgId}/invitations`, { emails, role: 'learner' });
    const { page } = admin;
    await page.goto(`/orgs/${orgId}/members?status=pending&sort=email`);
    const table = page.getByTestId('members-table');
    await page.getByText('Showing 1–50 of 56').waitFor();
    expect(await table.locator('tbody tr').first().getAttribute('data-email')).toBe('dee.new@harbor.test');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Showing 51–56 of 56').waitFor();
    expect(await table.locator('tbody tr').last().getAttribute('data-email')).toBe('student54@harbor.test');
    await page.getByRole('button', { name: 'Previous' }).click();
    await page.getByText('Showing 1–50 of 56').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Showing 51–56 of 56').waitFor();
    await page.goBack();
    await page.getByText('Showing 1–50 of 56').waitFor();

    await page.getByRole('searchbox', { name: 'Search' }).fill('student07');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('q')).toBe('student07');
  });

  it('explains that a trial plan cannot set up users', async () => {
    await roster.roster.app.inject({
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}`,
      headers: { authorization: `Bearer ${roster.operatorToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ kind: 'trial' }),
    });
    const { page } = admin;
    await page.goto(`/orgs/${orgId}/users/new`);
    await page.getByText('Not available on a trial plan').waitFor();
    expect(await page.getByRole('button', { name: 'Set up user' }).isDisabled()).toBe(true);
    expect(admin.problems).toEqual([]);
  });
});
