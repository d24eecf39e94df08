import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../web/demo-accounts.js';
import { ensurePagesBuilt } from './pages.js';

/** Debian's chromium; playwright's own browser download cannot work on these machines. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots are kept as artifacts (git-ignored), one per main page. */
export const SCREENSHOT_DIR = join(import.meta.dirname, '..', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Without the background-networking flags chromium keeps dialling hosts this closed network refuses.
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

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * One chromium for the calling describe block: its `before` hook builds the pages and launches
 * the browser, its `after` hook closes it (and every context still open). Call it inside
 * `describe`; the answer gives the browser once `before` has run.
 */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    await ensurePagesBuilt();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is launched in the before hook');
    return browser;
  };
}

/**
 * Collects the page's uncaught errors and console errors (a CSP refusal shows as one) into
 * `problems`, each prefixed with `label` when given. A 404 or 409 the page expects and shows is
 * logged by chromium as a failed resource, and is not a problem.
 */
export function collectProblems(page: Page, problems: string[], label?: string): void {
  const add = (text: string) => problems.push(label === undefined ? text : `${label}: ${text}`);
  page.on('pageerror', (error) => add(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) add(message.text());
  });
}

export interface ClerkPage {
  context: BrowserContext;
  page: Page;
  /** any alert/confirm/prompt the page opened (dismissed): an injected script would show here */
  dialogs: string[];
  /** uncaught errors in the page */
  errors: string[];
}

/**
 * A page in a new context (a clerk's desk in China time) whose clock is the hall's pinned clock,
 * so the countdowns read as the server's status. The context closes with the browser.
 */
export async function openClerkPage(browser: Browser, now: Date): Promise<ClerkPage> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.clock.setFixedTime(now);
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, dialogs, errors };
}

/** Logs in on the log-in page a page that needs a log-in sent the browser to (`/login?next=…`). */
export async function logInOnPage(page: Page, username: string): Promise<void> {
  await page.waitForURL(/\/login\?next=/);
  await page.fill('#username', username);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('button[type=submit]');
}
