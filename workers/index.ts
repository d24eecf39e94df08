import type { CamundaRestClient } from '@camunda8/sdk';
import type { WorkerDefinition } from './types.js';

const workers: WorkerDefinition[] = [];

export interface RunningWorkers {
  /** Stops polling and waits for the jobs in hand; jobs it gives up on are redelivered after their timeout. */
  stop(): Promise<void>;
}

export function createWorkers({ camunda }: { camunda: CamundaRestClient }): RunningWorkers {
  const running = workers.map((definition) =>
    camunda.createJobWorker({
      type: definition.jobType,
      worker: `service-hall-${process.pid}`,
      timeout: definition.timeoutMs ?? 60_000,
      maxJobsToActivate: definition.maxJobsToActivate ?? 10,
      jobHandler: definition.handler,
    }),
  );
  return {
    async stop() {
      await Promise.all(running.map((worker) => worker.stop()));
    },
  };
}
