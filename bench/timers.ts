/**
 * Timers benchmark (`npm run bench:timers`): prints figures only, no verdicts.
 *
 * Starts BENCH_TIMER_INSTANCES (100,000) instances that wait on a P1D timer in an engine child
 * process (durable store), then prints its RSS before and after, kills it with SIGKILL and
 * restarts it on the same data file: the time from the restart to the engine listening, to its
 * first answer (GET /v2/topology), and to a search that counts every waiting instance; and the
 * restarted engine's RSS. Instances are created over plain HTTP (keep-alive), BENCH_IN_FLIGHT
 * (256) at a time, so that the client costs little of the shared CPU. The engine runs bundled, as
 * production starts it, from a bundle built at the start of the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, sdkClient } from '../test/support/engine.js';
import { freePort, spawnEngine, type EngineProcess } from '../test/support/engine-process.js';
import { freshEngineBundle } from './engine-bundle.js';

const INSTANCES = Number(process.env.BENCH_TIMER_INSTANCES ?? 100_000);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 256);
const PROCESS_ID = 'bench-timer-p1d';
const MB = 1024 * 1024;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(engine: EngineProcess, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${engine.url}/v2${path}`, { method: 'POST', headers: { ...engine.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

const waiting = async (engine: EngineProcess): Promise<number> =>
  ((await post(engine, '/process-instances/search', { filter: { processDefinitionId: PROCESS_ID, state: 'ACTIVE' }, page: { limit: 1 } })).page as { totalItems: number }).totalItems;

const dir = mkdtempSync(join(tmpdir(), 'timers-bench-'));
const dataPath = join(dir, 'engine.db');
const port = await freePort();
const bundle = await freshEngineBundle();
let engine = await spawnEngine({ port, dataPath, bundle: bundle.path });
try {
  await sdkClient(engine.url, engine.credential).deployResources([{ name: 'timer-p1d.bpmn', content: fixture('engine/bench/timer-p1d.bpmn') }]);
  await sleep(500);
  const before = engine.rss();
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < INSTANCES) {
      next++;
      await post(engine, '/process-instances', { processDefinitionId: PROCESS_ID, variables: {} });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  const seconds = (performance.now() - started) / 1000;
  const count = await waiting(engine);
  if (count !== INSTANCES) throw new Error(`expected ${INSTANCES} waiting instances, found ${count}`);
  await sleep(2_000);
  console.log(`${INSTANCES} instances waiting on timers, started in ${seconds.toFixed(1)} s (${(INSTANCES / seconds).toFixed(0)}/s)`);
  console.log(`engine RSS: ${(engine.rss() / MB).toFixed(1)} MB (before: ${(before / MB).toFixed(1)} MB)`);

  engine.child.kill('SIGKILL');
  await engine.exited;
  const restarted = performance.now();
  engine = await spawnEngine({ port, dataPath, bundle: bundle.path, startTimeoutMs: 120_000 });
  const listening = performance.now() - restarted;
  const topology = await fetch(`${engine.url}/v2/topology`, { headers: engine.headers });
  if (!topology.ok) throw new Error(`topology answered ${topology.status}`);
  const answered = performance.now() - restarted;
  const after = await waiting(engine);
  const counted = performance.now() - restarted;
  if (after !== INSTANCES) throw new Error(`expected ${INSTANCES} waiting instances after the restart, found ${after}`);
  console.log(
    `restart after SIGKILL: listening after ${(listening / 1000).toFixed(2)} s, first answer after ${(answered / 1000).toFixed(2)} s, ` +
      `all ${INSTANCES} waiting instances found after ${(counted / 1000).toFixed(2)} s`,
  );
  await sleep(1_000);
  console.log(`engine RSS after the restart: ${(engine.rss() / MB).toFixed(1)} MB`);
} finally {
  await engine.stop();
  await bundle.remove();
  rmSync(dir, { recursive: true, force: true });
}
