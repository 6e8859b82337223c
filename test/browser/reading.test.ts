import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acceptByApi, createOrgByApi, createTeamByApi, inviteByApi } from './api.js';
import { CHROMIUM, keepFailure, launchBrowser, newPerson, type Person, signIn } from './browser.js';
import { latestInviteLink } from './outbox.js';
import { type RunningRoster, startRoster } from './roster.js';

const GRACE = 'grace.hopper@reading.test';
const BOB = 'bob.stone@reading.test';
const PASSWORD = 'read all about it 42';
const TERMS = 'https://legal.reading.test/terms';
const PRIVACY = 'https://legal.reading.test/privacy';

describe.skipIf(!existsSync(CHROMIUM)).sequential('reading what happened', () => {
  let roster: RunningRoster;
  let browser: Browser;
  let grace: Person;
  let phone: Person | undefined;
  let orgId = '';

  beforeAll(async () => {
    roster = await startRoster({ ROSTER_TERMS_URL: TERMS, ROSTER_PRIVACY_URL: PRIVACY });
    browser = await launchBrowser();
    orgId = (await createOrgByApi(roster, 'Reading Room', 'reading-room')).id;
    await acceptByApi(roster, await inviteByApi(roster, orgId, GRACE, 'admin'), 'Grace', 'Hopper', PASSWORD);
    await acceptByApi(roster, await inviteByApi(roster, orgId, BOB), 'Bob', 'Stone', PASSWORD);
    await createTeamByApi(roster, orgId, 'EMEA');
    grace = await newPerson(browser, roster.url);
    grace.page.setDefaultTimeout(45_000);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await keepFailure(context.task.name, { grace, phone });
  });

  afterAll(async () => {
    await browser?.close();
    await roster?.close();
  });

  it('shows the log as sentences with names, and its filter offers every action in words', async () => {
    const { page } = grace;
    await page.goto(`/orgs/${orgId}/members?status=active`);
    await signIn(page, GRACE, PASSWORD);
    await page.getByRole('checkbox', { name: `Select ${BOB}` }).check();
    await page.getByTestId('bulk-bar').getByRole('button', { name: 'Add to team' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add 1 person to a team' });
    await dialog.getByRole('combobox', { name: 'Team' }).click();
    await page.getByRole('option', { name: 'EMEA', exact: true }).click();
    await dialog.getByRole('button', { name: 'Add to team' }).click();
    await expect.poll(() => page.getByTestId('bulk-summary').textContent(), { timeout: 60_000 }).toBe('1 people added to the team.');

    await page.goto(`/orgs/${orgId}/logs`);
    const table = page.getByTestId('audit-table');
    await table.getByText('Grace Hopper added Bob Stone to "EMEA".').waitFor();
    await table.getByText('Bob Stone accepted their invitation.').waitFor();
    await table.getByText('The platform operator invited grace.hopper@reading.test as admin.').waitFor();
    // No action code reaches the screen.
    const shown = await table.innerText();
    for (const action of await table.locator('tr[data-action]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')))) {
      expect(shown).not.toContain(action);
    }

    await page.getByRole('combobox', { name: 'Action' }).click();
    for (const label of ['Invitation sent again', 'Removed from a team', 'Role changed', 'Request declined', 'Webhook secret rotated']) {
      await page.getByRole('option', { name: label, exact: true }).waitFor();
    }
    await page.getByRole('option', { name: 'Added to a team', exact: true }).click();
    await expect.poll(() => table.locator('tr[data-action]').count()).toBe(1);
    expect(grace.problems).toEqual([]);
  });

  it('never cuts a role or status badge short, at phone width too', async () => {
    phone = await newPerson(browser, roster.url, { width: 390, height: 844 });
    phone.page.setDefaultTimeout(45_000);
    for (const person of [grace, phone]) {
      const { page } = person;
      await page.goto(`/orgs/${orgId}/members?status=active`);
      if (person === phone) await signIn(page, GRACE, PASSWORD);
      await page.getByTestId('members-table').waitFor();
      const labels = page.locator('.mantine-Badge-label');
      await labels.first().waitFor();
      const cut = await labels.evaluateAll((all) =>
        all.filter((label) => label.scrollWidth > label.clientWidth + 1).map((label) => label.textContent),
      );
      expect(cut).toEqual([]);
      expect(await page.getByTestId('members-table').getByText('Learner', { exact: true }).count()).toBeGreaterThan(0);
    }
  });

  it('links the terms of use and the privacy notice where they are configured', async () => {
    await roster.operator('POST', `/api/v1/orgs/${orgId}/invitations`, { emails: ['new.reader@reading.test'], role: 'learner' });
    const reader = await newPerson(browser, roster.url, { width: 390, height: 844 });
    await reader.page.goto(await latestInviteLink(roster, 'new.reader@reading.test'));
    expect(await reader.page.getByRole('link', { name: 'terms of use' }).getAttribute('href')).toBe(TERMS);
    expect(await reader.page.getByRole('link', { name: 'privacy notice' }).getAttribute('href')).toBe(PRIVACY);
    await reader.context.close();
  });
});
