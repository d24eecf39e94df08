/**
 * Engine benchmark (`npm run bench:engine`): prints figures only, no verdicts.
 *
 * - embedded: the three-service-task process end to end, the engine as a child process with its
 *   durable store (WAL, synchronous=FULL), instances created through the SDK with bounded
 *   concurrency and completed by SDK REST job workers (long polling);
 * - job latency: from a job's activation (its deadline minus the activation timeout, engine
 *   clock) to the completion's acknowledgement;
 * - memory: the engine child's RSS before and after starting 10,000 instances that wait on a
 *   P1D timer;
 * - bpmn-engine: the same process in memory in the npm package bpmn-engine, services answering
 *   on the next tick.
 *
 * BENCH_CPU_PROF=<dir> runs the engine child with --cpu-prof and writes its profile there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Engine as BpmnEngine } from 'bpmn-engine';
import { BpmnModdle } from 'bpmn-moddle';
import { fixture, sdkClient } from '../test/support/engine.js';
import { freePort, spawnEngine, type EngineProcess } from '../test/support/engine-process.js';
import { percentile } from './percentile.js';

const INSTANCES = 3_000;
const WARMUP_INSTANCES = 300;
const IN_FLIGHT = 64;
const TIMER_INSTANCES = 10_000;
const BPMN_ENGINE_CONCURRENCY = 32;
const JOB_TIMEOUT_MS = 60_000;
const JOB_PREFIX = 'bench';
const MB = 1024 * 1024;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `count` tasks, at most `concurrency` at a time. */
async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

async function startEngineChild(dir: string): Promise<EngineProcess> {
  const profDir = process.env.BENCH_CPU_PROF;
  return spawnEngine({
    port: await freePort(),
    dataPath: join(dir, 'engine.db'),
    nodeArgs: profDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profDir)}`] : [],
  });
}

async function embedded(dir: string): Promise<{ rate: number; p50: number; p99: number }> {
  const engine = await startEngineChild(dir);
  const client = sdkClient(engine.url, engine.credential);
  try {
    await client.deployResources([{ name: 'three-service-tasks.bpmn', content: fixture('engine/three-service-tasks.bpmn') }]);
    let latencies: number[] = [];
    for (const suffix of ['a', 'b', 'c']) {
      client.createJobWorker({
        type: `${JOB_PREFIX}-${suffix}`,
        worker: `bench-${suffix}`,
        timeout: JOB_TIMEOUT_MS,
        maxJobsToActivate: 256,
        requestTimeout: 30_000,
        pollIntervalMs: 10,
        jobHandler: async (job) => {
          const activatedAt = Number(job.deadline) - JOB_TIMEOUT_MS;
          const ack = await job.complete({});
          latencies.push(Date.now() - activatedAt);
          return ack;
        },
      });
    }
    const create = () =>
      client.createProcessInstance({ processDefinitionId: 'three-service-tasks', variables: { jobPrefix: JOB_PREFIX } }).then(() => undefined);
    const completed = async () =>
      (await client.searchProcessInstances({ filter: { processDefinitionId: 'three-service-tasks', state: 'COMPLETED' }, page: { from: 0, limit: 1 } }))
        .page.totalItems;
    const waitForCompleted = async (n: number) => {
      while ((await completed()) < n) await sleep(50);
    };

    await pool(WARMUP_INSTANCES, IN_FLIGHT, create);
    await waitForCompleted(WARMUP_INSTANCES);
    latencies = [];

    const started = performance.now();
    await pool(INSTANCES, IN_FLIGHT, create);
    await waitForCompleted(WARMUP_INSTANCES + INSTANCES);
    const seconds = (performance.now() - started) / 1000;

    const sorted = latencies.sort((a, b) => a - b);
    return { rate: INSTANCES / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  } finally {
    client.stopWorkers();
    await engine.stop();
  }
}

async function timerMemory(dir: string): Promise<{ before: number; after: number }> {
  const engine = await startEngineChild(dir);
  const client = sdkClient(engine.url, engine.credential);
  try {
    await client.deployResources([{ name: 'timer-p1d.bpmn', content: fixture('engine/bench/timer-p1d.bpmn') }]);
    await sleep(500);
    const before = engine.rss();
    await pool(TIMER_INSTANCES, IN_FLIGHT, () => client.createProcessInstance({ processDefinitionId: 'bench-timer-p1d', variables: {} }).then(() => undefined));
    const waiting = await client.searchProcessInstances({ filter: { processDefinitionId: 'bench-timer-p1d', state: 'ACTIVE' }, page: { from: 0, limit: 1 } });
    if (waiting.page.totalItems !== TIMER_INSTANCES) throw new Error(`expected ${TIMER_INSTANCES} waiting instances, found ${waiting.page.totalItems}`);
    await sleep(500);
    return { before, after: engine.rss() };
  } finally {
    await engine.stop();
  }
}

async function bpmnEngineInMemory(): Promise<number> {
  // The same diagram; bpmn-engine ignores zeebe:taskDefinition, so each service task is bound to a
  // service of the environment that answers on the next tick.
  const source = fixture('engine/three-service-tasks.bpmn').replace(
    /<bpmn:serviceTask id="(task[ABC])"/g,
    '<bpmn:serviceTask id="$1" implementation="${environment.services.$1}"',
  );
  const moddleContext = await new BpmnModdle().fromXML(source);
  const answer = (_context: unknown, callback: (err: Error | null, result?: unknown) => void) => process.nextTick(callback, null, {});
  const services = { taskA: answer, taskB: answer, taskC: answer };
  const run = async (i: number) => {
    const engine = new BpmnEngine({ name: `bench-${i}`, moddleContext: moddleContext as never, services, variables: { jobPrefix: JOB_PREFIX } });
    const ended = engine.waitFor('end');
    await engine.execute();
    await ended;
  };
  await pool(WARMUP_INSTANCES, BPMN_ENGINE_CONCURRENCY, run);
  const started = performance.now();
  await pool(INSTANCES, BPMN_ENGINE_CONCURRENCY, run);
  return INSTANCES / ((performance.now() - started) / 1000);
}

const dir = mkdtempSync(join(tmpdir(), 'engine-bench-'));
try {
  const e = await embedded(join(dir, 'embedded'));
  console.log(`embedded: ${e.rate.toFixed(1)} instances/s`);
  console.log(`job latency p50: ${e.p50.toFixed(1)} ms, p99: ${e.p99.toFixed(1)} ms`);
  const m = await timerMemory(join(dir, 'timers'));
  console.log(`memory with ${TIMER_INSTANCES} instances waiting on timers: ${(m.after / MB).toFixed(1)} MB RSS (before: ${(m.before / MB).toFixed(1)} MB RSS)`);
  const b = await bpmnEngineInMemory();
  console.log(`bpmn-engine in-memory: ${b.toFixed(1)} instances/s`);
  console.log(`ratio embedded/bpmn-engine: ${(e.rate / b).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
