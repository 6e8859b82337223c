import { existsSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acceptByApi, createOrgByApi, createTeamByApi, inviteByApi } from './api.js';
import { CHROMIUM, input, keepFailure, launchBrowser, newPerson, type Person, screenshot, signIn } from './browser.js';
import { latestInviteLink } from './outbox.js';
import { type RunningRoster, startRoster } from './roster.js';

const ADMIN = 'ines.admin@atlas.test';
const MANAGER = 'moe.manager@atlas.test';
const LEARNER = 'lou.learner@atlas.test';
const PASSWORD = 'maps and compasses 77';

/** Opens a Mantine select by its label and picks an option by its exact name. */
async function pick(page: Page, scope: Page | Locator, label: string, option: string): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

const treeRow = (page: Page, name: string) => page.getByTestId('team-tree').locator(`li[data-team="${name}"]`);

/** "New team" in the page header makes a top-level team; nesting is "New team inside …" on a team. */
async function createTeam(page: Page, name: string, parent: string | null, visibility: 'Public' | 'Private'): Promise<void> {
  if (parent === null) {
    await page.getByRole('button', { name: 'New team', exact: true }).click();
  } else {
    await selectTeam(page, parent);
    await page.getByRole('button', { name: `Actions for team ${parent}` }).click();
    await page.getByRole('menuitem', { name: `New team inside ${parent}…` }).click();
  }
  const dialog = page.getByRole('dialog', { name: parent === null ? 'New top-level team' : /^New team inside / });
  await input(dialog, 'Name').fill(name);
  await dialog.getByText(visibility, { exact: true }).click();
  await dialog.getByRole('button', { name: 'Create team' }).click();
  await dialog.waitFor({ state: 'detached' });
  await treeRow(page, name).waitFor();
}

async function selectTeam(page: Page, name: string): Promise<void> {
  await treeRow(page, name)
    .getByRole('button', { name: new RegExp(name) })
    .last()
    .click();
  await page.getByRole('region', { name: `Team ${name}` }).waitFor();
}

describe.skipIf(!existsSync(CHROMIUM)).sequential('teams, their branches and who sees whom', () => {
  let roster: RunningRoster;
  let browser: Browser;
  let admin: Person;
  let manager: Person;
  let orgId = '';

  beforeAll(async () => {
    roster = await startRoster();
    browser = await launchBrowser();
    const org = await createOrgByApi(roster, 'Atlas Learning', 'atlas-learning');
    orgId = org.id;
    await acceptByApi(roster, await inviteByApi(roster, orgId, ADMIN, 'admin'), 'Ines', 'Admin', PASSWORD);
    await acceptByApi(roster, await inviteByApi(roster, orgId, MANAGER, 'manager'), 'Moe', 'Manager', PASSWORD);
    admin = await newPerson(browser, roster.url);
    manager = await newPerson(browser, roster.url);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await keepFailure(context.task.name, { admin, manager });
  });

  afterAll(async () => {
    await browser?.close();
    await roster?.close();
  });

  it('builds a branch Sales (private) > EMEA > Paris and a separate private branch', async () => {
    const { page } = admin;
    await page.goto(`/orgs/${orgId}/teams`);
    await signIn(page, ADMIN, PASSWORD);
    await page.getByRole('heading', { name: 'Teams', exact: true }).waitFor();
    await page.getByText('No teams yet').waitFor();

    await createTeam(page, 'Sales', null, 'Private');
    await createTeam(page, 'EMEA', 'Sales', 'Public');
    await createTeam(page, 'Paris', 'EMEA', 'Public');
    await createTeam(page, 'Support', null, 'Private');
    expect(await page.locator('li[data-team]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-team')))).toEqual([
      'Sales',
      'EMEA',
      'Paris',
      'Support',
    ]);

    expect(await treeRow(page, 'Sales').textContent()).toContain('Private');
    expect(await treeRow(page, 'Paris').textContent()).toContain('Public');
    // The tree collapses and expands with the keyboard-usable toggle.
    await page.getByRole('button', { name: 'Collapse Sales' }).click();
    await expect.poll(() => treeRow(page, 'Paris').count()).toBe(0);
    await page.getByRole('button', { name: 'Expand Sales' }).click();
    await treeRow(page, 'Paris').waitFor();
  });

  it('shows Roster refusing to delete a team with teams inside it', async () => {
    const { page } = admin;
    await treeRow(page, 'Sales').getByRole('button', { name: /Sales/ }).last().click();
    await page.getByRole('button', { name: 'Actions for team Sales' }).click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this team?' });
    await dialog.getByRole('button', { name: 'Delete team' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('"Sales" has 1 team inside it');
    await dialog.getByRole('button', { name: 'Keep as is' }).click();
  });

  it('makes a manager the manager of the other branch from the team panel', async () => {
    const { page } = admin;
    await treeRow(page, 'Support')
      .getByRole('button', { name: /Support/ })
      .last()
      .click();
    const panel = page.getByRole('region', { name: 'Team Support' });
    await panel.getByRole('combobox', { name: 'Add a person to Support' }).fill('moe');
    await page.getByRole('option', { name: `Moe Manager (${MANAGER})` }).click();
    await pick(page, panel, 'As', 'Team manager');
    await panel.getByRole('button', { name: 'Add to team' }).click();
    await panel.getByTestId('team-members').locator(`tr[data-email="${MANAGER}"]`).waitFor();
    await expect.poll(() => treeRow(page, 'Support').textContent()).toContain(`Managed by ${MANAGER}`);
  });

  it('invites a learner into Paris with the team picker; they count in EMEA and Sales, not Support', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('button', { name: 'Invite people' }).click();
    const dialog = page.getByRole('dialog', { name: /Invite people/ });
    await input(dialog, 'Email addresses').fill(LEARNER);
    await input(dialog, 'Teams').click();
    await page.getByRole('option', { name: 'Sales › EMEA › Paris', exact: true }).click();
    await dialog.getByText('1 distinct address.').click();
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => dialog.locator('tr[data-outcome="invited"]').count()).toBe(1);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await acceptByApi(roster, await latestInviteLink(roster, LEARNER), 'Lou', 'Learner', PASSWORD);

    await page.goto(`/orgs/${orgId}/members?status=active`);
    const learnerRow = page.getByTestId('members-table').locator(`tr[data-email="${LEARNER}"]`);
    await learnerRow.waitFor();
    // Each pick fetches the list filtered by that team: the rows are checked against that answer.
    const filterBy = async (team: string) => {
      const answered = page.waitForResponse((r) => /\/members\?.*team=/.test(r.url()) && r.ok());
      await pick(page, page, 'Team', team);
      await answered;
      expect(new URL(page.url()).searchParams.get('team')).not.toBeNull();
    };
    await filterBy('Sales › EMEA');
    await learnerRow.waitFor();
    await filterBy('Sales');
    await learnerRow.waitFor();
    await expect.poll(() => page.getByTestId('members-table').locator(`tr[data-email="${ADMIN}"]`).count()).toBe(0);
    await filterBy('Support');
    await page.getByText('No one matches this search').waitFor();
    expect(await learnerRow.count()).toBe(0);

    // The person's page lists their team.
    await page.goto(`/orgs/${orgId}/members?status=active`);
    await learnerRow.getByRole('link', { name: 'Lou Learner' }).click();
    await page.getByRole('heading', { name: 'Lou Learner' }).waitFor();
    await page.getByRole('region', { name: 'Teams' }).getByRole('link', { name: 'Sales › EMEA › Paris' }).waitFor();

    await page.goto(`/orgs/${orgId}/teams`);
    await treeRow(page, 'Paris').getByRole('button', { name: /Paris/ }).last().click();
    await page.getByRole('region', { name: 'Team Paris' }).getByTestId('team-members').locator(`tr[data-email="${LEARNER}"]`).waitFor();
    await screenshot(page, 'teams.png');
    expect(admin.problems).toEqual([]);
  });

  it('shows the manager their branch only, and only what they may do there', async () => {
    const { page } = manager;
    await page.goto(`/orgs/${orgId}/members?status=active`);
    await signIn(page, MANAGER, PASSWORD);
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    // Managers see the people of their teams only: here, nobody in the Sales branch.
    await page.getByTestId('members-table').or(page.getByText('No active members')).first().waitFor();
    expect(await page.getByTestId('members-table').locator(`tr[data-email="${LEARNER}"]`).count()).toBe(0);

    await page.getByRole('link', { name: 'Teams' }).click();
    await treeRow(page, 'Support').waitFor();
    // Their world: Support and what is below it; no Sales branch, no top-level "New team".
    expect(await page.locator('li[data-team]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-team')))).toEqual([
      'Support',
    ]);
    expect(await page.getByRole('button', { name: 'New team', exact: true }).count()).toBe(0);
    await createTeam(page, 'Support Level 2', 'Support', 'Public');
    await selectTeam(page, 'Support');
    const panel = page.getByRole('region', { name: 'Team Support' });
    // A manager adds learners; handing out team roles is not theirs, so the role choice offers learners only.
    await panel.getByRole('combobox', { name: 'As' }).click();
    expect(await page.getByRole('option').allTextContents()).toEqual(['Learner']);
    await page.keyboard.press('Escape');
    expect(await page.getByText(/Could not load/).count()).toBe(0);
    await screenshot(page, 'teams-manager.png');
    expect(manager.problems).toEqual([]);
  });

  it('makes a learner manager of a team in one step, and their page says the role is direct', async () => {
    const { page } = admin;
    await page.goto(`/orgs/${orgId}/teams`);
    await selectTeam(page, 'Support');
    const panel = page.getByRole('region', { name: 'Team Support' });
    await panel.getByRole('combobox', { name: 'Add a person to Support' }).fill('lou');
    await page.getByRole('option', { name: `Lou Learner (${LEARNER})` }).click();
    await pick(page, panel, 'As', 'Team manager');
    await expect
      .poll(() => panel.getByTestId('promotion-note').textContent())
      .toContain('is a learner in the organization: this also gives them the organization role Team manager.');
    await panel.getByRole('button', { name: 'Add to team' }).click();
    await panel.getByTestId('team-members').locator(`tr[data-email="${LEARNER}"]`).waitFor();

    await panel.getByTestId('team-members').getByRole('link', { name: 'Lou Learner' }).click();
    await page.getByRole('heading', { name: 'Lou Learner' }).waitFor();
    // Their organization role went up with the team role.
    await page.getByText('Team manager', { exact: true }).first().waitFor();
    const support = page.getByTestId('person-teams').locator('li[data-team="Support"]');
    await expect.poll(() => support.textContent()).toMatch(/Support.*Team manager.*Direct/);
    const emea = page.getByTestId('person-teams').locator('li[data-team="EMEA"]');
    await expect.poll(() => emea.textContent()).toContain('from a team below');
    expect(admin.problems).toEqual([]);
  });
  it('shows a team larger than a page 200 people at a time, saying how many it holds', async () => {
    const { page } = admin;
    await roster.operator('PATCH', `/api/v1/orgs/${orgId}`, { seats: 1000 });
    const crowd = await createTeamByApi(roster, orgId, 'Crowd');
    const emails = Array.from({ length: 205 }, (_, i) => `crowd.${String(i).padStart(3, '0')}@atlas.test`);
    await roster.operator('POST', `/api/v1/orgs/${orgId}/invitations`, { emails, teamIds: [crowd.id] });
    await page.goto(`/orgs/${orgId}/teams`);
    await selectTeam(page, 'Crowd');
    const panel = page.getByRole('region', { name: 'Team Crowd' });
    const rows = panel.getByTestId('team-members').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(200);
    const shown = panel.getByTestId('team-members-shown');
    expect(await shown.textContent()).toContain('Showing the first 200 of 205 people, by address.');
    expect(await shown.getByRole('link', { name: 'Search and filter them in the members list' }).getAttribute('href')).toBe(
      `/orgs/${orgId}/members?team=${crowd.id}`,
    );
    await panel.getByRole('button', { name: 'Show more people' }).click();
    await expect.poll(() => rows.count()).toBe(205);
    expect(await rows.last().getAttribute('data-email')).toBe('crowd.204@atlas.test');
    await expect.poll(() => shown.count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Show more people' }).count()).toBe(0);
  });
});
