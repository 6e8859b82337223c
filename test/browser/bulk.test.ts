import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acceptByApi, createOrgByApi, inviteByApi } from './api.js';
import { CHROMIUM, keepFailure, launchBrowser, newPerson, type Person, signIn } from './browser.js';
import { type RunningRoster, startRoster } from './roster.js';

const ADMIN = 'gina.admin@bulk.test';
const LEARNER = 'bob.stone@bulk.test';
const PASSWORD = 'many hands light work 9';

describe.skipIf(!existsSync(CHROMIUM)).sequential('bulk actions in the members table', () => {
  let roster: RunningRoster;
  let browser: Browser;
  let admin: Person;
  let orgId = '';

  beforeAll(async () => {
    roster = await startRoster();
    browser = await launchBrowser();
    orgId = (await createOrgByApi(roster, 'Bulk Learning', 'bulk-learning')).id;
    await acceptByApi(roster, await inviteByApi(roster, orgId, ADMIN, 'admin'), 'Gina', 'Admin', PASSWORD);
    await acceptByApi(roster, await inviteByApi(roster, orgId, LEARNER), 'Bob', 'Stone', PASSWORD);
    const emails = Array.from({ length: 60 }, (_, n) => `p${String(n).padStart(2, '0')}@bulk.test`);
    await roster.operator('POST', `/api/v1/orgs/${orgId}/invitations`, { emails, role: 'learner' });
    admin = await newPerson(browser, roster.url);
    // The machine these run on is shared: a busy minute is not a fault of the page.
    admin.page.setDefaultTimeout(45_000);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await keepFailure(context.task.name, { admin });
  });

  afterAll(async () => {
    await browser?.close();
    await roster?.close();
  });

  it('selects a page, then all 60 pending across pages, and resends them with progress', async () => {
    const { page } = admin;
    await page.goto(`/orgs/${orgId}/members?status=pending`);
    await signIn(page, ADMIN, PASSWORD);
    await page.getByTestId('members-table').waitFor();
    await page.getByRole('checkbox', { name: 'Select every row of this page' }).check();
    const bar = page.getByTestId('bulk-bar');
    await bar.getByText('50 selected').waitFor();
    await bar.getByRole('button', { name: 'Select all 60 pending' }).click();
    await bar.getByText('All 60 selected').waitFor();
    await bar.getByRole('button', { name: 'Resend' }).click();
    const dialog = page.getByRole('dialog', { name: 'Resend the invitations of all 60 pending?' });
    await dialog.getByLabel('Personal message (optional)').fill('Please join us this week.');
    await dialog.getByRole('button', { name: 'Resend' }).click();
    await dialog.waitFor({ state: 'detached' });
    const progress = page.getByTestId('bulk-progress');
    await expect.poll(() => progress.getByTestId('bulk-summary').textContent(), { timeout: 60_000 }).toBe('60 invitations sent again.');
    expect(admin.problems).toEqual([]);
  });

  it('cancels two chosen invitations; the tab counts follow', async () => {
    const { page } = admin;
    await page.getByTestId('bulk-progress').getByRole('button', { name: 'Close', exact: true }).click();
    const rows = page.getByTestId('members-table').locator('tbody tr');
    const first = (await rows.nth(0).getAttribute('data-email')) ?? '';
    const second = (await rows.nth(1).getAttribute('data-email')) ?? '';
    await page.getByRole('checkbox', { name: `Select ${first}` }).check();
    await page.getByRole('checkbox', { name: `Select ${second}` }).check();
    const bar = page.getByTestId('bulk-bar');
    await bar.getByText('2 selected').waitFor();
    await bar.getByRole('button', { name: 'Cancel invitations' }).click();
    await page
      .getByRole('dialog', { name: 'Cancel the invitations of 2 people?' })
      .getByRole('button', { name: 'Cancel invitations' })
      .click();
    await expect.poll(() => page.getByTestId('bulk-summary').textContent(), { timeout: 60_000 }).toBe('2 invitations cancelled.');
    await expect.poll(() => page.getByRole('tab', { name: /Cancelled/ }).textContent()).toContain('2');
    expect(await page.locator(`tr[data-email="${first}"]`).count()).toBe(0);
  });

  it('removes people but refuses, with the reason, what the same click on one row would refuse', async () => {
    const { page } = admin;
    await page.goto(`/orgs/${orgId}/members?status=active`);
    await page.getByRole('checkbox', { name: `Select ${ADMIN}` }).check();
    await page.getByRole('checkbox', { name: `Select ${LEARNER}` }).check();
    await page.getByTestId('bulk-bar').getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog', { name: 'Remove 2 people from Bulk Learning?' }).getByRole('button', { name: 'Remove' }).click();
    const progress = page.getByTestId('bulk-progress');
    await expect.poll(() => progress.getByTestId('bulk-summary').textContent(), { timeout: 60_000 }).toBe('1 people removed · 1 refused.');
    await progress.getByText('You cannot remove yourself; ask another administrator.').waitFor();
    await expect.poll(() => page.locator(`tr[data-email="${LEARNER}"]`).count()).toBe(0);
    expect(admin.problems).toEqual([]);
  });
});
