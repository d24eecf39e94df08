/**
 * History search benchmark (`npm run bench:history`): prints figures only, no verdicts.
 *
 * Runs BENCH_HISTORY_INSTANCES (default 20,000) instances of a three-step process to their end
 * through the REST API (the engine in this process, durable store), then times the searches
 * operations pages make on the history: an instance's path, variables and jobs, an instance by
 * key, and the newest page of completed instances of one process. Prints p50/p99 of each and
 * the process's RSS with that history.
 */
import { startTestEngine } from '../test/support/engine.js';
import { percentile } from './percentile.js';

const INSTANCES = Number(process.env.BENCH_HISTORY_INSTANCES ?? 20_000);
const BATCH = 100;
const SAMPLES = 300;
const MB = 1024 * 1024;

const t = await startTestEngine();
await t.deployFixtures('engine/rest/history-path.bpmn');

async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${t.url}/v2${path}`, { method: 'POST', headers: { ...t.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

const keys: string[] = [];
const filling = performance.now();
for (let i = 0; i < INSTANCES; i += BATCH) {
  const created = await Promise.all(
    Array.from({ length: Math.min(BATCH, INSTANCES - i) }, (_, j) =>
      post('/process-instances', { processDefinitionId: 'history-path', variables: { decision: j % 2 ? 'approve' : 'reject', caseNumber: `B-${i + j}` } }),
    ),
  );
  keys.push(...created.map((c) => String(c.processInstanceKey)));
  for (;;) {
    const { jobs } = (await post('/jobs/activation', { type: 'history-check', timeout: 60_000, maxJobsToActivate: BATCH, requestTimeout: -1, worker: 'bench' })) as {
      jobs: Array<{ jobKey: string }>;
    };
    if (jobs.length === 0) break;
    await Promise.all(jobs.map((j) => post(`/jobs/${j.jobKey}/completion`, { variables: { checkedBy: 'bench' } })));
  }
}
const fillSeconds = (performance.now() - filling) / 1000;
console.log(`${INSTANCES} instances run to their end in ${fillSeconds.toFixed(1)} s (${Math.round(INSTANCES / fillSeconds)}/s); RSS ${Math.round(process.memoryUsage().rss / MB)} MB`);

const anyKey = () => keys[Math.floor(Math.random() * keys.length)];
const searches: Array<[string, string, () => unknown]> = [
  ['an instance’s path', '/element-instances/search', () => ({ filter: { processInstanceKey: anyKey() } })],
  ['an instance’s variables', '/variables/search', () => ({ filter: { processInstanceKey: anyKey() } })],
  ['an instance’s jobs', '/jobs/search', () => ({ filter: { processInstanceKey: anyKey() } })],
  ['an instance by key', '/process-instances/search', () => ({ filter: { processInstanceKey: anyKey() } })],
  [
    'newest 50 completed instances of the process',
    '/process-instances/search',
    () => ({ filter: { processDefinitionId: 'history-path', state: 'COMPLETED' }, sort: [{ field: 'startDate', order: 'DESC' }], page: { limit: 50 } }),
  ],
];
for (const [name, path, body] of searches) {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await post(path, body());
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`${name}: p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms`);
}
await t.stop();
