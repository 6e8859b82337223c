import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.ROSTER_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

/** Debian's Chromium, headless; Playwright gives every launch a fresh, temporary profile. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Person {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors, page errors and dialogs (alert() must never run). */
  readonly problems: string[];
}

/** One person's browser: their own cookies, their own tab. */
export async function newPerson(browser: Browser, baseURL: string, viewport = { width: 1366, height: 900 }): Promise<Person> {
  const context = await browser.newContext({ baseURL, viewport, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    // A refused request logs a 4xx in the console: those are expected answers, not faults.
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  return { context, page, problems };
}

/** For the README: without toasts or a hovered row. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.mouse.move(0, 0);
  // Always the first: closing one renumbers the rest (nth(1) of two is gone once one closes).
  const toasts = page.locator('.mantine-Notification-root');
  while ((await toasts.count()) > 0) {
    await toasts
      .first()
      .locator('button')
      .click({ timeout: 2000 })
      .catch(() => undefined); // it may close by itself meanwhile
    await toasts
      .first()
      .waitFor({ state: 'detached', timeout: 2000 })
      .catch(() => undefined);
  }
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: false });
}

/** On a failed step: a screenshot of every person's page, in the system's temporary folder. */
export async function keepFailure(step: string, people: Record<string, Person | undefined>): Promise<void> {
  const folder = join(tmpdir(), 'roster-browser-failures');
  mkdirSync(folder, { recursive: true });
  const slug = step.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
  for (const [who, person] of Object.entries(people)) {
    if (!person) continue;
    const path = join(folder, `${slug}-${who}.png`);
    await person.page.screenshot({ path, fullPage: true }).catch(() => undefined);
    process.stdout.write(`  ${who} at ${person.page.url()}: ${path}\n  problems: ${JSON.stringify(person.problems)}\n`);
  }
}

/** Extra screenshots for reviewing the UI by eye: ROSTER_REVIEW_SCREENSHOTS=1 keeps them in the temporary folder. */
export async function review(page: Page, name: string): Promise<void> {
  if (!process.env.ROSTER_REVIEW_SCREENSHOTS) return;
  const folder = join(tmpdir(), 'roster-review');
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, name), fullPage: true });
}

/** A form field by its label, with or without the required mark. */
export function input(scope: Page | Locator, label: string): Locator {
  return scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`));
}

/** Fills the sign-in form and submits it. */
export async function signIn(page: Page, login: string, password: string): Promise<void> {
  await input(page, 'Email or username').fill(login);
  await input(page, 'Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
