/**
 * Engine benchmark (`npm run bench:engine`): prints figures only, no verdicts.
 *
 * - throughput: the three-service-task process end to end, the engine as a child process with its
 *   durable store, instances created through the SDK with bounded concurrency and completed by SDK
 *   REST job workers (long polling): instances/s at saturation;
 * - latency curve: the same, open loop, at several fixed offered rates (instances started on a
 *   schedule whatever the engine answers), each rate for BENCH_RATE_SECONDS; per rate the
 *   achieved rate, job latency (from a job's activation, its deadline minus the activation
 *   timeout on the engine clock, to the completion's acknowledgement) and instance latency (from
 *   the creation request to the acknowledgement of its last job's completion);
 * - CPU per instance, of the engine child and of this process (the SDK client and workers), in
 *   the saturated run: on a machine whose cores are shared this varies less than the rates;
 * - bpmn-engine: the same process in memory in the npm package bpmn-engine, services answering
 *   on the next tick.
 *
 * The timers figure (instances waiting on timers, memory and restart) is `npm run bench:timers`.
 *
 * BENCH_INSTANCES (3000), BENCH_WARMUP (300), BENCH_IN_FLIGHT (64): the saturated run.
 * BENCH_RATES: offered rates in instances/s, comma-separated; a value ending in 'x' is that
 * fraction of the saturated rate measured first (default '0.25x,0.5x,0.75x,1x').
 * BENCH_RATE_SECONDS (10). BENCH_SKIP: comma-separated parts to leave out (throughput, curve,
 * bpmn-engine); a curve without the throughput part needs absolute rates.
 * BENCH_CPU_PROF=<dir> runs the engine child with --cpu-prof and writes its profile there.
 * The engine child runs bundled, as production starts it, from a bundle built at the start of the run.
 *
 * The client is the real @camunda8/sdk CamundaRestClient and its REST job workers, with these of
 * their documented options set for throughput: each worker asks for up to 256 jobs per long
 * poll (maxJobsToActivate), polls again 10 ms after an answer (pollIntervalMs), and the client
 * gets a logger that drops everything (the `logger` configuration: the SDK's default winston
 * logger formats each request's debug lines even with CAMUNDA_LOG_LEVEL=none, ~5 % of the
 * client's CPU).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Engine as BpmnEngine } from 'bpmn-engine';
import { BpmnModdle } from 'bpmn-moddle';
import { Camunda8, type CamundaRestClient } from '@camunda8/sdk';
import { basicAuthEnv, fixture } from '../test/support/engine.js';
import { cpuMsOf, freePort, spawnEngine, type EngineProcess } from '../test/support/engine-process.js';
import { freshEngineBundle } from './engine-bundle.js';
import { percentile } from './percentile.js';

const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const INSTANCES = num('BENCH_INSTANCES', 3_000);
const WARMUP_INSTANCES = num('BENCH_WARMUP', 300);
const IN_FLIGHT = num('BENCH_IN_FLIGHT', 64);
const RATES = (process.env.BENCH_RATES ?? '0.25x,0.5x,0.75x,1x').split(',').map((s) => s.trim());
const RATE_SECONDS = num('BENCH_RATE_SECONDS', 10);
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').map((s) => s.trim()));
const BPMN_ENGINE_CONCURRENCY = 32;
const JOB_TIMEOUT_MS = 60_000;
const JOB_PREFIX = 'bench';
/** a run that is not done this long after its last creation is reported as falling behind */
const DRAIN_LIMIT_MS = 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ignore = () => {};
const QUIET_LOGGER = { info: ignore, warn: ignore, error: ignore, debug: ignore, trace: ignore };

function benchClient(engine: EngineProcess): CamundaRestClient {
  const config = { ZEEBE_REST_ADDRESS: engine.url, CAMUNDA_REST_ADDRESS: engine.url, CAMUNDA_LOG_LEVEL: 'none', ...basicAuthEnv(engine.credential), logger: QUIET_LOGGER };
  return new Camunda8(config as never).getCamundaRestClient();
}

/** Runs `count` tasks, at most `concurrency` at a time. */
async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

/** Process instances whose last job's completion was acknowledged, with their latencies. */
class Tracker {
  jobLatencies: number[] = [];
  instanceLatencies: number[] = [];
  completed = 0;
  private readonly started = new Map<string, number>();

  created(processInstanceKey: string, at: number): void {
    this.started.set(processInstanceKey, at);
  }

  jobDone(job: { processInstanceKey: string; elementId: string }, activatedAt: number): void {
    this.jobLatencies.push(Date.now() - activatedAt);
    if (job.elementId !== 'taskC') return;
    this.completed++;
    const at = this.started.get(job.processInstanceKey);
    if (at === undefined) return;
    this.started.delete(job.processInstanceKey);
    this.instanceLatencies.push(performance.now() - at);
  }

  reset(): void {
    this.jobLatencies = [];
    this.instanceLatencies = [];
  }

  async waitFor(completed: number, limitMs = Infinity): Promise<boolean> {
    const until = performance.now() + limitMs;
    while (this.completed < completed) {
      if (performance.now() > until) return false;
      await sleep(5);
    }
    return true;
  }
}

function startWorkers(client: CamundaRestClient, tracker: Tracker): void {
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
        tracker.jobDone(job, activatedAt);
        return ack;
      },
    });
  }
}

async function startEngineChild(dir: string, bundle: string): Promise<EngineProcess> {
  const profDir = process.env.BENCH_CPU_PROF;
  return spawnEngine({
    port: await freePort(),
    dataPath: join(dir, 'engine.db'),
    bundle,
    nodeArgs: profDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profDir)}`] : [],
  });
}

interface CurvePoint {
  offered: number;
  achieved: number;
  jobP50: number;
  jobP99: number;
  instanceP50: number;
  instanceP99: number;
  behind: boolean;
}

async function embedded(dir: string, bundle: string): Promise<{ rate?: number; jobP50?: number; jobP99?: number; curve: CurvePoint[] }> {
  const engine = await startEngineChild(dir, bundle);
  const client = benchClient(engine);
  const tracker = new Tracker();
  try {
    await client.deployResources([{ name: 'three-service-tasks.bpmn', content: fixture('engine/three-service-tasks.bpmn') }]);
    startWorkers(client, tracker);
    let created = 0;
    const create = async () => {
      const at = performance.now();
      created++;
      const pi = await client.createProcessInstance({ processDefinitionId: 'three-service-tasks', variables: { jobPrefix: JOB_PREFIX } });
      tracker.created(pi.processInstanceKey, at);
    };

    await pool(WARMUP_INSTANCES, IN_FLIGHT, create);
    await tracker.waitFor(created);

    let saturated: { rate: number; jobP50: number; jobP99: number } | undefined;
    if (!SKIP.has('throughput')) {
      tracker.reset();
      const started = performance.now();
      const engineCpu = cpuMsOf(engine.pid);
      const clientCpu = process.cpuUsage();
      await pool(INSTANCES, IN_FLIGHT, create);
      await tracker.waitFor(created);
      const seconds = (performance.now() - started) / 1000;
      const clientCpuMs = (({ user, system }) => (user + system) / 1000)(process.cpuUsage(clientCpu));
      const engineCpuMs = cpuMsOf(engine.pid) - engineCpu;
      const sorted = tracker.jobLatencies.sort((a, b) => a - b);
      saturated = { rate: INSTANCES / seconds, jobP50: percentile(sorted, 50), jobP99: percentile(sorted, 99) };
      console.log(`embedded: ${saturated.rate.toFixed(1)} instances/s (${INSTANCES} instances, ${IN_FLIGHT} creations in flight)`);
      console.log(`CPU per instance: engine ${(engineCpuMs / INSTANCES).toFixed(2)} ms, client ${(clientCpuMs / INSTANCES).toFixed(2)} ms`);
      console.log(`job latency at saturation p50: ${saturated.jobP50.toFixed(1)} ms, p99: ${saturated.jobP99.toFixed(1)} ms`);
    }

    const curve: CurvePoint[] = [];
    if (!SKIP.has('curve')) {
      for (const spec of RATES) {
        const offered = spec.endsWith('x') ? Number(spec.slice(0, -1)) * (saturated?.rate ?? NaN) : Number(spec);
        if (!(offered > 0)) throw new Error(`offered rate '${spec}' needs the throughput part (BENCH_SKIP) or is not a number`);
        tracker.reset();
        const count = Math.max(1, Math.round(offered * RATE_SECONDS));
        const started = performance.now();
        const pending: Array<Promise<void>> = [];
        for (let i = 0; i < count; i++) {
          const due = started + (i * 1000) / offered;
          const wait = due - performance.now();
          if (wait > 1) await sleep(wait);
          pending.push(create());
        }
        await Promise.all(pending);
        const done = await tracker.waitFor(created, DRAIN_LIMIT_MS);
        const seconds = (performance.now() - started) / 1000;
        const jobs = tracker.jobLatencies.sort((a, b) => a - b);
        const instances = tracker.instanceLatencies.sort((a, b) => a - b);
        const point = {
          offered,
          achieved: instances.length / seconds,
          jobP50: percentile(jobs, 50),
          jobP99: percentile(jobs, 99),
          instanceP50: percentile(instances, 50),
          instanceP99: percentile(instances, 99),
          behind: !done,
        };
        curve.push(point);
        console.log(
          `offered ${point.offered.toFixed(0)}/s: achieved ${point.achieved.toFixed(1)}/s; job latency p50 ${point.jobP50.toFixed(1)} ms, p99 ${point.jobP99.toFixed(1)} ms; ` +
            `instance latency p50 ${point.instanceP50.toFixed(1)} ms, p99 ${point.instanceP99.toFixed(1)} ms${point.behind ? ' (fell behind: not drained within a minute)' : ''}`,
        );
        if (!done) break;
      }
    }
    return { ...(saturated ?? {}), curve };
  } finally {
    client.stopWorkers();
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
const bundle = await freshEngineBundle();
try {
  const e = await embedded(join(dir, 'embedded'), bundle.path);
  if (!SKIP.has('bpmn-engine')) {
    const b = await bpmnEngineInMemory();
    console.log(`bpmn-engine in-memory: ${b.toFixed(1)} instances/s`);
    if (e.rate !== undefined) console.log(`ratio embedded/bpmn-engine: ${(e.rate / b).toFixed(2)}`);
  }
} finally {
  await bundle.remove();
  rmSync(dir, { recursive: true, force: true });
}
