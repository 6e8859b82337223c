import { existsSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, input, keepFailure, launchBrowser, newPerson, type Person, review, screenshot } from './browser.js';
import { latestInviteLink } from './outbox.js';
import { type RunningRoster, startRoster } from './roster.js';

const XSS_NAME = '<img src=x onerror=alert(1)>';
const PASSWORD = 'correct horse battery staple';
const ADMIN = 'dana.admin@northwind.test';
const LEARNER = 'lee.learner@northwind.test';
const OTHER = 'sam.other@northwind.test';
const MORE = ['grace.hopper@northwind.test', 'alan.turing@northwind.test', 'ada.lovelace@northwind.test'];

/** A form field by its label; required fields' labels end with an asterisk. */
async function rowFor(page: Page, email: string) {
  return page.getByTestId('members-table').locator(`tr[data-email="${email}"]`);
}

describe.skipIf(!existsSync(CHROMIUM)).sequential('onboarding an organization in the browser', () => {
  let roster: RunningRoster;
  let browser: Browser;
  let operator: Person;
  let admin: Person;
  let learner: Person;
  let orgUrl = '';
  let firstLearnerLink = '';

  beforeAll(async () => {
    roster = await startRoster();
    browser = await launchBrowser();
    operator = await newPerson(browser, roster.url);
    admin = await newPerson(browser, roster.url);
    learner = await newPerson(browser, roster.url, { width: 390, height: 844 });
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await keepFailure(context.task.name, { operator, admin, learner });
  });

  afterAll(async () => {
    await browser?.close();
    await roster?.close();
  });

  it('lets the operator sign in, create an organization and invite its admin', async () => {
    const { page } = operator;
    await page.goto('/operator');
    await input(page, 'Operator token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in as operator' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('bearer token is not valid');

    await input(page, 'Operator token').fill(roster.operatorToken);
    await page.getByRole('button', { name: 'Sign in as operator' }).click();
    await page.getByRole('heading', { name: 'Organizations' }).waitFor();

    await page.getByRole('link', { name: 'Create organization' }).click();
    await input(page, 'Name').fill('Northwind Academy');
    expect(await input(page, 'Slug').inputValue()).toBe('northwind-academy');
    // An empty seat count is refused, not saved as a plan with no seats.
    await input(page, 'Seats').fill('');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByText('Enter the number of seats, a whole number (0 or more).').waitFor();
    expect(new URL(page.url()).pathname).toBe('/operator/orgs/new');
    await input(page, 'Seats').fill('20');
    await page.getByRole('button', { name: 'Create organization' }).click();

    const dialog = page.getByRole('dialog', { name: /Invite people to Northwind Academy/ });
    await dialog.waitFor();
    orgUrl = new URL(page.url()).pathname.replace(/\/members$/, '');
    expect(await dialog.getByRole('combobox', { name: 'Role', exact: true }).inputValue()).toBe('Admin');
    await input(dialog, 'Email addresses').fill(ADMIN);
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => dialog.locator('tr[data-outcome="invited"]').count()).toBe(1);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await (await rowFor(page, ADMIN)).waitFor();
  });

  it('refuses an empty seat count in the plan editor too, keeping the plan as it was', async () => {
    const { page } = operator;
    await page.goto(`${orgUrl}/settings`);
    await page.getByRole('button', { name: 'Save plan' }).waitFor({ timeout: 60_000 });
    await input(page, 'Seats').fill('');
    await page.getByRole('button', { name: 'Save plan' }).click();
    await page.getByText('Enter the number of seats, a whole number (0 or more).').waitFor();
    await page.reload();
    await expect.poll(() => input(page, 'Seats').inputValue(), { timeout: 60_000 }).toBe('20');
  });

  it('shows the email in the outbox as its recipient sees it, with a working link', async () => {
    const { page, context } = operator;
    await page.getByRole('link', { name: 'Outbox' }).click();
    await page.getByTestId('outbox-row').filter({ hasText: ADMIN }).first().click();
    const frame = page.frameLocator('iframe[title^="Email:"]');
    const button = frame.getByRole('link', { name: 'Accept the invitation' });
    const href = await button.getAttribute('href');
    expect(href).toMatch(new RegExp(`^${roster.url}/invite/`));
    const [popup] = await Promise.all([context.waitForEvent('page'), button.click()]);
    await popup.waitForLoadState();
    expect(popup.url()).toBe(href);
    await popup.getByRole('heading', { name: 'Join Northwind Academy' }).waitFor();
    await popup.close();

    // Searched by recipient and narrowed by kind; kinds read as words, not codes.
    await input(page, 'Recipient').fill(ADMIN);
    const rows = page.getByTestId('outbox-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Invitation');
    await page.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'Password reset' }).click();
    await expect.poll(() => rows.count()).toBe(0);
    await input(page, 'Recipient').fill('');
  });

  it('lets the admin accept the invitation as a new person', async () => {
    const { page } = admin;
    await page.goto(await latestInviteLink(roster, ADMIN));
    await page.getByRole('heading', { name: 'Join Northwind Academy' }).waitFor();
    await expect.poll(() => page.getByText('At least', { exact: false }).first().isVisible()).toBe(true);
    await screenshot(page, 'invitation.png');

    await page.getByRole('button', { name: 'Create my account and join' }).click();
    await page.getByText('Enter your first name.').waitFor();
    await review(page, 'invitation-errors.png');
    await page.getByText('Accept the terms of use and privacy notice to continue.').waitFor();

    await input(page, 'First name').fill('Dana');
    await input(page, 'Last name').fill('Admin');
    await input(page, 'Password').fill(PASSWORD);
    await page.getByRole('checkbox', { name: /I accept the terms of use/ }).check();
    // Once accepted, the page is left as it is: the invitation is not asked for again (it would answer 410).
    const invitationReads: number[] = [];
    const onResponse = (response: { url(): string; status(): number }) => {
      if (/\/api\/v1\/invitations\/[^/]+$/.test(new URL(response.url()).pathname)) invitationReads.push(response.status());
    };
    page.on('response', onResponse);
    await page.getByRole('button', { name: 'Create my account and join' }).click();
    await page.getByTestId('notice').filter({ hasText: 'Welcome to Northwind Academy' }).waitFor();
    page.off('response', onResponse);
    expect(new URL(page.url()).pathname).toBe(`${orgUrl}/members`);
    expect(invitationReads).toEqual([]);
  });

  it('lets the admin invite learners and shows each address with its outcome', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Invite people' }).click();
    const dialog = page.getByRole('dialog');
    await input(dialog, 'Email addresses').fill(
      // As pasted from a mail client: names beside addresses, "Last, First" quoted.
      `${LEARNER}, not-an-address; ${OTHER}\n${LEARNER.toUpperCase()} ${ADMIN}\n"Hopper, Grace" <${MORE[0]}>, Alan Turing <${MORE[1]}> ${MORE[2]}`,
    );
    await dialog.getByText('7 distinct addresses.').waitFor();
    await dialog.getByLabel(/Personal message/).fill('Welcome aboard!');
    await dialog.getByRole('button', { name: 'Send 7 invitations' }).click();
    const results = dialog.getByTestId('invite-results');
    await results.waitFor();
    expect(await results.locator('tr[data-outcome="invited"]').count()).toBe(5);
    await expect.poll(() => results.locator('tr[data-outcome="invalid"]').textContent()).toContain('not-an-address');
    expect(await results.locator('tr[data-outcome="already_member"]').textContent()).toContain(ADMIN);
    await review(page, 'invite-results.png');
    expect(await results.locator('tr[data-outcome="invited"]').allTextContents()).toContainEqual(expect.stringContaining(MORE[0] ?? ''));
    firstLearnerLink = await latestInviteLink(roster, LEARNER);
    // The address that failed comes back into the box, for correcting.
    await dialog.getByRole('button', { name: 'Correct the address that failed' }).click();
    expect(await input(dialog, 'Email addresses').inputValue()).toBe('not-an-address');
    await dialog.getByText('1 distinct address.').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('tab', { name: /Pending/ }).click();
    await (await rowFor(page, LEARNER)).waitFor();
    await (await rowFor(page, OTHER)).waitFor();
  });

  it('resends one invitation with a message and cancels another', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: `Actions for ${LEARNER}` }).click();
    await page.getByRole('menuitem', { name: 'Resend invitation…' }).click();
    const resend = page.getByRole('dialog', { name: 'Resend the invitation' });
    await resend.getByLabel(/Personal message/).fill('A gentle reminder: your seat is waiting.');
    await resend.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText(`Invitation sent again to ${LEARNER}`).waitFor();
    await expect.poll(async () => (await rowFor(page, LEARNER)).textContent()).toContain(`by ${ADMIN}`);

    await page.getByRole('button', { name: `Actions for ${OTHER}` }).click();
    await page.getByRole('menuitem', { name: 'Cancel invitation…' }).click();
    await page.getByRole('dialog', { name: 'Cancel this invitation?' }).getByRole('button', { name: 'Cancel invitation' }).click();
    await page.getByText(`Invitation to ${OTHER} cancelled.`).waitFor();
    await expect.poll(async () => (await rowFor(page, OTHER)).count()).toBe(0);

    await expect.poll(() => page.getByTestId('members-table').getByText('Sent', { exact: true }).count(), { timeout: 10_000 }).toBe(4);
    await screenshot(page, 'members.png');

    await page.getByRole('tab', { name: /Cancelled/ }).click();
    await (await rowFor(page, OTHER)).waitFor();
    expect(new URL(page.url()).searchParams.get('status')).toBe('cancelled');
    await page.goBack();
    await (await rowFor(page, LEARNER)).waitFor();
    expect(await page.getByRole('tab', { name: /Pending/ }).getAttribute('aria-selected')).toBe('true');
  });

  it('shows the superseded and cancelled links their own pages', async () => {
    const { page } = learner;
    await page.goto(firstLearnerLink);
    await page.getByRole('heading', { name: 'A newer invitation replaced this one' }).waitFor();
    await review(page, 'superseded.png');
    await page.goto(await latestInviteLink(roster, OTHER));
    await page.getByRole('heading', { name: 'This invitation was cancelled' }).waitFor();
    await page.getByText(/send you a new invitation/).waitFor();
  });

  it('lets a learner accept on a phone, sign out and sign in again; names stay text', async () => {
    const { page } = learner;
    await page.goto(await latestInviteLink(roster, LEARNER));
    await page.getByText('A gentle reminder', { exact: false }).count();
    await input(page, 'First name').fill(XSS_NAME);
    await input(page, 'Last name').fill('Tester');
    await input(page, 'Password').fill(PASSWORD);
    await page.getByRole('checkbox', { name: /I accept the terms of use/ }).check();
    await page.getByRole('button', { name: 'Create my account and join' }).click();
    await page.getByRole('heading', { name: 'My learning' }).waitFor();
    await page.getByTestId('notice').filter({ hasText: 'Welcome to Northwind Academy' }).waitFor();
    await review(page, 'learner-orgs.png');

    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Roster' }).waitFor();
    await input(page, 'Email or username').fill(LEARNER);
    await input(page, 'Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await input(page, 'Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My learning' }).waitFor();
    await page.goto(`${orgUrl}/members`);
    await page.getByTestId('notice').filter({ hasText: 'You are a learner in Northwind Academy' }).waitFor();
    expect(learner.problems).toEqual([]);
  });

  it('shows the admin the new statuses, the name as text, and the log', async () => {
    const { page } = admin;
    await page.goto(`${orgUrl}/members?status=active`);
    const row = await rowFor(page, LEARNER);
    await row.waitFor();
    await row.getByText(`${XSS_NAME} Tester`, { exact: true }).waitFor();
    await review(page, 'active.png');
    expect(await page.locator('img[src="x"]').count()).toBe(0);

    await page.getByRole('tab', { name: /Pending/ }).click();
    await (await rowFor(page, MORE[0] ?? '')).waitFor();
    expect(await (await rowFor(page, LEARNER)).count()).toBe(0);

    await page.getByRole('link', { name: 'Logs' }).click();
    const log = page.getByTestId('audit-table');
    for (const action of ['invitation.accepted', 'invitation.resent', 'invitation.cancelled']) {
      await log.locator(`tr[data-action="${action}"]`).first().waitFor();
    }
    await page.getByRole('combobox', { name: 'Action' }).click();
    await page.getByRole('option', { name: 'Invitation cancelled', exact: true }).click();
    await expect.poll(() => log.locator('tbody tr').count()).toBe(1);
    expect(await log.locator('tbody tr').textContent()).toContain(ADMIN);
    expect(admin.problems).toEqual([]);
  });

  it("changes a role, shows a member's emails and removes the member", async () => {
    const { page } = admin;
    await page.goto(`${orgUrl}/members?status=active`);
    await page.getByRole('button', { name: `Actions for ${LEARNER}` }).click();
    await page.getByRole('menuitem', { name: 'Change role…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change role' });
    await dialog.getByRole('combobox', { name: `Role of ${LEARNER}` }).click();
    await page.getByRole('option', { name: 'Team manager', exact: true }).click();
    await dialog.getByRole('button', { name: 'Make team manager' }).click();
    await expect.poll(async () => (await rowFor(page, LEARNER)).textContent(), { timeout: 10_000 }).toContain('Team manager');

    await page.getByRole('button', { name: `Actions for ${LEARNER}` }).click();
    await page.getByRole('menuitem', { name: 'Email history…' }).click();
    const drawer = page.getByRole('dialog', { name: `Emails to ${LEARNER}` });
    await expect.poll(() => drawer.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    await review(page, 'email-history.png');
    await drawer.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: `Actions for ${LEARNER}` }).click();
    await page.getByRole('menuitem', { name: 'Remove from organization…' }).click();
    await page.getByRole('dialog', { name: 'Remove this member?' }).getByRole('button', { name: 'Remove member' }).click();
    await expect.poll(async () => (await rowFor(page, LEARNER)).count()).toBe(0);
    await page.getByRole('tab', { name: /Removed/ }).click();
    await (await rowFor(page, LEARNER)).waitFor();
  });

  it('sets up a user without an email address and saves the settings', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Set up a user' }).first().click();
    await page.getByRole('button', { name: 'Set up user' }).click();
    await page.getByText('Enter an email address, or a username for someone without one.').waitFor();
    await input(page, 'First name').fill('Kim');
    await input(page, 'Last name').fill('Kiosk');
    await input(page, 'Username (optional)').fill('kim.kiosk');
    await input(page, 'Password').fill('short');
    await page.getByRole('button', { name: 'Set up user' }).click();
    await page.getByText(/Use at least \d+ characters/).waitFor();
    await input(page, 'Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set up user' }).click();
    await page.getByText('Kim Kiosk is set up').waitFor();
    await page.getByTestId('members-table').getByText('kim.kiosk').waitFor();

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('checkbox', { name: 'Never expire' }).check();
    await input(page, 'Sender name').fill('Northwind Academy Team');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    await page.reload();
    expect(await page.getByRole('checkbox', { name: 'Never expire' }).isChecked()).toBe(true);
    expect(await input(page, 'Sender name').inputValue()).toBe('Northwind Academy Team');
  });

  it('shows an expired link its own page, and the admin the expired row', async () => {
    const link = await latestInviteLink(roster, MORE[0] ?? '');
    await roster.database.db.execute(
      sql`update invitations set expires_at = now() - interval '1 day' where email = 'grace.hopper@northwind.test' and status = 'pending'`,
    );
    const visitor = await newPerson(browser, roster.url, { width: 390, height: 844 });
    await visitor.page.goto(link);
    await visitor.page.getByRole('heading', { name: 'This invitation has expired' }).waitFor();
    await visitor.page.getByText(/send you a new invitation/).waitFor();

    await admin.page.goto(`${orgUrl}/members?status=expired`);
    await (await rowFor(admin.page, 'grace.hopper@northwind.test')).waitFor();
    expect(operator.problems).toEqual([]);
  });
});
