import { existsSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/sql.js';
import { acceptByApi, createOrgByApi, inviteByApi } from './api.js';
import { CHROMIUM, keepFailure, launchBrowser, newPerson, type Person, screenshot, signIn } from './browser.js';
import { type RunningRoster, startRoster } from './roster.js';

const ADMIN = 'ada.admin@delta.test';
const PASSWORD = 'deltas and rivers 42';

/** Waits until Roster has handed the newest email to an address to the mail server (or given up on it). */
async function delivered(roster: RunningRoster, to: string): Promise<void> {
  await expect
    .poll(async () => {
      const rows = await queryRows<{ status: string }>(
        roster.database.db,
        sql`select status from emails where to_address = ${to} order by created_at desc limit 1`,
      );
      return rows[0]?.status;
    })
    .not.toBe('queued');
}

/** The figures of the dashboard's tiles and captions, as a person reads them. */
async function figures(page: Page) {
  const text = async (testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s+/g, ' ').trim();
  return {
    seats: await text('tile-seats'),
    pending: await text('tile-pending'),
    median: await text('tile-median'),
    failed: await text('tile-failed'),
    funnel: await text('funnel-figures'),
    accept: await text('accept-figures'),
    waiting: await text('pending-figures'),
    emails: await text('failed-figures'),
  };
}

/** The marks a chart has drawn (bars with a height, or its area), once its animation is over. */
async function marks(page: Page, testId: string, expected: number): Promise<void> {
  const chart = page.getByTestId(testId);
  await chart.locator('svg.recharts-surface').first().waitFor();
  await expect.poll(() => chart.locator('.recharts-bar-rectangle path, .recharts-area-area').count()).toBe(expected);
}

describe.skipIf(!existsSync(CHROMIUM)).sequential("the organization's dashboard", () => {
  let roster: RunningRoster;
  let browser: Browser;
  let desktop: Person;
  let phone: Person;
  let orgId = '';

  beforeAll(async () => {
    roster = await startRoster();
    browser = await launchBrowser();
    const org = await createOrgByApi(roster, 'Delta Institute', 'delta-institute');
    orgId = org.id;
    await acceptByApi(roster, await inviteByApi(roster, orgId, ADMIN, 'admin'), 'Ada', 'Admin', PASSWORD);
    desktop = await newPerson(browser, roster.url);
    phone = await newPerson(browser, roster.url, { width: 390, height: 844 });
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await keepFailure(context.task.name, { desktop, phone });
  });

  afterAll(async () => {
    await browser?.close();
    await roster?.close();
  });

  it('is the home page of a new organization, and says what each empty chart is waiting for', async () => {
    const { page } = desktop;
    await page.goto(`/orgs/${orgId}`);
    await signIn(page, ADMIN, PASSWORD);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/orgs/${orgId}`);
    await page.getByText('No invitation is waiting for an answer.').waitFor();
    await page.getByText('Every email Roster sent for this organization was accepted by the receiving server.').waitFor();
    expect((await page.getByTestId('tile-seats').textContent())?.replace(/\s+/g, ' ')).toContain('1 of 10');
    expect(desktop.problems).toEqual([]);
  });

  it('plots a known history with its figures, on a desktop and on a phone', async () => {
    const db = roster.database.db;
    // Seven invitations: three accepted (at once, after 5 hours, after 50 hours), one cancelled,
    // three waiting (one sent 10 days ago, one whose email bounced).
    for (const [email, first] of [
      ['ann@delta.test', 'Ann'],
      ['bob@delta.test', 'Bob'],
    ] as const) {
      await acceptByApi(roster, await inviteByApi(roster, orgId, email), first, 'Delta', PASSWORD);
    }
    for (const email of ['cat@delta.test', 'dan@delta.test', 'eve@delta.test', 'fay@delta.test']) await inviteByApi(roster, orgId, email);
    const [dan] = await queryRows<{ id: string }>(db, sql`select id from invitations where email = 'dan@delta.test'`);
    const cancelled = await roster.roster.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/invitations/${dan?.id}/cancel`,
      headers: { authorization: `Bearer ${roster.operatorToken}` },
    });
    expect(cancelled.statusCode).toBe(204);
    await db.execute(sql`update invitations set created_at = accepted_at - interval '5 hours' where email = 'ann@delta.test'`);
    await db.execute(sql`update invitations set created_at = accepted_at - interval '50 hours' where email = 'bob@delta.test'`);
    await db.execute(sql`update invitations set created_at = now() - interval '10 days' where email = 'eve@delta.test'`);
    await delivered(roster, 'fay@delta.test');
    await db.execute(sql`update emails set status = 'failed', last_error = '550 no such user' where to_address = 'fay@delta.test'`);

    // One bar per week and kind with a figure, as the API counts them.
    const stats = await roster.operator<{ funnel: Record<string, number | string>[] }>('GET', `/api/v1/orgs/${orgId}/stats`);
    const funnelBars = stats.funnel.reduce(
      (bars, week) => bars + ['sent', 'accepted', 'expired', 'cancelled'].filter((kind) => Number(week[kind]) > 0).length,
      0,
    );
    const expected = {
      seats: 'Seats used3 of 10',
      pending: 'Invitations waiting3',
      median: 'Median time to accept5 h',
      failed: 'Emails failed (12 weeks)1',
      funnel: 'Last 12 weeks: 7 sent, 3 accepted, 0 expired, 1 cancelled.',
      accept: 'Half of the 3 people who accepted in the last 90 days did so within 5 h.',
      waiting: '3 invitations are waiting for an answer. Old ones can be resent or cancelled from Members.',
      emails: "1 email could not be delivered, 1 in the last 12 weeks. A member's page shows why and lets you correct the address.",
    };
    for (const person of [desktop, phone]) {
      const { page } = person;
      if (person === phone) {
        await page.goto(`/orgs/${orgId}`);
        await signIn(page, ADMIN, PASSWORD);
      } else await page.reload();
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await page.getByTestId('funnel-figures').waitFor();
      expect(await figures(page)).toEqual(expected);
      // Every chart is drawn with marks in it: the seats area, and bars where there are figures.
      await marks(page, 'chart-seats', 1);
      await marks(page, 'chart-funnel', funnelBars);
      await marks(page, 'chart-accept', 3);
      await marks(page, 'chart-pending', 2);
      await marks(page, 'chart-failed', 1);
      // Nothing sticks out sideways on a phone.
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      expect(person.problems).toEqual([]);
    }
    await screenshot(desktop.page, 'dashboard.png');
  });
});
