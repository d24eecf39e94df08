/**
 * A worker process for scenarios that kill it (`node --import tsx test/support/worker-process-main.ts`):
 * runs the real worker modules named in WORKER_TYPES against the engine at ENGINE_URL (signed in
 * with CAMUNDA_BASIC_AUTH_USERNAME/PASSWORD) and the
 * store that STORE_URL/STORE_SCHEMA or STORE_PATH name (read as npm start reads them), on a
 * clock pinned at WORKER_CLOCK, exactly as workers/index.ts createWorkers wires them (runJob,
 * the module's timeout, the same job worker options).
 *
 * Test hook, only here: with HOLD_AFTER_COMMIT=<job type>, a job of that type runs its real
 * handler — whose side effects are committed when it returns — and then never answers the
 * engine: the process prints `HELD <jobKey> <elementInstanceKey> <result>` and waits to be
 * killed. That is the crash window "side effects committed, completion not yet at the engine",
 * made deterministic without touching production code.
 *
 * Prints `READY` once its job workers poll.
 */
import { openStore, readStoreConfig } from '../../domain/store/index.js';
import type { ExternalChannel } from '../../domain/notify/index.js';
import { storeCalendar, type WorkerContext } from '../../workers/deps.js';
import { engineRequests } from '../../workers/engine-requests.js';
import { workerModules } from '../../workers/index.js';
import { runJob, type JobHandler } from '../../workers/run-job.js';
import { sdkClient } from './engine.js';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const engineUrl = env('ENGINE_URL');
const time = new Date(env('WORKER_CLOCK'));
const types = env('WORKER_TYPES').split(',');
const hold = process.env.HOLD_AFTER_COMMIT ?? '';

const store = await openStore(readStoreConfig(), { now: () => new Date(time) });
const camunda = sdkClient(engineUrl, { username: env('CAMUNDA_BASIC_AUTH_USERNAME'), password: env('CAMUNDA_BASIC_AUTH_PASSWORD') });
const deps: WorkerContext = {
  store,
  clock: () => new Date(time),
  calendar: storeCalendar(store),
  log: (message, detail) => process.stderr.write(`${message} ${JSON.stringify(detail ?? {})}\n`),
  engine: engineRequests(camunda),
  notifyChannels: (process.env.NOTIFY_CHANNELS ?? '').split(',').filter(Boolean) as ExternalChannel[],
};

for (const module of workerModules().filter((m) => types.includes(m.jobType))) {
  const real = module.create(deps);
  const handler: JobHandler =
    module.jobType === hold
      ? async (job) => {
          const result = await real(job);
          process.stdout.write(`HELD ${job.jobKey} ${job.elementInstanceKey} ${JSON.stringify(result ?? {})}\n`);
          return new Promise<never>(() => {});
        }
      : real;
  camunda.createJobWorker({
    type: module.jobType,
    worker: `service-hall-${process.pid}`,
    timeout: module.timeoutMs ?? 60_000,
    maxJobsToActivate: 16,
    jobHandler: (job) => runJob(job, handler, deps, module.listener),
  });
}
process.stdout.write('READY\n');
