import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      .poll(() => dialog.getByTestId('seat-shortfall-sentence').textContent())
      .toBe('2 invitations and 4 already pending, 3 free seats: the first 3 to accept get in.');
    await screenshot(page, 'invite-seats.png');
    // The admin may ask the operator for the seats missing, from the dialog, in one click.
    await dialog.getByRole('button', { name: 'Ask for 3 more seats' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Asked the platform operator for 3 more seats.' }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(admin.problems).toEqual([]);
  });

  it("says in an import's preview who gets in, offers the seats missing, and asks before sending", async () => {
    const { page } = admin;
    const folder = mkdtempSync(join(tmpdir(), 'roster-seats-'));
    try {
      const file = join(folder, 'autumn.csv');
      writeFileSync(
        file,
        ['email,first_name,last_name', 'gil@seats.test,Gil,G', 'hal@seats.test,Hal,H', 'ivy@seats.test,Ivy,I', ''].join('\n'),
      );
      await page.goto(`/orgs/${orgId}/imports`);
      await page.locator('input[type="file"]').setInputFiles(file);
      await page.getByRole('button', { name: 'Upload and preview' }).click();
      await page.getByRole('heading', { name: 'Preview' }).waitFor({ timeout: 60_000 });
      const shortfall = page.getByTestId('seat-shortfall');
      await expect
        .poll(() => shortfall.getByTestId('seat-shortfall-sentence').textContent())
        .toBe('3 invitations and 4 already pending, 3 free seats: the first 3 to accept get in.');
      await shortfall.getByRole('button', { name: 'Ask for 4 more seats' }).click();
      await shortfall.getByRole('status').filter({ hasText: 'Asked the platform operator for 4 more seats.' }).waitFor();
      // Emails go out as soon as it runs: asked once, with the number; cancelled here, nothing is sent.
      await page.getByRole('button', { name: 'Import 3 people' }).click();
      const ask = page.getByRole('dialog', { name: 'Send 3 invitations?' });
      await ask.waitFor();
      await ask.getByRole('button', { name: 'Keep as is' }).click();
      await expect.poll(() => ask.count()).toBe(0);
      const pending = await roster.operator<{ items: unknown[] }>('GET', `/api/v1/orgs/${orgId}/members?status=pending`);
      expect(pending.items).toHaveLength(4);
      expect(admin.problems).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
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
    expect(
      outbox.items
        .filter((item) => item.to === OPERATOR)
        .map((item) => item.subject)
        .sort(),
    ).toEqual(['Few Chairs asks for 3 more seats', 'Few Chairs asks for 4 more seats', 'Few Chairs asks for 5 more seats']);
    const audit = await roster.operator<{ items: { actor: string; data: Record<string, unknown> }[] }>(
      'GET',
      `/api/v1/orgs/${orgId}/audit-log?action=org.seats_requested`,
    );
    expect(audit.items.map((entry) => [entry.actor, entry.data.seats])).toEqual([
      [ADMIN, 5],
      [ADMIN, 4],
      [ADMIN, 3],
    ]);
    await screenshot(page, 'licenses-seats.png');
    expect(admin.problems).toEqual([]);
  });

  const WIDTHS = [
    [1366, 900],
    [390, 844],
  ] as const;
  for (const [width, height] of WIDTHS) {
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

  for (const [width, height] of WIDTHS) {
    it(`tells a visitor of the sign-up link and of the join page that no seat is free, before the form, at ${width} px`, async () => {
      const link = await roster.operator<{ url: string }>('POST', `/api/v1/orgs/${orgId}/invite-links`, { domains: ['seats.test'] });
      await roster.operator('PATCH', `/api/v1/orgs/${orgId}/join-page`, { enabled: true, slug: 'join-few-chairs' });
      await roster.operator('PATCH', `/api/v1/orgs/${orgId}`, { seats: 1 });
      const visitor = await newPerson(browser, roster.url, { width, height });
      try {
        for (const path of [new URL(link.url).pathname, '/join/join-few-chairs']) {
          await visitor.page.goto(path);
          await visitor.page.getByTestId('join-full').waitFor({ timeout: 60_000 });
          expect(await visitor.page.getByTestId('join-full').textContent()).toContain(
            'Few Chairs cannot take new members at the moment. Ask an administrator of Few Chairs to make room, then try again.',
          );
          // No address to type in, only to be turned away after sending it.
          expect(await visitor.page.getByLabel(/^Email address/).count()).toBe(0);
        }
        // A seat comes free: the same page opens its form.
        await roster.operator('PATCH', `/api/v1/orgs/${orgId}`, { seats: 4 });
        await visitor.page.reload();
        await visitor.page.getByLabel(/^Email address/).waitFor({ timeout: 60_000 });
        expect(visitor.problems).toEqual([]);
      } finally {
        await visitor.page.context().close();
      }
    });
  }
});
