import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acceptByApi, createOrgByApi, inviteByApi } from './api.js';
import { CHROMIUM, keepFailure, launchBrowser, newPerson, type Person, screenshot, signIn } from './browser.js';
import { type RunningRoster, startRoster } from './roster.js';

const ADMIN = 'ida.admin@scim.test';
const PASSWORD = 'provisioned by the book 7';

describe.skipIf(!existsSync(CHROMIUM)).sequential('settings: connecting an identity provider (SCIM)', () => {
  let roster: RunningRoster;
  let browser: Browser;
  let admin: Person;
  let orgId = '';

  beforeAll(async () => {
    roster = await startRoster();
    browser = await launchBrowser();
    orgId = (await createOrgByApi(roster, 'Provisioned Academy', 'provisioned-academy')).id;
    await acceptByApi(roster, await inviteByApi(roster, orgId, ADMIN, 'admin'), 'Ida', 'Admin', PASSWORD);
    admin = await newPerson(browser, roster.url);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await keepFailure(context.task.name, { admin });
  });

  afterAll(async () => {
    await browser?.close();
    await roster?.close();
  });

  it('shows the base URL and the steps, creates the provisioning key, and lists the requests with their outcome', async () => {
    const { page } = admin;
    await page.goto(`/orgs/${orgId}/settings`);
    await signIn(page, ADMIN, PASSWORD);
    const card = page.getByRole('region', { name: 'Identity provider (SCIM)' });
    await card.waitFor();
    // The card is drawn before its figures arrive: the address fills in once they do.
    await expect.poll(async () => (await card.getByTestId('scim-base-url').textContent())?.trim()).toBe(`${roster.url}/scim/v2`);
    await card.getByText('No key with the SCIM scope yet').waitFor();
    await card.getByText('No SCIM requests yet').waitFor();
    await card.getByText('Push New Users, Push Profile Updates and Push Groups').waitFor();
    await card.getByRole('tab', { name: 'Microsoft Entra ID' }).click();
    await card.getByText(/Set the Tenant URL to/).waitFor();

    await card.getByRole('button', { name: 'Create a provisioning key' }).click();
    const secret = (await card.getByTestId('secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^rst_[A-Za-z0-9_-]{43}$/);
    await card.getByRole('button', { name: 'I have stored it' }).click();
    await card.getByText(/not used yet/).waitFor();

    // The identity provider calls with the key: one person made, one group refused as a duplicate.
    const scim = (path: string, body: unknown) =>
      fetch(`${roster.url}/scim/v2${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify(body),
      });
    expect((await scim('/Users', { userName: 'new.person@scim.test' })).status).toBe(201);
    expect((await scim('/Groups', { displayName: 'Field team' })).status).toBe(201);
    expect((await scim('/Groups', { displayName: 'FIELD TEAM' })).status).toBe(409);

    await page.reload();
    const table = card.getByRole('table', { name: 'Last SCIM requests' });
    await table.waitFor();
    const refused = table.getByRole('row', { name: /409/ });
    await refused.getByText(/uniqueness: A team named "FIELD TEAM" already exists/).waitFor();
    expect(await refused.textContent()).toContain('POST /Groups');
    expect(await table.getByRole('row', { name: /POST \/Users/ }).textContent()).toContain('201');
    await card.getByText(/last used/).waitFor();
    await card.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'scim-settings.png');
  });
});
