import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { spawnApp, type AppProcess } from '../../support/app-process.js';
import { launchBrowser, SCREENSHOT_DIR } from '../../support/browser.js';
import { freePort } from '../../support/engine-process.js';
import { ensurePagesBuilt } from '../../support/pages.js';
import { StoreSandbox } from '../../support/store.js';
import { DEMO_PASSWORD } from '../../../web/demo-accounts.js';
import { testStoreDialect } from '../../support/test-store.js';

/**
 * A fresh service hall for one journey, started as `npm start` starts it (scripts/start.ts in its
 * own process, the embedded engine inside it) on empty data: a new folder for the engine and a
 * SQLite store, or a new PostgreSQL schema when the suite runs on PostgreSQL. A journey reaches
 * it only through a browser: no engine call, no API call, no store read.
 */
export interface Hall {
  url: string;
  browser: Browser;
  /** what the app printed, for a failure's message */
  output(): string;
  stop(): Promise<void>;
}

export async function startHall(): Promise<Hall> {
  await ensurePagesBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'journey-'));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  const sandbox = new StoreSandbox(testStoreDialect());
  const store = sandbox.dialect === 'sqlite' ? { STORE_PATH: join(dataDir, 'store.db') } : storeVariables(sandbox);
  let app: AppProcess | undefined;
  let browser: Browser | undefined;
  try {
    app = await spawnApp({
      ENGINE_DATA: join(dataDir, 'engine.db'),
      ENGINE_PORT: String(await freePort()),
      PORT: '0',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      DEMO_ACCOUNTS: 'true',
      ...store,
    });
    browser = await launchBrowser();
  } catch (error) {
    await app?.stop();
    await sandbox.cleanup();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const running = app;
  const opened = browser;
  return {
    url: running.url,
    browser: opened,
    output: () => running.output(),
    async stop() {
      await opened.close();
      await running.stop();
      await sandbox.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function storeVariables(sandbox: StoreSandbox): Record<string, string> {
  const config = sandbox.config();
  if (config.kind !== 'postgres') throw new Error('a PostgreSQL sandbox gives PostgreSQL configs');
  return { STORE_URL: config.connectionString, STORE_SCHEMA: config.schema ?? '' };
}

/** Screen sizes of the people in the journeys: a clerk's desk monitor, an applicant's phone. */
/** One hall for the enclosing suite, started before its first test and stopped after its last. */
export function hallPerSuite(use: (hall: Hall) => void): void {
  let hall: Hall | undefined;
  before(async () => {
    hall = await startHall();
    use(hall);
  });
  after(async () => {
    await hall?.stop();
  });
}

export const DESK = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };

/**
 * The steps of one journey, each ending in a screenshot of what the person sees
 * (test/screenshots/journeys/<journey>/<nn>-<step>.png, git-ignored), numbered in order across
 * every person of the journey.
 */
export class JourneyLog {
  readonly steps: string[] = [];
  private readonly dir: string;

  constructor(readonly journey: string) {
    this.dir = join(SCREENSHOT_DIR, 'journeys', journey);
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  async step(page: Page, name: string): Promise<void> {
    this.steps.push(name);
    const file = `${String(this.steps.length).padStart(2, '0')}-${name}.png`;
    await page.screenshot({ path: join(this.dir, file), fullPage: true });
  }
}

/** A person's own browser window: own cookies, own screen size, Chinese locale and China's time zone. */
export async function personWindow(hall: Hall, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await hall.browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: hall.url, acceptDownloads: true });
  const page = await context.newPage();
  return { context, page };
}

/** Log-in through the log-in page with a demo account of the README, as a clerk does at the start of a shift. */
export async function logIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}
