/**
 * Web benchmark (`npm run bench:web`): prints figures only, no verdicts.
 *
 * - inbox list: 100,000 cases and 10,000 open tasks (plus one completed task for every other
 *   case, as a year of work leaves them) inserted straight into the store in batches, the
 *   web app over HTTP on that store with the embedded engine (the list asks it about each page's
 *   open tasks), GET /api/tasks measured one request at a time as a logged-in window clerk
 *   (mz-clerk-a) and as the supervision section (supervisor): the first page, a search by
 *   applicant, the yellow/red status filter, a page deep in the list; p50 and p99 in ms.
 * - designer page: the bytes a browser fetches for /designer (the HTML and every asset it loads:
 *   script, styles, fonts), raw and gzip-compressed, after a production build (minified), loaded
 *   in the Debian chromium of the browser tests.
 *
 * The designer figure counts what the page loads as it opens (fonts only once a glyph needs them).
 * BENCH_WEB_REQUESTS sets the number of measured requests per query (default 200); BENCH_STORE
 * (`sqlite`, default, or `postgres`: a throwaway schema on the local server the tests use) the
 * inbox list's store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { seedCatalogue } from '../domain/catalogue/catalogue.js';
import { openStore } from '../domain/store/index.js';
import { buildWeb } from '../scripts/build-web.js';
import { launchBrowser } from '../test/support/browser.js';
import { StoreSandbox } from '../test/support/store.js';
import { testStoreDialect } from '../test/support/test-store.js';
import { sdkClient, startTestEngine } from '../test/support/engine.js';
import { ApiClient, TEST_COST, TEST_SECRET } from '../test/support/web.js';
import { createWebApp } from '../web/app.js';
import { readWebConfig } from '../web/config.js';
import { DEMO_PASSWORD, seedDemoAccounts } from '../web/demo-accounts.js';
import { createLogger } from '../web/log.js';
import { startWebServer } from '../web/server.js';
import { percentile } from './percentile.js';
import { seedCases } from './seed-cases.js';

const CASES = 100_000;
const OPEN_TASKS = 10_000;
const WARMUP = 20;
const REQUESTS = Number(process.env.BENCH_WEB_REQUESTS ?? 200);
const BENCH_STORE = testStoreDialect({ TEST_STORE: process.env.BENCH_STORE });
/** Monday 2 March 2026, 10:00 in Beijing */
const NOW = Date.parse('2026-03-02T02:00:00Z');

async function measure(client: ApiClient, path: string): Promise<{ p50: number; p99: number; total: number }> {
  let total = 0;
  for (let i = 0; i < WARMUP; i++) {
    const res = await client.get(path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    total = Number(res.body.total);
  }
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const res = await client.get(path);
    times.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), total };
}

async function inboxList(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-web-'));
  const engine = await startTestEngine(join(dir, 'engine.db'));
  const sandbox = new StoreSandbox(BENCH_STORE);
  const store = await sandbox.open(sandbox.config(), { now: () => new Date(NOW) });
  let server: Awaited<ReturnType<typeof startWebServer>> | undefined;
  try {
    await store.catalogue.publish(seedCatalogue(), new Date(NOW));
    await seedDemoAccounts(store, { cost: TEST_COST });
    const seeded = await seedCases(store, { cases: CASES, openTasks: OPEN_TASKS, now: NOW });
    const counts = await store.db
      .selectFrom('tasks')
      .select((eb) => [eb.fn.countAll<number>().as('all'), eb.fn.sum<number>(eb.case().when('state', '=', 'created').then(1).else(0).end()).as('open')])
      .executeTakeFirstOrThrow();
    console.log(`inbox list (${BENCH_STORE} store): seeded ${CASES} cases, ${Number(counts.all)} tasks (${Number(counts.open)} open) in ${seeded.seconds.toFixed(1)} s`);

    const config = readWebConfig({ SESSION_SECRET: TEST_SECRET }, () => {});
    const app = createWebApp({ store, camunda: engine.client, config, clock: () => new Date(NOW), log: createLogger(() => {}, () => new Date(NOW)) });
    server = await startWebServer(app, 0, '127.0.0.1');
    const queries: Array<[string, string]> = [
      ['first page (50, by due time)', '/api/tasks'],
      ['search by applicant 王', `/api/tasks?applicant=${encodeURIComponent('王')}`],
      ['status red', '/api/tasks?status=red'],
      ['case number prefix', '/api/tasks?caseNumber=SH2026'],
      ['page at offset 200, by case number', '/api/tasks?sort=caseNumber&offset=200'],
    ];
    for (const username of ['mz-clerk-a', 'supervisor']) {
      const client = new ApiClient(server.url);
      const login = await client.login(username, DEMO_PASSWORD);
      if (login.status !== 201) throw new Error(`log-in of ${username}: ${login.status}`);
      for (const [label, path] of queries) {
        const r = await measure(client, path);
        console.log(`  ${username.padEnd(11)} ${label.padEnd(36)} matches ${String(r.total).padStart(5)}  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  (${REQUESTS} requests)`);
      }
    }
  } finally {
    await server?.close();
    // closes the store and deletes its file or drops its schema
    await sandbox.cleanup();
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function designerBytes(): Promise<void> {
  await buildWeb({ minify: true });
  const dir = mkdtempSync(join(tmpdir(), 'bench-web-designer-'));
  const store = await openStore({ kind: 'sqlite', path: join(dir, 'store.db') });
  await seedDemoAccounts(store, { cost: TEST_COST });
  const config = readWebConfig({ SESSION_SECRET: TEST_SECRET }, () => {});
  const app = createWebApp({ store, camunda: sdkClient('http://127.0.0.1:9'), config, clock: () => new Date(), log: createLogger(() => {}, () => new Date()) });
  const server = await startWebServer(app, 0, '127.0.0.1');
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/login?next=%2Fdesigner`);
    await page.fill('#username', 'designer');
    await page.fill('#password', DEMO_PASSWORD);
    const fetched = new Map<string, Buffer>();
    const reading: Array<Promise<unknown>> = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.origin !== new URL(server.url).origin || url.pathname.startsWith('/api/') || response.status() !== 200) return;
      reading.push(
        response
          .body()
          .then((body) => fetched.set(url.pathname, body))
          .catch(() => undefined),
      );
    });
    await page.click('button[type=submit]');
    await page.waitForURL((url) => url.pathname === '/designer');
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    await Promise.all(reading);
    let raw = 0;
    let gzip = 0;
    const rows: string[] = [];
    for (const [path, body] of [...fetched].sort(([a], [b]) => a.localeCompare(b))) {
      const zipped = gzipSync(body, { level: 6 }).length;
      raw += body.length;
      gzip += zipped;
      rows.push(`  ${path.padEnd(44)} raw ${(body.length / 1024).toFixed(1).padStart(8)} KiB  gzip ${(zipped / 1024).toFixed(1).padStart(7)} KiB`);
    }
    console.log(`designer page: ${fetched.size} files, raw ${(raw / 1024).toFixed(1)} KiB, gzip ${(gzip / 1024).toFixed(1)} KiB (gzip level 6; minified build)`);
    for (const row of rows) console.log(row);
  } finally {
    await browser.close();
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await inboxList();
await designerBytes();
