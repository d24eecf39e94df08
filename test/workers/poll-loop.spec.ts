import { expect } from 'chai';
import type { CamundaRestClient } from '@camunda8/sdk';
import { createWorkers, WORKER_POLL_INTERVAL_MS } from '../../workers/index.js';
import type { WorkerDeps } from '../../workers/deps.js';
import { sdkClient } from '../support/engine.js';

/** Activation requests a worker sent: the first answered at once with no job, the later ones held open as long polls. */
function countingActivations(camunda: CamundaRestClient): { calls: () => number } {
  let calls = 0;
  const cancelable = <T>(answer: Promise<T>) => Object.assign(answer, { isCanceled: false, cancel() {} });
  camunda.activateJobs = () => (calls++ === 0 ? cancelable(Promise.resolve([])) : cancelable(new Promise<never>(() => {})));
  return { calls: () => calls };
}

describe('workers/index poll loop', () => {
  it('should open the next long poll as soon as the last one is answered, not on the tick', async () => {
    // no engine answers here: activateJobs is replaced before any worker polls
    const camunda = sdkClient('http://127.0.0.1:9');
    const activations = countingActivations(camunda);
    const deps = { store: {}, clock: () => new Date(), calendar: {}, log: () => {} } as unknown as WorkerDeps;
    const workers = createWorkers({ camunda, deps, only: ['case-stage'] });
    try {
      await new Promise((resolve) => setTimeout(resolve, WORKER_POLL_INTERVAL_MS / 3));
      expect(activations.calls()).to.equal(2);
    } finally {
      await workers.stop();
    }
  });
});
