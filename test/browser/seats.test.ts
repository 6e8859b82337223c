import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acceptByApi, inviteByApi } from './api.js';
import { CHROMIUM, input, keepFailure, launchBrowser, newPerson, type Person, screenshot, signIn } from './browser.js';
import { latestInviteLink } from './outbox.js';
import { type RunningRoster, startRoster } from './roster.js';

const ADMIN = 'sam.admin@seats.test';
const OPERATOR = 'plans@operator.test';
const PASSWORD = 'count every chair 42';

describe.skipIf(!existsSync(CHROMIUM)).sequential('seats seen before they run out', () => {
  let roster: RunningRoster;
  let browser: Browser;
  let admin: Person;
  let orgId = '';

  beforeAll(async () => {
    roster = await startRoster({ ROSTER_OPERATOR_EMAIL: OPERATOR });
    browser = await launchBrowser();
    const org = await roster.operator<{ id: string }>('POST', '/api/v1/orgs', {
      name: 'Few Chairs',
      slug: 'few-chairs',
      kind: 'paid',
      seats: 4,
    });
    orgId = org.id;
    await acceptByApi(roster, await inviteByApi(roster, orgId, ADMIN, 'admin'), 'Sam', 'Admin', PASSWORD);
    // Three free seats, four invitations already waiting for them.
    for (const name of ['ann', 'ben', 'cat', 'dan']) await inviteByApi(roster, orgId, `${name}@seats.test`);
    admin = await newPerson(browser, roster.url);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await keepFailure(context.task.name, { admin });
  });

  afterAll(async () => {
    await browser?.close();
    await roster?.close();
  });

  it('says in the invite dialog who gets in before anything is sent', async () => {
    const { page } = admin;
    await page.goto(`/orgs/${orgId}/members`);
    await signIn(page, ADMIN, PASSWORD);
    await page.getByRole('heading', { name: 'Members' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Invite people' }).click({ timeout: 60_000 });
    const dialog = page.getByRole('dialog', { name: /Invite people/ });
    await expect.poll(() => dialog.getByTestId('seat-shortfall').count()).toBe(0);
    await input(dialog, 'Email addresses').fill('eve@seats.test, fay@seats.test');
    await expect
      .poll(() => dialog.getByTestId('seat-shortfall').textContent())
      .toBe('2 invitations and 4 already pending, 3 free seats: the first 3 to accept get in.');
    await screenshot(page, 'invite-seats.png');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(admin.problems).toEqual([]);
  });

  it('shows the licenses screen pending invitations against free seats, and asks the operator for more', async () => {
    const { page } = admin;
    await page.goto(`/orgs/${orgId}/licenses`);
    await page.getByRole('heading', { name: 'Licenses', exact: true }).waitFor({ timeout: 60_000 });
    await expect
      .poll(() => page.getByTestId('seats-short').textContent())
      .toContain('4 pending invitations, 3 free seats: the first 3 to accept get in');
    const form = page.getByRole('region', { name: 'Ask for more seats' });
    // A seat count that is not a whole number is refused in the browser.
    await input(form, 'More seats').fill('');
    await form.getByRole('button', { name: 'Ask for more seats' }).click();
    await form.getByText('Enter how many more seats, a whole number of at least 1.').waitFor();
    await input(form, 'More seats').fill('5');
    await input(form, 'Message (optional)').fill('Autumn cohort');
    await form.getByRole('button', { name: 'Ask for more seats' }).click();
    await page.getByText('Asked the platform operator for 5 more seats.').waitFor();

    const outbox = await roster.operator<{ items: { to: string; subject: string }[] }>('GET', '/api/v1/outbox?limit=50');
    expect(outbox.items.filter((item) => item.to === OPERATOR).map((item) => item.subject)).toEqual(['Few Chairs asks for 5 more seats']);
    const audit = await roster.operator<{ items: { actor: string; data: Record<string, unknown> }[] }>(
      'GET',
      `/api/v1/orgs/${orgId}/audit-log?action=org.seats_requested`,
    );
    expect(audit.items.map((entry) => [entry.actor, entry.data.seats])).toEqual([[ADMIN, 5]]);
    await screenshot(page, 'licenses-seats.png');
    expect(admin.problems).toEqual([]);
  });

  for (const [width, height] of [
    [1366, 900],
    [390, 844],
  ] as const) {
    it(`tells someone invited that no seat is free before the form, at ${width} px`, async () => {
      // Every seat taken: the plan shrinks to the one seat in use.
      await roster.operator('PATCH', `/api/v1/orgs/${orgId}`, { seats: 1 });
      const learner = await newPerson(browser, roster.url, { width, height });
      try {
        await learner.page.goto(new URL(await latestInviteLink(roster, 'ann@seats.test')).pathname);
        await learner.page.getByTestId('no-seat').waitFor({ timeout: 60_000 });
        expect(await learner.page.getByTestId('no-seat').textContent()).toContain(
          'Every seat of Few Chairs is taken, so you cannot join yet.',
        );
        expect(await learner.page.getByLabel(/^Password/).count()).toBe(0);
        // Seats added: the same link opens the form.
        await roster.operator('PATCH', `/api/v1/orgs/${orgId}`, { seats: 4 });
        await learner.page.getByRole('button', { name: 'Try again' }).click();
        await learner.page.getByLabel(/^First name/).waitFor({ timeout: 60_000 });
        expect(learner.problems).toEqual([]);
      } finally {
        await learner.page.context().close();
      }
    });
  }
});
