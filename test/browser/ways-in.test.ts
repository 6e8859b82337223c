import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acceptByApi, createOrgByApi, inviteByApi } from './api.js';
import { CHROMIUM, input, keepFailure, launchBrowser, newPerson, type Person, review, screenshot, signIn } from './browser.js';
import { latestInviteLink } from './outbox.js';
import { type RunningRoster, startRoster } from './roster.js';

const ADMIN = 'olga.admin@orbit.test';
const PASSWORD = 'orbits and moons 42';

/** A visitor finishes joining from the emailed link as a new person, and lands signed in. */
async function finishJoining(page: Page, roster: RunningRoster, email: string, orgName: string): Promise<void> {
  await page.goto(await latestInviteLink(roster, email));
  await page.getByRole('heading', { name: `Join ${orgName}` }).waitFor();
  await page.getByText('is confirmed').waitFor();
  await input(page, 'First name').fill('Vera');
  await input(page, 'Last name').fill('Visitor');
  await input(page, 'Password').fill(PASSWORD);
  await page.getByRole('checkbox', { name: /I accept the terms of use/ }).check();
  await page.getByRole('button', { name: 'Create my account and join' }).click();
  await page
    .getByTestId('notice')
    .filter({ hasText: `Welcome to ${orgName}` })
    .waitFor();
  // A learner lands where they learn.
  expect(new URL(page.url()).pathname).toBe('/my/trainings');
}

describe.skipIf(!existsSync(CHROMIUM)).sequential('self-serve ways in: a sign-up link and the join page', () => {
  let roster: RunningRoster;
  let browser: Browser;
  let admin: Person;
  let visitor: Person;
  let other: Person;
  let orgId = '';
  let linkUrl = '';

  beforeAll(async () => {
    roster = await startRoster();
    browser = await launchBrowser();
    const org = await createOrgByApi(roster, 'Orbit Academy', 'orbit-academy');
    orgId = org.id;
    await acceptByApi(roster, await inviteByApi(roster, orgId, ADMIN, 'admin'), 'Olga', 'Admin', PASSWORD);
    admin = await newPerson(browser, roster.url);
    // Visitors come on phones.
    visitor = await newPerson(browser, roster.url, { width: 390, height: 844 });
    other = await newPerson(browser, roster.url, { width: 390, height: 844 });
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await keepFailure(context.task.name, { admin, visitor, other });
  });

  afterAll(async () => {
    await browser?.close();
    await roster?.close();
  });

  it('lets the admin create a sign-up link restricted to a domain', async () => {
    const { page } = admin;
    await page.goto('/login');
    await signIn(page, ADMIN, PASSWORD);
    await page.waitForURL(/\/orgs\//);
    await page.goto(`/orgs/${orgId}/links`);
    await page.getByRole('heading', { name: 'Sign-up links' }).waitFor();
    await page.getByRole('button', { name: 'Create a link' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create a sign-up link' });
    await input(dialog, 'Label').fill('Intranet');
    await input(dialog, 'Email domains').fill('gmail.com');
    await dialog.getByRole('button', { name: 'Create and copy the link' }).click();
    await dialog.getByText('gmail.com is a public email provider').first().waitFor();
    await input(dialog, 'Email domains').fill('orbit.test');
    await dialog.getByRole('button', { name: 'Create and copy the link' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByTestId('links-table').locator('tr[data-label="Intranet"]');
    await row.waitFor();
    expect(await row.getByTestId('link-state').textContent()).toBe('Open');
    const links = await roster.operator<{ items: { url: string }[] }>('GET', `/api/v1/orgs/${orgId}/invite-links`);
    linkUrl = links.items[0]?.url ?? '';
    expect(linkUrl).toMatch(new RegExp(`^${roster.url}/join/`));
    await page.getByText(linkUrl).first().waitFor();
    await screenshot(page, 'links.png');
  });

  it('takes a visitor on a phone from the link to a signed-in member', async () => {
    const { page } = visitor;
    await page.goto(linkUrl);
    await page.getByRole('heading', { name: 'Join Orbit Academy' }).waitFor();
    expect(await page.getByTestId('join-domains').textContent()).toBe('Addresses at orbit.test.');
    await input(page, 'Email address').fill('vera@elsewhere.test');
    await page.getByRole('button', { name: 'Email me a link to join' }).click();
    await page.getByText('Use an address at orbit.test').first().waitFor();
    await input(page, 'Email address').fill('vera@orbit.test');
    await page.getByRole('button', { name: 'Email me a link to join' }).click();
    await page.getByTestId('join-sent').waitFor();
    await review(page, 'join-sent.png');
    await finishJoining(page, roster, 'vera@orbit.test', 'Orbit Academy');
    expect(visitor.problems).toEqual([]);
  });

  it('shows the admin the join on the link, then turning it off closes it for visitors', async () => {
    const { page } = admin;
    await page.reload();
    const row = page.getByTestId('links-table').locator('tr[data-label="Intranet"]');
    await expect.poll(() => row.getByTestId('link-uses').textContent()).toBe('1');
    await page.getByRole('button', { name: 'Actions for Intranet' }).click();
    await page.getByRole('menuitem', { name: 'Turn off' }).click();
    await expect.poll(() => row.getByTestId('link-state').textContent()).toBe('Turned off');

    // The members view says how each person came in, and filters by it.
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('combobox', { name: 'Way in', exact: true }).click();
    await page.getByRole('option', { name: 'Sign-up link', exact: true }).click();
    const vera = page.getByTestId('members-table').locator('tr[data-email="vera@orbit.test"]');
    await vera.waitFor();
    expect(await vera.getByTestId('way-in').textContent()).toBe('Sign-up linkIntranet');
    await expect.poll(() => page.getByTestId('members-table').locator('tbody tr[data-email]').count()).toBe(1);

    await other.page.goto(linkUrl);
    await other.page.getByTestId('invitation-way_in_closed').waitFor();
    await other.page.getByText('This link to Orbit Academy was turned off.').waitFor();
  });

  it('lets the admin turn the join page on, with a preview, and a visitor join through it', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Join page' }).click();
    await page.getByRole('heading', { name: 'Join page', exact: true }).waitFor();
    await page.getByTestId('join-page-preview').getByRole('heading', { name: 'Join Orbit Academy' }).waitFor();
    await input(page, 'Address').fill('login');
    await page.getByLabel('Let people join from the page').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('"login" is reserved').first().waitFor();
    await input(page, 'Address').fill('orbit');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: `${roster.url}/join/orbit` }).waitFor();
    // The "saved" notices close by themselves; the screenshot is taken without them.
    await expect.poll(() => page.locator('.mantine-Notification-root').count(), { timeout: 15_000 }).toBe(0);
    await screenshot(page, 'join-page.png');

    const { page: phone } = other;
    await phone.goto('/join/orbit');
    await phone.getByRole('heading', { name: 'Join Orbit Academy' }).waitFor();
    expect(await phone.getByTestId('join-domains').textContent()).toBe('Any address you can confirm.');
    await input(phone, 'Email address').fill('omar@anywhere.test');
    await phone.getByRole('button', { name: 'Email me a link to join' }).click();
    await phone.getByTestId('join-sent').waitFor();
    await finishJoining(phone, roster, 'omar@anywhere.test', 'Orbit Academy');
  });

  it('keeps a visitor of a link that asks for approval waiting until the admin approves them from the queue', async () => {
    const link = await roster.operator<{ url: string }>('POST', `/api/v1/orgs/${orgId}/invite-links`, {
      domains: ['orbit.test'],
      label: 'Partners',
      mode: 'request',
    });
    const asker = await newPerson(browser, roster.url, { width: 390, height: 844 });
    const { page: phone } = asker;
    await phone.goto(link.url);
    await input(phone, 'Email address').fill('rhea@orbit.test');
    await phone.getByRole('button', { name: 'Email me a link to join' }).click();
    await phone.getByTestId('join-sent').waitFor();
    await phone.goto(await latestInviteLink(roster, 'rhea@orbit.test'));
    await input(phone, 'First name').fill('Rhea');
    await input(phone, 'Last name').fill('Asker');
    await input(phone, 'Password').fill(PASSWORD);
    await phone.getByRole('checkbox', { name: /I accept the terms of use/ }).check();
    await phone.getByRole('button', { name: 'Create my account and join' }).click();
    await phone.getByTestId('notice').filter({ hasText: 'your request to join Orbit Academy was sent' }).waitFor();

    const { page } = admin;
    await page.goto(`/orgs/${orgId}/members?status=requested`);
    const row = page.getByTestId('members-table').locator('tr[data-email="rhea@orbit.test"]');
    await row.waitFor();
    await row.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('1 request approved.').waitFor();
    await expect.poll(() => page.getByTestId('members-table').locator('tr[data-email="rhea@orbit.test"]').count()).toBe(0);
    await page.getByRole('tab', { name: /Active/ }).click();
    await page.getByTestId('members-table').locator('tr[data-email="rhea@orbit.test"]').waitFor();
    await asker.context.close();
  });
});
