/**
 * Inbox and case search at scale (`npm run bench:inbox-search`): prints figures only, no verdicts.
 *
 * 1,000,000 cases (BENCH_CASES), the newest 20,000 open with one open task each, the rest closed
 * with their last task completed (bench/seed-cases.ts), in an SQLite store; then the inbox list
 * (store.inbox.search) as a window clerk of 民政局 and as the supervision section, and the staff
 * case search (store.cases.search) within the clerk's department and across all of them, each query
 * run BENCH_QUERIES times (default 200, after 10 unmeasured): p50 and p99 in ms of wall time and of
 * the process's CPU time, and the slowest query's, straight through the store layer (no HTTP, no engine).
 *
 * BENCH_STORE_PATH keeps the SQLite file: seeded on the first run, reused (and migrated, so new
 * indexes are built on the million rows) on the next.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedCatalogue } from '../domain/catalogue/catalogue.js';
import { openStore } from '../domain/store/index.js';
import type { InboxSearch } from '../domain/store/repos/inbox.js';
import type { CaseSearch } from '../domain/store/repos/cases.js';
import { percentile } from './percentile.js';
import { seedCases } from './seed-cases.js';

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const OPEN_TASKS = Math.round(CASES / 50);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const WARMUP = 10;
/** Monday 2 March 2026, 10:00 in Beijing */
const NOW = Date.parse('2026-03-02T02:00:00Z');
const DAY = 86_400_000;

const dir = mkdtempSync(join(tmpdir(), 'bench-inbox-search-'));
const path = process.env.BENCH_STORE_PATH ?? join(dir, 'store.db');
const seeded = existsSync(path);
const opening = performance.now();
const store = await openStore({ kind: 'sqlite', path }, { now: () => new Date(NOW) });
try {
  if (seeded) {
    console.log(`store ${path}: reused, opened (migrations included) in ${((performance.now() - opening) / 1000).toFixed(1)} s`);
  } else {
    await store.catalogue.publish(seedCatalogue(), new Date(NOW));
    const { seconds } = await seedCases(store, { cases: CASES, openTasks: OPEN_TASKS, now: NOW });
    console.log(`store ${path}: seeded ${CASES.toLocaleString('en')} cases, ${OPEN_TASKS.toLocaleString('en')} open tasks in ${seconds.toFixed(1)} s`);
  }

  const bands = { now: new Date(NOW), yellowBefore: new Date(NOW + 2 * DAY) };
  const clerk = { kind: 'mine', assignee: 'mz-clerk-a', candidateGroups: ['window:MZ'] } as const;
  const supervision = { kind: 'mine', assignee: 'supervisor', candidateGroups: ['supervision'] } as const;
  const inbox: Array<[string, InboxSearch]> = [];
  for (const [who, scope] of [
    ['mz-clerk-a', clerk],
    ['supervisor', supervision],
  ] as const) {
    const page = { scope: { ...scope, candidateGroups: [...scope.candidateGroups] }, limit: 50, offset: 0 };
    inbox.push(
      [`inbox ${who}: first page (50, by due time)`, page],
      [`inbox ${who}: applicant contains 王`, { ...page, applicant: '王' }],
      [`inbox ${who}: status red`, { ...page, status: { band: 'red', bands } }],
      [`inbox ${who}: case number prefix SH2026`, { ...page, caseNumber: 'SH2026' }],
      [`inbox ${who}: by case number, offset 200`, { ...page, sort: 'caseNumber', offset: 200 }],
    );
  }
  const search: Array<[string, CaseSearch]> = [];
  for (const [who, departmentCodes] of [
    ['MZ clerk', ['MZ']],
    ['supervisor', undefined],
  ] as const) {
    const page = { departmentCodes, limit: 20 };
    search.push(
      [`cases ${who}: newest first`, page],
      [`cases ${who}: applicant contains 王芳`, { ...page, applicant: '王芳' }],
      [`cases ${who}: case number prefix SH20260115`, { ...page, numberPrefix: 'SH20260115' }],
      [`cases ${who}: completed, received in January`, { ...page, statuses: ['completed'], receivedFrom: new Date('2026-01-01T00:00:00+08:00'), receivedBefore: new Date('2026-02-01T00:00:00+08:00') }],
      [`cases ${who}: newest first, page 50`, { ...page, offset: 1000 }],
    );
  }

  // CPU time beside wall time: on a loaded machine a query waits for a core as well, and the
  // slowest query's own CPU tells that wait from a costlier plan or a collection
  const measure = async (label: string, run: () => Promise<{ total: number }>) => {
    let total = 0;
    for (let i = 0; i < WARMUP; i++) total = (await run()).total;
    const times: Array<{ wall: number; cpu: number }> = [];
    for (let i = 0; i < QUERIES; i++) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      await run();
      const used = process.cpuUsage(cpu);
      times.push({ wall: performance.now() - started, cpu: (used.user + used.system) / 1000 });
    }
    const ms = (x: number) => x.toFixed(2).padStart(7);
    const wall = times.map((t) => t.wall).sort((a, b) => a - b);
    const cpu = times.map((t) => t.cpu).sort((a, b) => a - b);
    const slowest = times.reduce((a, b) => (b.wall > a.wall ? b : a));
    console.log(
      `  ${label.padEnd(56)} matches ${String(total).padStart(7)}  p50 ${ms(percentile(wall, 50))} ms  p99 ${ms(percentile(wall, 99))} ms` +
        `  cpu p50 ${ms(percentile(cpu, 50))} p99 ${ms(percentile(cpu, 99))} ms  slowest ${ms(slowest.wall)} ms (cpu ${ms(slowest.cpu)})`,
    );
  };
  console.log(`${QUERIES} queries each, after ${WARMUP} unmeasured`);
  for (const [label, q] of inbox) await measure(label, () => store.inbox.search(q));
  for (const [label, q] of search) await measure(label, () => store.cases.search(q));
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
