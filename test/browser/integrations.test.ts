import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acceptByApi, createOrgByApi, inviteByApi } from './api.js';
import { CHROMIUM, input, keepFailure, launchBrowser, newPerson, type Person, screenshot, signIn } from './browser.js';
import { type RunningRoster, startRoster } from './roster.js';

const ADMIN = 'ada.admin@hooks.test';
const PASSWORD = 'signed sealed delivered 9';

describe.skipIf(!existsSync(CHROMIUM)).sequential('integrations: API keys and webhooks in the settings', () => {
  let roster: RunningRoster;
  let browser: Browser;
  let admin: Person;
  let orgId = '';
  let receiver: Server;
  let receiverUrl = '';
  const received: { headers: Record<string, string>; body: string }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/roster`;
    roster = await startRoster({ ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true' });
    browser = await launchBrowser();
    orgId = (await createOrgByApi(roster, 'Hook Academy', 'hook-academy')).id;
    await acceptByApi(roster, await inviteByApi(roster, orgId, ADMIN, 'admin'), 'Ada', 'Admin', PASSWORD);
    admin = await newPerson(browser, roster.url);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await keepFailure(context.task.name, { admin });
  });

  afterAll(async () => {
    await browser?.close();
    await roster?.close();
    receiver?.closeAllConnections();
    await new Promise<void>((resolve) => receiver?.close(() => resolve()) ?? resolve());
  });

  it('creates an API key, shows its secret once, shows its last use, and revokes it', async () => {
    const { page } = admin;
    await page.goto(`/orgs/${orgId}/settings`);
    await signIn(page, ADMIN, PASSWORD);
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys', exact: true }).waitFor();
    const form = page.getByRole('form', { name: 'New API key' });
    await form.getByRole('button', { name: 'Create key' }).click();
    await page.getByText('Name the key after what uses it').waitFor();
    await input(form, 'Name').fill('HR sync');
    await form.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^rst_[A-Za-z0-9_-]{43}$/);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await expect.poll(() => page.getByTestId('secret').count()).toBe(0);
    const row = page.getByRole('table', { name: 'API keys' }).getByRole('row', { name: /HR sync/ });
    await row.getByText('Never').waitFor();
    expect(await row.textContent()).toContain(secret.slice(0, 12));

    const called = await fetch(`${roster.url}/api/v1/orgs/${orgId}/members`, { headers: { authorization: `Bearer ${secret}` } });
    expect(called.status).toBe(200);
    await page.reload();
    await row.getByText(/from 127\.0\.0\.1/).waitFor();
    await screenshot(page, 'api-keys.png');

    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog', { name: 'Revoke this key?' }).getByRole('button', { name: 'Revoke key' }).click();
    await row.getByText('revoked').waitFor();
    const refused = await fetch(`${roster.url}/api/v1/orgs/${orgId}/members`, { headers: { authorization: `Bearer ${secret}` } });
    expect(refused.status).toBe(401);
  });

  it('adds a webhook endpoint, sends a test event that verifies, and shows the delivery log', async () => {
    const { page } = admin;
    await page.goto(`/orgs/${orgId}/settings/webhooks`);
    await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
    const form = page.getByRole('form', { name: 'New endpoint' });
    await input(form, 'URL').fill('http://hooks.example.com/x');
    await form.getByLabel('team.created').check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByText('Plain http is allowed only to this machine (localhost, 127.0.0.1, [::1]); use https.').first().waitFor();
    await input(form, 'URL').fill(receiverUrl);
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await page.getByTestId('secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_/);
    const row = page
      .getByRole('table', { name: 'Webhook endpoints' })
      .getByRole('row', { name: new RegExp(receiverUrl.replace(/[.?]/g, '\\$&')) });
    await row.getByRole('button', { name: 'Send test event' }).click();
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(1);
    const [request] = received;
    const verified = new Webhook(secret).verify(request?.body ?? '', request?.headers ?? {}) as { type: string };
    expect(verified.type).toBe('webhook.test');

    await row.getByRole('button', { name: 'Deliveries' }).click();
    const log = page.getByRole('dialog').getByRole('table', { name: 'Delivery log' });
    await log.getByText('delivered').waitFor();
    await log.getByText(/· 204 ·/).waitFor();
    await screenshot(page, 'webhook-deliveries.png');
    await log.getByRole('button', { name: 'Send again' }).click();
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(2);
    expect(received[1]?.headers['webhook-id']).toBe(received[0]?.headers['webhook-id']);
  });
});
