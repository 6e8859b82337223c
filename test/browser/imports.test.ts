import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STOPPED_SENTENCE } from '../../src/features/imports/run-import.js';
import { acceptByApi, createOrgByApi, createTeamByApi, inviteByApi } from './api.js';
import { CHROMIUM, input, keepFailure, launchBrowser, newPerson, type Person, review, screenshot, signIn } from './browser.js';
import { latestInviteLink } from './outbox.js';
import { type RunningRoster, startRoster } from './roster.js';

const ADMIN = 'iris.admin@quarry.test';
const PASSWORD = 'granite and slate 1907';

// Three invitations (one into a team by its path), one set-up account, one bad address, and a
// column Roster does not know.
const PEOPLE_CSV = [
  'email,first_name,last_name,teams,role,mode,favourite colour',
  'nia.north@quarry.test,Nia,North,Sales/EMEA,learner,,blue',
  'omar.oak@quarry.test,Omar,Oak,Sales,,,green',
  'pia.pine@quarry.test,Pia,Pine,,manager,,',
  'sam.stone@quarry.test,Sam,Stone,Sales/EMEA,,setup,red',
  'not-an-address,Bad,Row,,,,',
  '',
].join('\r\n');

const tile = (page: Page, kind: 'verdict' | 'outcome', key: string) => page.getByTestId(`${kind}-counts`).locator(`[data-key="${key}"]`);

describe.skipIf(!existsSync(CHROMIUM)).sequential('importing people from a spreadsheet', () => {
  let roster: RunningRoster;
  let browser: Browser;
  let admin: Person;
  let orgId = '';
  let folder = '';

  beforeAll(async () => {
    roster = await startRoster();
    browser = await launchBrowser();
    folder = mkdtempSync(join(tmpdir(), 'roster-import-'));
    const org = await createOrgByApi(roster, 'Quarry Works', 'quarry-works');
    orgId = org.id;
    const sales = await createTeamByApi(roster, orgId, 'Sales', null, 'private');
    await createTeamByApi(roster, orgId, 'EMEA', sales.id);
    await acceptByApi(roster, await inviteByApi(roster, orgId, ADMIN, 'admin'), 'Iris', 'Admin', PASSWORD);
    admin = await newPerson(browser, roster.url);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await keepFailure(context.task.name, { admin });
  });

  afterAll(async () => {
    await browser?.close();
    await roster?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('opens the import page from the navigation, with templates and an empty history', async () => {
    const { page } = admin;
    await page.goto(`/orgs/${orgId}/members`);
    await signIn(page, ADMIN, PASSWORD);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Import people' }).waitFor();
    await page.getByText('No imports yet').waitFor();

    // The template links answer with the session cookie the page has.
    const csvHref = await page.getByRole('link', { name: 'Template (CSV)' }).getAttribute('href');
    const csv = await page.request.get(csvHref ?? '');
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('email,first_name,last_name');
    const xlsxHref = await page.getByRole('link', { name: 'Template (Excel, XLSX)' }).getAttribute('href');
    const xlsx = await page.request.get(xlsxHref ?? '');
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    await review(page, 'import-empty.png');
  });

  it('shows Roster refusing an empty file in its own words', async () => {
    const { page } = admin;
    // Without a file, the form says so before asking Roster.
    await page.getByRole('button', { name: 'Upload and preview' }).click();
    await page.getByText('Choose the file to import.').waitFor();

    const empty = join(folder, 'empty.csv');
    writeFileSync(empty, '');
    await page.locator('input[type="file"]').setInputFiles(empty);
    await page.getByRole('button', { name: 'Upload and preview' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'The file was not imported' });
    await expect.poll(() => alert.textContent()).toContain('The file is empty; fill in the template with one person per row');
    await review(page, 'import-refused.png');
  });

  it('previews a file: counts per verdict, the ignored column and the bad row with its reason', async () => {
    const { page } = admin;
    const people = join(folder, 'people.csv');
    writeFileSync(people, PEOPLE_CSV);
    await page.locator('input[type="file"]').setInputFiles(people);
    // Picking another file clears the previous refusal.
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    await page.getByRole('button', { name: 'Upload and preview' }).click();

    await page.getByRole('heading', { name: 'people.csv' }).waitFor();
    await page.getByRole('heading', { name: 'Preview' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/orgs/${orgId}/imports/[0-9a-f-]{36}$`));
    expect(await tile(page, 'verdict', 'invite').getAttribute('data-count')).toBe('3');
    expect(await tile(page, 'verdict', 'setup').getAttribute('data-count')).toBe('1');
    expect(await tile(page, 'verdict', 'invalid').getAttribute('data-count')).toBe('1');
    expect(await tile(page, 'verdict', 'not_allowed').getAttribute('data-count')).toBe('0');
    expect(await tile(page, 'verdict', 'invite').textContent()).toContain('New invitations');
    await page.getByText('These columns were ignored: favourite colour.').waitFor();

    const bad = page.getByTestId('import-rows').locator('tr[data-row="6"]');
    expect(await bad.textContent()).toContain('not-an-address');
    expect(await bad.textContent()).toContain('Bad address "not-an-address"');
    expect(await page.getByTestId('import-rows').locator('tbody tr').count()).toBe(1);
    await screenshot(page, 'import-preview.png');
    // The problem rows filter by verdict, and download with their reasons.
    await page.locator('label').filter({ hasText: 'Not allowed (0)' }).click();
    await expect.poll(() => page.getByTestId('import-rows').locator('tbody tr').count()).toBe(0);
    await page.locator('label').filter({ hasText: 'Invalid (1)' }).click();
    await expect.poll(() => page.getByTestId('import-rows').locator('tbody tr[data-row="6"]').count()).toBe(1);
    const download = page.getByRole('link', { name: 'Download these rows with their reasons (CSV)' });
    const href = await download.getAttribute('href');
    expect(href).toMatch(/\/report\.csv\?verdict=invalid$/);
    const file = await page.request.get(href ?? '');
    expect(file.status()).toBe(200);
    const lines = (await file.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^6,not-an-address,.*,invalid,"Bad address ""not-an-address""/);
    await page.locator('label').filter({ hasText: 'All (1)' }).click();
  });

  it('confirms, follows the progress to the end and shows the result with its report', async () => {
    const { page } = admin;
    const events = page.waitForRequest((request) => request.url().endsWith('/events'));
    await page.getByRole('button', { name: 'Import 4 people' }).click();
    // Emails go out at once: asked once, with the number, before anything starts.
    const ask = page.getByRole('dialog', { name: 'Send 3 invitations?' });
    await ask.getByText('3 people get an invitation email and 1 account is set up').waitFor();
    await ask.getByRole('button', { name: 'Send 3 invitations' }).click();
    // Progress is pushed as server-sent events until the import is done.
    await events;
    await page.getByText('Import finished').waitFor();
    await page.getByText('All 5 rows were processed').waitFor();
    expect(await page.getByTestId('import-status').textContent()).toBe('Done');
    expect(await tile(page, 'outcome', 'invited').getAttribute('data-count')).toBe('3');
    expect(await tile(page, 'outcome', 'set_up').getAttribute('data-count')).toBe('1');
    expect(await tile(page, 'outcome', 'invalid').getAttribute('data-count')).toBe('1');
    await page.getByTestId('import-rows').locator('tr[data-row="6"]').waitFor();

    const reportHref = await page.getByRole('link', { name: 'Download the report (CSV)' }).getAttribute('href');
    const report = await page.request.get(reportHref ?? '');
    expect(report.status()).toBe(200);
    expect(report.headers()['content-type']).toContain('text/csv');
    const lines = (await report.text()).split('\r\n');
    expect(lines.find((line) => line.startsWith('2,'))).toContain('nia.north@quarry.test');
    expect(lines.find((line) => line.startsWith('2,'))).toContain('invited');
    expect(lines.find((line) => line.startsWith('5,'))).toContain('set_up');
    expect(lines.find((line) => line.startsWith('6,'))).toContain('invalid');
    await review(page, 'import-result.png');
  });

  it('lists the import in the history, and the people among the members', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'All imports' }).click();
    // The list may show what it had cached for an instant before its refetch lands: wait for "done".
    const row = page.getByTestId('import-history').locator('tr[data-import="people.csv"][data-status="done"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('3 invited · 1 set up · 1 invalid');
    expect(await row.textContent()).toContain(ADMIN);
    await review(page, 'import-history.png');

    await page.goto(`/orgs/${orgId}/members?status=pending`);
    await page.getByTestId('members-table').locator('tr[data-email="nia.north@quarry.test"]').waitFor();
    await page.goto(`/orgs/${orgId}/members?status=active`);
    await page.getByTestId('members-table').locator('tr[data-email="sam.stone@quarry.test"]').waitFor();

    // The history links back to the finished import.
    await page.goto(`/orgs/${orgId}/imports`);
    await row.getByRole('link', { name: 'people.csv' }).click();
    await page.getByText('Import finished').waitFor();
    expect(admin.problems).toEqual([]);
  });

  it("fills in an invited person's name from the file on their invitation page", async () => {
    const nia = await newPerson(browser, roster.url);
    try {
      await nia.page.goto(await latestInviteLink(roster, 'nia.north@quarry.test'));
      await nia.page.getByRole('heading', { name: 'Join Quarry Works' }).waitFor();
      expect(await input(nia.page, 'First name').inputValue()).toBe('Nia');
      expect(await input(nia.page, 'Last name').inputValue()).toBe('North');
      await input(nia.page, 'Password').fill('northern lights over the quarry');
      await nia.page.getByRole('checkbox', { name: /I accept the terms of use/ }).check();
      await nia.page.getByRole('button', { name: 'Create my account and join' }).click();
      await nia.page.getByTestId('notice').filter({ hasText: 'Welcome to Quarry Works' }).waitFor();
      expect(nia.problems).toEqual([]);
    } finally {
      await nia.context.close();
    }
  });

  it('follows the progress by polling when the event stream fails', async () => {
    const { page } = admin;
    await page.route('**/events', (route) => route.abort());
    const more = join(folder, 'more-people.csv');
    writeFileSync(more, 'email;teams\numa.usk@quarry.test;EMEA\nvic.vale@quarry.test;Sales/EMEA\n');
    await page.getByRole('link', { name: 'All imports' }).click();
    await page.locator('input[type="file"]').setInputFiles(more);
    await page.getByRole('button', { name: 'Upload and preview' }).click();
    await page.getByRole('heading', { name: 'more-people.csv' }).waitFor();
    expect(await tile(page, 'verdict', 'invite').getAttribute('data-count')).toBe('2');

    const importUrl = new URL(page.url()).pathname.replace('/orgs/', '/api/v1/orgs/');
    const polled = page.waitForResponse((response) => new URL(response.url()).pathname === importUrl && response.ok());
    await page.getByRole('button', { name: 'Import 2 people' }).click();
    await page.getByRole('dialog', { name: 'Send 2 invitations?' }).getByRole('button', { name: 'Send 2 invitations' }).click();
    await polled;
    await page.getByText('All 2 rows were processed').waitFor();
    expect(await tile(page, 'outcome', 'invited').getAttribute('data-count')).toBe('2');
    await page.unroute('**/events');
    // The aborted stream is the only fault the browser reports.
    expect(admin.problems.length).toBeGreaterThan(0);
    expect(admin.problems.filter((problem) => !problem.includes('net::ERR_FAILED'))).toEqual([]);
  });

  it('shows an import stopped by repeated database errors with its sentence, and carries it on with Retry', async () => {
    const { page } = admin;
    const file = join(folder, 'stopped.csv');
    writeFileSync(file, 'email\nwes.wold@quarry.test\nxia.yew@quarry.test\n');
    await page.getByRole('link', { name: 'All imports' }).click();
    await page.locator('input[type="file"]').setInputFiles(file);
    await page.getByRole('button', { name: 'Upload and preview' }).click();
    await page.getByRole('heading', { name: 'stopped.csv' }).waitFor();
    // Its job failed for good before doing a row, as `stopImport` leaves it (the job's last
    // attempt is shown by test/imports/import-fails-for-good.test.ts).
    await roster.database.db.execute(sql`
      update imports set status = 'failed', error = ${STOPPED_SENTENCE}, started_at = now(), finished_at = now()
      where org_id = ${orgId} and file_name = 'stopped.csv'`);
    await page.reload();
    await page.getByText('The import stopped').waitFor();
    await page.getByText(STOPPED_SENTENCE).waitFor();
    await review(page, 'import-stopped.png');
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByText('All 2 rows were processed').waitFor();
    expect(await tile(page, 'outcome', 'invited').getAttribute('data-count')).toBe('2');
  });

  it('creates the teams the file names when asked, listing them in the preview first', async () => {
    const { page } = admin;
    const file = join(folder, 'new-teams.csv');
    writeFileSync(file, 'email,teams\nyan.york@quarry.test,Sales/Nordics\nzoe.zinc@quarry.test,Sales/Nordics\n');
    await page.getByRole('link', { name: 'All imports' }).click();
    await page.locator('input[type="file"]').setInputFiles(file);
    await page.getByRole('checkbox', { name: 'Create the teams the file names that do not exist yet' }).check();
    await page.getByRole('button', { name: 'Upload and preview' }).click();
    await page.getByRole('heading', { name: 'new-teams.csv' }).waitFor();
    const listed = page.getByTestId('import-new-teams');
    await listed.waitFor();
    expect(await listed.textContent()).toContain('1 new team');
    expect(await listed.getByRole('listitem').allTextContents()).toEqual(['Sales/Nordics']);
    expect(await tile(page, 'verdict', 'invite').getAttribute('data-count')).toBe('2');
    await page.getByRole('button', { name: 'Import 2 people' }).click();
    await page.getByRole('dialog', { name: 'Send 2 invitations?' }).getByRole('button', { name: 'Send 2 invitations' }).click();
    await page.getByText('All 2 rows were processed').waitFor();
    const teams = await roster.operator<{ items: { name: string; path?: unknown }[] }>('GET', `/api/v1/orgs/${orgId}/teams`);
    expect(teams.items.map((team) => team.name)).toContain('Nordics');
    // The event stream aborted on purpose two tests ago is the only fault this page reported.
    expect(admin.problems.filter((problem) => !problem.includes('net::ERR_FAILED'))).toEqual([]);
  });
});
