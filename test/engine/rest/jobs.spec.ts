import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activateNow, activateOne, rawCall, rejection, waitFor, waitForState } from './helpers.js';

/** A whole second, so ISO dates and epoch values compare exactly. */
const T0 = Math.floor(Date.now() / 1000) * 1000 + 3_600_000;

describe('engine/rest jobs', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures('engine/rest/jobs-activation.bpmn', 'engine/rest/jobs-lifecycle.bpmn');
  });
  afterEach(() => t.client.resetClock());
  after(() => t.stop());

  const start = (jobType: string, variables: Record<string, unknown> = {}) =>
    t.client.createProcessInstance({ processDefinitionId: 'jobs-lifecycle', variables: { jobType, ...variables } });

  async function jobDeadline(jobKey: string): Promise<unknown> {
    const res = await rawCall(t, 'POST', '/jobs/search', { filter: { jobKey } });
    const items = res.body.items as Array<Record<string, unknown>>;
    expect(items).to.have.length(1);
    return items[0].deadline;
  }

  describe('activation', () => {
    it('should hand out the job with its variables, headers, retries, element, process and deadline', async () => {
      await t.client.pinInternalClock(T0);
      const created = await t.client.createProcessInstance({
        processDefinitionId: 'jobs-activation',
        variables: { currency: 'EUR', amounts: [1, 2], customer: { name: 'Ada' } },
      });

      const jobs = await t.client.activateJobs({ type: 'jobs-activation', worker: 'rates-worker', timeout: 45_000, maxJobsToActivate: 5, requestTimeout: -1 });

      expect(jobs).to.have.length(1);
      const job = jobs[0];
      expect(job).to.include({
        type: 'jobs-activation',
        worker: 'rates-worker',
        retries: 5,
        elementId: 'fetchRates',
        processDefinitionId: 'jobs-activation',
        processDefinitionVersion: 1,
        processDefinitionKey: created.processDefinitionKey,
        processInstanceKey: created.processInstanceKey,
      });
      expect(job.jobKey).to.match(/^\d+$/);
      expect(job.elementInstanceKey).to.match(/^\d+$/);
      expect(job.variables).to.deep.equal({ currency: 'EUR', amounts: [1, 2], customer: { name: 'Ada' } });
      expect(job.customHeaders).to.deep.equal({ region: 'eu-west', channel: 'web' });
      expect(Number(job.deadline)).to.equal(T0 + 45_000);
      expect(await jobDeadline(job.jobKey)).to.equal(new Date(T0 + 45_000).toISOString());
      expect(await activateNow(t.client, 'jobs-activation')).to.deep.equal([]);
    });

    it('should fetch only the requested variables', async () => {
      await start('jobs-fetch', { a: 1, b: { nested: true }, c: 'three' });

      const job = await activateOne(t.client, 'jobs-fetch', { fetchVariable: ['b', 'c', 'missing'] });

      expect(job.variables).to.deep.equal({ b: { nested: true }, c: 'three' });
    });

    it('should activate no more than maxJobsToActivate jobs, oldest first', async () => {
      const keys = [];
      for (let i = 0; i < 3; i++) keys.push((await start('jobs-max', { i })).processInstanceKey);

      const firstBatch = await activateNow(t.client, 'jobs-max', { maxJobsToActivate: 2 });
      const secondBatch = await activateNow(t.client, 'jobs-max', { maxJobsToActivate: 2 });

      expect(firstBatch.map((j) => j.processInstanceKey)).to.deep.equal(keys.slice(0, 2));
      expect(secondBatch.map((j) => j.processInstanceKey)).to.deep.equal(keys.slice(2));
    });

    it('should answer a waiting activation request with a job created after it started', async () => {
      const requestTimeout = 10_000;
      const startedAt = Date.now();
      const waiting = t.client.activateJobs({ type: 'jobs-long-poll', worker: 'w', timeout: 30_000, maxJobsToActivate: 1, requestTimeout });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const { processInstanceKey } = await start('jobs-long-poll');

      const jobs = await waiting;

      expect(jobs).to.have.length(1);
      expect(jobs[0].processInstanceKey).to.equal(processInstanceKey);
      expect(Date.now() - startedAt).to.be.below(requestTimeout / 2);
    });

    it('should share jobs created later between activation requests waiting for the same type', async () => {
      const poll = () => t.client.activateJobs({ type: 'jobs-long-poll-shared', worker: 'w', timeout: 30_000, maxJobsToActivate: 5, requestTimeout: 10_000 });
      const first = poll();
      const second = poll();
      await new Promise((resolve) => setTimeout(resolve, 100));

      const a = await start('jobs-long-poll-shared');
      const firstJobs = await first;
      const b = await start('jobs-long-poll-shared');
      const secondJobs = await second;

      expect(firstJobs.map((j) => j.processInstanceKey)).to.deep.equal([a.processInstanceKey]);
      expect(secondJobs.map((j) => j.processInstanceKey)).to.deep.equal([b.processInstanceKey]);
    });

    it('should not hand a job to an activation request the client has cancelled', async () => {
      const waiting = t.client.activateJobs({ type: 'jobs-long-poll-cancelled', worker: 'w', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: 10_000 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      waiting.cancel();
      await new Promise((resolve) => setTimeout(resolve, 50));

      const { processInstanceKey } = await start('jobs-long-poll-cancelled');

      const job = await activateOne(t.client, 'jobs-long-poll-cancelled');
      expect(job.processInstanceKey).to.equal(processInstanceKey);
    });

    it('should answer a waiting activation request with no jobs when its request timeout passes', async () => {
      const jobs = await t.client.activateJobs({ type: 'jobs-long-poll-empty', worker: 'w', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: 150 });

      expect(jobs).to.deep.equal([]);
    });

    it('should activate a timed-out job again once the clock passes its deadline', async () => {
      await t.client.pinInternalClock(T0);
      await start('jobs-timeout');
      const first = await activateOne(t.client, 'jobs-timeout', { timeout: 10_000 });

      await t.client.pinInternalClock(T0 + 9_999);
      expect(await activateNow(t.client, 'jobs-timeout')).to.deep.equal([]);

      await t.client.pinInternalClock(T0 + 10_001);
      const again = await activateOne(t.client, 'jobs-timeout');
      expect(again.jobKey).to.equal(first.jobKey);
      expect(again.retries).to.equal(3);
      expect(Number(again.deadline)).to.equal(T0 + 10_001 + 60_000);
    });

    it('should extend the deadline when the job timeout is updated', async () => {
      await t.client.pinInternalClock(T0);
      await start('jobs-update-timeout');
      const job = await activateOne(t.client, 'jobs-update-timeout', { timeout: 10_000 });

      await t.client.pinInternalClock(T0 + 5_000);
      await t.client.updateJob({ jobKey: job.jobKey, timeout: 60_000 });

      expect(await jobDeadline(job.jobKey)).to.equal(new Date(T0 + 65_000).toISOString());
      await t.client.pinInternalClock(T0 + 20_000);
      expect(await activateNow(t.client, 'jobs-update-timeout')).to.deep.equal([]);
      await t.client.pinInternalClock(T0 + 65_001);
      expect((await activateOne(t.client, 'jobs-update-timeout')).jobKey).to.equal(job.jobKey);
    });
  });

  describe('completion and failure', () => {
    it('should complete the task with the job variables and continue the instance', async () => {
      const waiting = t.client.createProcessInstanceWithResult({ processDefinitionId: 'jobs-lifecycle', variables: { jobType: 'jobs-complete', input: 1 } });
      const job = await activateOne(t.client, 'jobs-complete');

      await t.client.completeJob({ jobKey: job.jobKey, variables: { output: 'done', input: 2 } });

      const result = await waiting;
      expect(result.variables).to.deep.equal({ jobType: 'jobs-complete', input: 2, output: 'done' });
    });

    it('should reject completing a job twice with 404', async () => {
      const { processInstanceKey } = await start('jobs-twice');
      const job = await activateOne(t.client, 'jobs-twice');

      await t.client.completeJob({ jobKey: job.jobKey, variables: { n: 1 } });
      const problem = await rejection(t.client.completeJob({ jobKey: job.jobKey, variables: { n: 2 } }));

      expect(problem.statusCode).to.equal(404);
      expect(problem.detail).to.equal(`Expected to complete job with key '${job.jobKey}', but no such job was found`);
      await waitForState(t.client, processInstanceKey, 'COMPLETED');
    });

    it('should offer a job failed with retries left again, with the new retries', async () => {
      await start('jobs-fail-retry');
      const job = await activateOne(t.client, 'jobs-fail-retry');

      await t.client.failJob({ jobKey: job.jobKey, retries: 2, errorMessage: 'flaky backend', retryBackOff: 0 });

      const again = await activateOne(t.client, 'jobs-fail-retry');
      expect(again.jobKey).to.equal(job.jobKey);
      expect(again.retries).to.equal(2);
    });

    it('should keep a job failed with a retry back-off until the clock passes the back-off', async () => {
      await t.client.pinInternalClock(T0);
      await start('jobs-backoff');
      const job = await activateOne(t.client, 'jobs-backoff');

      await t.client.failJob({ jobKey: job.jobKey, retries: 1, errorMessage: 'rate limited', retryBackOff: 30_000 });

      expect(await activateNow(t.client, 'jobs-backoff')).to.deep.equal([]);
      await t.client.pinInternalClock(T0 + 29_999);
      expect(await activateNow(t.client, 'jobs-backoff')).to.deep.equal([]);
      await t.client.pinInternalClock(T0 + 30_000);
      const again = await activateOne(t.client, 'jobs-backoff');
      expect(again.jobKey).to.equal(job.jobKey);
      expect(again.retries).to.equal(1);
    });

    it('should answer a waiting activation request when a back-off ends', async () => {
      await t.client.pinInternalClock(T0);
      await start('jobs-backoff-poll');
      const job = await activateOne(t.client, 'jobs-backoff-poll');
      await t.client.failJob({ jobKey: job.jobKey, retries: 1, errorMessage: 'later', retryBackOff: 5_000 });

      const waiting = t.client.activateJobs({ type: 'jobs-backoff-poll', worker: 'w', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: 10_000 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await t.client.pinInternalClock(T0 + 5_000);

      const jobs = await waiting;
      expect(jobs.map((j) => j.jobKey)).to.deep.equal([job.jobKey]);
    });

    it('should store variables given with a failure on the task', async () => {
      await start('jobs-fail-variables', { attempt: 0 });
      const job = await activateOne(t.client, 'jobs-fail-variables');

      await t.client.failJob({ jobKey: job.jobKey, retries: 1, errorMessage: 'retry', retryBackOff: 0, variables: { attempt: 1, lastError: 'retry' } });

      const again = await activateOne(t.client, 'jobs-fail-variables');
      expect(again.variables).to.deep.equal({ jobType: 'jobs-fail-variables', attempt: 1, lastError: 'retry' });
    });
  });
});

describe('engine/rest job worker', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures('engine/three-service-tasks.bpmn');
  });
  after(() => t.stop());

  it('should run every instance of a three-task process to completion exactly once with createJobWorker', async () => {
    const jobPrefix = 'worker-e2e';
    const instances = 5;
    const handled = new Map<string, string[]>();
    for (const letter of ['a', 'b', 'c']) {
      t.client.createJobWorker({
        type: `${jobPrefix}-${letter}`,
        worker: `worker-${letter}`,
        timeout: 30_000,
        maxJobsToActivate: 10,
        pollIntervalMs: 50,
        jobHandler: (job) => {
          const seen = handled.get(job.processInstanceKey) ?? [];
          seen.push(job.elementId);
          handled.set(job.processInstanceKey, seen);
          return job.complete({ [`done_${letter}`]: true });
        },
      });
    }

    const keys: string[] = [];
    for (let i = 0; i < instances; i++) {
      keys.push((await t.client.createProcessInstance({ processDefinitionId: 'three-service-tasks', variables: { jobPrefix } })).processInstanceKey);
    }

    const completed = await waitFor(
      () => t.client.searchProcessInstances({ filter: { processDefinitionId: 'three-service-tasks', state: 'COMPLETED' } }),
      (found) => found.items.length === instances,
      'all instances to complete',
      10_000,
    );
    expect(completed.items.map((i) => i.processInstanceKey).sort()).to.deep.equal([...keys].sort());
    for (const key of keys) expect(handled.get(key), `tasks handled for ${key}`).to.deep.equal(['taskA', 'taskB', 'taskC']);
    expect(handled.size).to.equal(instances);
  });
});
