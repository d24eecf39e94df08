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
import { openStore, type Store } from '../domain/store/index.js';
import type { CaseRow, TaskRow } from '../domain/store/schema.js';
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

const CASES = 100_000;
const OPEN_TASKS = 10_000;
const BATCH = 500;
const WARMUP = 20;
const REQUESTS = Number(process.env.BENCH_WEB_REQUESTS ?? 200);
const BENCH_STORE = testStoreDialect({ TEST_STORE: process.env.BENCH_STORE });
/** Monday 2 March 2026, 10:00 in Beijing */
const NOW = Date.parse('2026-03-02T02:00:00Z');
const DAY = 86_400_000;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英'];
const COMPANIES = ['县清源建筑工程有限公司', '县康宁食品店', '县书法家协会', '县顺达运输有限公司', '县明德教育咨询中心', '县惠民超市'];

/** Deterministic pseudo-random numbers, so every run seeds the same store. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const dayText = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');

async function seed(store: Store): Promise<{ seconds: number; departments: string[] }> {
  const started = performance.now();
  const items = (await store.catalogue.listItems()).map((i) => ({ code: i.code, caseType: i.caseType, departmentCode: i.departmentCode }));
  const departments = [...new Set(items.map((i) => i.departmentCode))];
  const rnd = random(20260302);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  const iso = (ms: number) => new Date(ms).toISOString();
  const perDay = new Map<string, number>();

  // the newest OPEN_TASKS cases are open, each with one open task; the rest closed, each with its last (completed) task
  const cases: CaseRow[] = [];
  const tasks: TaskRow[] = [];
  const groups: Array<{ user_task_key: string; candidate_group: string }> = [];
  for (let i = 0; i < CASES; i++) {
    const open = i < OPEN_TASKS;
    // received over the last year, the open ones in the last few weeks
    const receivedAt = NOW - (open ? (i / OPEN_TASKS) * 30 * DAY : 30 * DAY + ((i - OPEN_TASKS) / (CASES - OPEN_TASKS)) * 335 * DAY) - Math.floor(rnd() * 8 * 3_600_000);
    const day = dayText(receivedAt);
    const seq = (perDay.get(day) ?? 0) + 1;
    perDay.set(day, seq);
    const item = items[i % items.length];
    const person = rnd() < 0.8;
    const id = `bench-case-${String(i).padStart(6, '0')}`;
    const dueAt = receivedAt + (5 + Math.floor(rnd() * 20)) * DAY;
    cases.push({
      id,
      case_number: `SH${day}-${String(seq).padStart(4, '0')}`,
      verification_hash: null,
      process_instance_key: String(2_251_799_813_000_000 + i),
      item_code: item.code,
      item_version: 1,
      case_type: item.caseType,
      department_code: item.departmentCode,
      stage: open ? '审查' : '办结',
      status: open ? 'accepted' : 'completed',
      applicant_name: person ? `${pick(SURNAMES)}${pick(GIVEN)}` : pick(COMPANIES),
      applicant_id_number: person ? `1101011990${String(i % 10_000).padStart(4, '0')}1234` : `91530000MA6K${String(i % 100_000).padStart(5, '0')}X1`,
      applicant_phone: `138${String(i).padStart(8, '0')}`,
      applicant_email: null,
      applicant_kind: person ? 'person' : 'company',
      applicant_contact: null,
      registration_key: null,
      received_at: iso(receivedAt),
      accepted_at: iso(receivedAt + 3_600_000),
      due_at: iso(dueAt),
      warn_at: iso(dueAt - DAY),
      suspended_since: null,
      suspended_working_days: 0,
      extension_days: 0,
      calendar_flag: null,
      completed_at: open ? null : iso(receivedAt + 4 * DAY),
      on_time: open ? null : 1,
      result: open ? null : 'approved',
      created_at: iso(receivedAt),
      updated_at: iso(receivedAt),
    });
    const key = String(4_503_599_627_000_000 + i);
    const d = item.departmentCode;
    const r = rnd();
    const group = open && i % 40 === 0 ? 'supervision' : r < 0.7 ? `window:${d}` : r < 0.9 ? `review:${d}` : `head:${d}`;
    const demo = ['MZ', 'ZJ', 'ZRZY'].includes(d) && group.startsWith('window:');
    // open tasks due from 5 days ago to 15 days ahead: some overdue, some warned, most normal
    const taskDue = open ? NOW + Math.floor((rnd() * 20 - 5) * DAY) : dueAt - DAY;
    tasks.push({
      user_task_key: key,
      case_id: id,
      process_instance_key: String(2_251_799_813_000_000 + i),
      element_id: group.startsWith('review:') ? 'departmentReview' : group.startsWith('head:') ? 'headApproval' : 'materialCheck',
      name: group.startsWith('review:') ? '部门审查' : group.startsWith('head:') ? '窗口负责人审批' : group === 'supervision' ? '督办核查' : '材料审查',
      candidate_groups: JSON.stringify([group]),
      department_code: group === 'supervision' ? null : d,
      assignee: demo && rnd() < 0.5 ? `${d.toLowerCase()}-clerk-a` : null,
      covering_for: null,
      due_at: iso(taskDue),
      form_id: 'material-check',
      state: open ? 'created' : 'completed',
      created_at: iso(receivedAt + 60_000),
      completed_at: open ? null : iso(receivedAt + 3 * DAY),
      completed_by: null,
      form_key: null,
      submission: null,
    });
    groups.push({ user_task_key: key, candidate_group: group });
  }

  for (const [table, rows] of [
    ['cases', cases],
    ['tasks', tasks],
    ['task_candidate_groups', groups],
  ] as const) {
    for (let from = 0; from < rows.length; from += BATCH * 20) {
      await store.db.transaction().execute(async (trx) => {
        for (let at = from; at < Math.min(rows.length, from + BATCH * 20); at += BATCH) {
          await trx
            .insertInto(table)
            .values(rows.slice(at, at + BATCH))
            .execute();
        }
      });
    }
  }
  return { seconds: (performance.now() - started) / 1000, departments };
}

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
    const seeded = await seed(store);
    const counts = await store.db
      .selectFrom('tasks')
      .select((eb) => [eb.fn.countAll<number>().as('all'), eb.fn.sum<number>(eb.case().when('state', '=', 'created').then(1).else(0).end()).as('open')])
      .executeTakeFirstOrThrow();
    console.log(`inbox list (${BENCH_STORE} store): seeded ${CASES} cases, ${Number(counts.all)} tasks (${Number(counts.open)} open) in ${seeded.seconds.toFixed(1)} s (batches of ${BATCH} rows)`);

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
