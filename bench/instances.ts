/**
 * Cluster-mode benchmark (`npm run bench:instances`): prints figures only, no verdicts.
 *
 * The same load on ONE app instance and on TWO sharing one PostgreSQL store and one engine. Each
 * run gets a fresh engine (its own process and data file), a fresh schema on the local
 * PostgreSQL server the tests use, an SMTP server, and N app processes exactly as `npm start`
 * runs them (scripts/start.ts), started at the same moment; every instance runs every job
 * worker, the outbox dispatcher and the web app. The load is the one test/scenarios/two-instances
 * checks (test/support/case-load.ts): 内地居民结婚登记 (MZ-001, three user tasks, a rating),
 * 王芳 logged in on every instance listing her inbox and completing each step on the next
 * instance in turn, the applicants rating through the public API in turn.
 *
 * Per run: start-up (spawn until every instance serves); wall time of BENCH_CASES cases (default
 * 60) worked with BENCH_PARALLEL in flight (default 8), after BENCH_WARMUP cases (default one per
 * lane) that are not counted; cases/s; case duration from the creation request until the
 * instance is seen completed; the latency of POST /api/tasks/{key}/completion; the case jobs each
 * instance logged during the load; the peak RSS (VmHWM) of each instance and of the engine; and the
 * machine's load average, because on a shared machine the wall-clock figures depend on what else
 * runs. With 60 cases, p99 is the slowest case.
 *
 * CPU per case during the load, for every party on the machine: the app instances and the engine
 * (/proc/<pid>/stat), PostgreSQL (the backends of the connections the instances opened, and apart
 * those of the driver's, found by application_name: bench/postgres-cpu.ts), and this driver
 * (process.cpuUsage()); then their total and the cases/s it allows on this machine's cores
 * (os.availableParallelism()), with and without the driver. PostgreSQL's own processes (WAL writer,
 * checkpointer, autovacuum) serve every database on the server, other work's too: printed apart,
 * left out of the total.
 *
 * BENCH_COUNT=1 also counts, per case, the PostgreSQL statements and engine requests of the app
 * instances by cause (jobs, completions, listings, the rating, other requests, timers, long polls)
 * and those of the driver: bench/round-trips-preload.ts is loaded into each instance (after tsx)
 * and prints its counts when sent SIGUSR2; the driver counts itself with the same hooks. The hooks
 * cost CPU (an AsyncLocalStorage in every instance), so such a run's CPU figures may be higher.
 * BENCH_ONE_ONLY=1 stops after the one-instance run.
 *
 * The driver polls little (runCaseLoad): a completion's answer naming the next step spares the
 * store poll for it, and the engine is asked only to confirm what the store shows, mostly once.
 * The machine has 2 CPUs, shared by the engine, PostgreSQL, the app instances and the driver, so
 * the ratio of two instances' throughput to one's measures contention as much as scaling out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnApps, type AppProcess } from '../test/support/app-process.js';
import { CASE_JOB_MESSAGES, caseJobsLogged, instanceEnv, openDesks, runCaseLoad, STEPS, until, type CaseLoadResult } from '../test/support/case-load.js';
import { sdkClient } from '../test/support/engine.js';
import { cpuMsOf, freePort, peakRssOf, spawnEngine, type EngineProcess } from '../test/support/engine-process.js';
import { startSmtpServer, type TestSmtpServer } from '../test/support/mail.js';
import { assertPostgresReachable, pgTestUrl, StoreSandbox } from '../test/support/store.js';
import { percentile } from './percentile.js';
import { SHARED, watchPostgresCpu } from './postgres-cpu.js';
import { addRoundTrips, CAUSES, countRoundTrips, noRoundTrips, readRoundTrips, totalOf, type RoundTrips } from './round-trips.js';

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got '${raw}'`);
  return value;
}

const CASES = positiveInteger('BENCH_CASES', 60);
const PARALLEL = positiveInteger('BENCH_PARALLEL', 8);
const WARMUP = process.env.BENCH_WARMUP === '0' ? 0 : positiveInteger('BENCH_WARMUP', PARALLEL);
const COUNT = process.env.BENCH_COUNT === '1';
const MB = 1024 * 1024;
const CORES = availableParallelism();

/** application_name of the PostgreSQL connections of the instances and of this driver (PGAPPNAME) */
const APPS_PG = `bench-instances-${process.pid}-apps`;
const DRIVER_PG = `bench-instances-${process.pid}-driver`;
process.env.PGAPPNAME = DRIVER_PG;
const countDriver = COUNT ? countRoundTrips() : undefined;

interface Figures {
  startMs: number;
  load: CaseLoadResult;
  /** case jobs logged during the measured load, per instance */
  jobs: number[];
  peakRss: number[];
  enginePeakRss: number;
  /** CPU time used during the measured load (user + system), ms: per instance, and the engine's */
  cpuMs: number[];
  engineCpuMs: number;
  /** CPU ms of the PostgreSQL backends serving the instances' connections, the driver's, and the server's shared processes */
  postgresCpuMs: { apps: number; driver: number; shared: number };
  driverCpuMs: number;
  /** with BENCH_COUNT=1: the round trips of all instances together, and of the driver */
  roundTrips?: { apps: RoundTrips; driver: RoundTrips };
  /** the machine's 1-minute load average when the measured load started and when it ended */
  loadAverage: [number, number];
}

/** the clean-up of the run in progress, for Ctrl-C (the children stop on the terminal's SIGINT themselves) */
let inProgress: (() => Promise<void>) | undefined;
process.once('SIGINT', () => {
  void (inProgress?.() ?? Promise.resolve()).finally(() => process.exit(130));
});

async function run(instances: number): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-instances-'));
  const sandbox = new StoreSandbox('postgres');
  let engine: EngineProcess | undefined;
  let smtp: TestSmtpServer | undefined;
  let apps: AppProcess[] = [];
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await Promise.all(apps.map((app) => app.stop()));
      await engine?.stop();
      await smtp?.close();
      // closes the store and drops the schema
      await sandbox.cleanup();
      rmSync(dir, { recursive: true, force: true });
    })());
  inProgress = cleanup;
  try {
    engine = await spawnEngine({ port: await freePort(), dataPath: join(dir, 'engine.db') });
    smtp = await startSmtpServer();
    const storeConfig = sandbox.config();
    // every rating of a run comes from this one address, within the limit's 15 minutes
    const env = { ...instanceEnv({ engine, store: storeConfig, smtpUrl: smtp.url }), LOOKUP_RATE_LIMIT: '100000', PGAPPNAME: APPS_PG };
    const started = performance.now();
    apps = await spawnApps(env, instances, COUNT ? [join(import.meta.dirname, 'round-trips-preload.ts')] : []);
    const startMs = performance.now() - started;

    const store = await sandbox.open(storeConfig);
    const camunda = sdkClient(engine.url, engine.credential);
    const desks = await openDesks(apps.map((app) => app.url));
    const jobsLoggedBy = (cases: number) =>
      until(`the case jobs of ${cases} cases in the instances' logs`, () => {
        const perInstance = apps.map((app) => caseJobsLogged(app.output()));
        return Promise.resolve(perInstance.reduce((a, b) => a + b, 0) >= cases * CASE_JOB_MESSAGES.length && perInstance);
      });

    if (WARMUP > 0) await runCaseLoad(camunda, store, desks, { cases: WARMUP, parallel: PARALLEL });
    const before = await jobsLoggedBy(WARMUP);
    const roundTripsOf = async () => ({
      apps: (await Promise.all(apps.map((app) => readRoundTrips(app, until)))).reduce((a, b) => addRoundTrips(a, b), noRoundTrips()),
      driver: countDriver?.read() ?? noRoundTrips(),
    });
    const roundTripsBefore = COUNT ? await roundTripsOf() : undefined;
    const postgres = await watchPostgresCpu(pgTestUrl(), [APPS_PG, DRIVER_PG]);
    const cpuBefore = apps.map((app) => cpuMsOf(app.pid));
    const engineCpuBefore = cpuMsOf(engine.pid);
    const driverCpuBefore = process.cpuUsage();
    const loadBefore = loadavg()[0];
    const measured = () => runCaseLoad(camunda, store, desks, { cases: CASES, parallel: PARALLEL });
    const load = await (countDriver ? countDriver.run('driver', measured) : measured());
    const after = await jobsLoggedBy(WARMUP + CASES);
    const cpuMs = apps.map((app, k) => cpuMsOf(app.pid) - cpuBefore[k]);
    const engineCpuMs = cpuMsOf(engine.pid) - engineCpuBefore;
    const driverCpu = process.cpuUsage(driverCpuBefore);
    const postgresCpu = await postgres.stop();
    const roundTripsAfter = roundTripsBefore && (await roundTripsOf());
    return {
      startMs,
      load,
      jobs: after.map((n, k) => n - before[k]),
      peakRss: apps.map((app) => peakRssOf(app.pid)),
      enginePeakRss: peakRssOf(engine.pid),
      cpuMs,
      engineCpuMs,
      postgresCpuMs: { apps: postgresCpu.get(APPS_PG) ?? 0, driver: postgresCpu.get(DRIVER_PG) ?? 0, shared: postgresCpu.get(SHARED) ?? 0 },
      driverCpuMs: (driverCpu.user + driverCpu.system) / 1000,
      roundTrips: roundTripsBefore && roundTripsAfter && {
        apps: addRoundTrips(roundTripsAfter.apps, roundTripsBefore.apps, -1),
        driver: addRoundTrips(roundTripsAfter.driver, roundTripsBefore.driver, -1),
      },
      loadAverage: [loadBefore, loadavg()[0]],
    };
  } finally {
    await cleanup();
    inProgress = undefined;
  }
}

function report(instances: number, f: Figures): number {
  const rate = CASES / (f.load.wallMs / 1000);
  const cases = [...f.load.caseMs].sort((a, b) => a - b);
  const completions = [...f.load.completionMs].sort((a, b) => a - b);
  const label = instances === 1 ? '1 instance' : `${instances} instances`;
  console.log(`${label}:`);
  console.log(`  start-up ${(f.startMs / 1000).toFixed(1)} s (spawn until every instance serves)`);
  console.log(`  load ${(f.load.wallMs / 1000).toFixed(1)} s, ${rate.toFixed(2)} cases/s; machine load average ${f.loadAverage.map((l) => l.toFixed(1)).join(' → ')} (other work included)`);
  console.log(`  case duration p50 ${percentile(cases, 50).toFixed(0)} ms, p99 ${percentile(cases, 99).toFixed(0)} ms`);
  console.log(`  task completion request p50 ${percentile(completions, 50).toFixed(1)} ms, p99 ${percentile(completions, 99).toFixed(1)} ms (${completions.length} requests)`);
  const phases = [...new Set(f.load.completionPhases.flatMap((p) => [...p.keys()]))];
  console.log(
    `  its phases (Server-Timing) p50/p99 ms: ${phases
      .map((name) => {
        const values = f.load.completionPhases.map((p) => p.get(name) ?? 0).sort((a, b) => a - b);
        return `${name} ${percentile(values, 50).toFixed(1)}/${percentile(values, 99).toFixed(1)}`;
      })
      .join(', ')}`,
  );
  const appCpu = f.cpuMs.reduce((a, b) => a + b, 0);
  const perCase = (ms: number) => `${(ms / CASES).toFixed(0)} ms`;
  const system = appCpu + f.engineCpuMs + f.postgresCpuMs.apps;
  const driver = f.driverCpuMs + f.postgresCpuMs.driver;
  const ceiling = (ms: number) => `${((CORES * 1000 * CASES) / ms).toFixed(1)} cases/s`;
  console.log(
    `  CPU per case: app instances ${perCase(appCpu)} (${f.cpuMs.map(perCase).join(' / ')}), engine ${perCase(f.engineCpuMs)}, ` +
      `PostgreSQL ${perCase(f.postgresCpuMs.apps)} (the backends of the instances' connections); ` +
      `bench driver ${perCase(f.driverCpuMs)} and its PostgreSQL backends ${perCase(f.postgresCpuMs.driver)}${COUNT ? ' (counting hooks included)' : ''}`,
  );
  console.log(
    `  total ${perCase(system + driver)} a case: at most ${ceiling(system + driver)} on ${CORES} cores; the system alone ${perCase(system)}: at most ${ceiling(system)}; ` +
      `per completion (${STEPS.length} a case, the workers' and the listings' work included) ${((appCpu + f.engineCpuMs) / CASES / STEPS.length).toFixed(0)} ms of app and engine. ` +
      `Not counted: PostgreSQL's shared processes (WAL writer, checkpointer, autovacuum; every database, other work included) ${perCase(f.postgresCpuMs.shared)}`,
  );
  if (f.roundTrips) reportRoundTrips(f.roundTrips);
  console.log(`  case jobs taken per instance: ${f.jobs.join(' / ')}`);
  console.log(`  peak RSS per instance: ${f.peakRss.map((b) => `${(b / MB).toFixed(0)} MB`).join(' / ')}; engine ${(f.enginePeakRss / MB).toFixed(0)} MB`);
  return rate;
}

function reportRoundTrips({ apps, driver }: { apps: RoundTrips; driver: RoundTrips }): void {
  const perCase = (n: number) => (n / CASES).toFixed(1);
  console.log(
    `  round trips per case of the app instances: ${perCase(totalOf(apps.statements))} PostgreSQL statements, ${perCase(totalOf(apps.engineRequests))} engine requests, ${perCase(apps.jobs)} jobs; ` +
      `by cause (statements/requests): ${CAUSES.filter((c) => c !== 'driver').map((c) => `${c} ${perCase(apps.statements[c])}/${perCase(apps.engineRequests[c])}`).join(', ')}`,
  );
  console.log(`  round trips per case of the bench driver: ${perCase(driver.statements.driver)} PostgreSQL statements, ${perCase(driver.engineRequests.driver)} engine requests`);
}

await assertPostgresReachable();
console.log(
  `${CASES} cases of MZ-001 (${STEPS.length} user tasks and a rating each), ${PARALLEL} in flight, after ${WARMUP} warm-up cases; ` +
    `engine in its own process, PostgreSQL store; ${CASE_JOB_MESSAGES.length} logged case jobs per case${COUNT ? '; counting round trips' : ''}`,
);
const one = report(1, await run(1));
if (process.env.BENCH_ONE_ONLY !== '1') {
  const two = report(2, await run(2));
  console.log(`throughput 2 instances / 1 instance: ${(two / one).toFixed(2)}`);
}
