import type { CamundaRestClient } from '@camunda8/sdk';
import type { WorkerDeps } from './deps.js';
import { runJob, type WorkerModule } from './run-job.js';

/** Every job type the diagrams use (docs/procedures.md), one module per file. */
const modules: WorkerModule[] = [];

export interface RunningWorkers {
  /** Stops polling and waits for the jobs in hand; jobs it gives up on are redelivered after their timeout. */
  stop(): Promise<void>;
}

export function workerModules(): readonly WorkerModule[] {
  return modules;
}

export function createWorkers({ camunda, deps, only }: { camunda: CamundaRestClient; deps: WorkerDeps; only?: string[] }): RunningWorkers {
  const running = modules
    .filter((m) => !only || only.includes(m.jobType))
    .map((module) => {
      const handler = module.create(deps);
      return camunda.createJobWorker({
        type: module.jobType,
        worker: `service-hall-${process.pid}`,
        timeout: module.timeoutMs ?? 60_000,
        maxJobsToActivate: 16,
        jobHandler: (job) => runJob(job, handler, deps),
      });
    });
  return {
    async stop() {
      await Promise.all(running.map((worker) => worker.stop()));
    },
  };
}
