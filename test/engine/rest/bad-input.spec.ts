import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activateNow, activateOne, rawCall, rejection, type RawResponse } from './helpers.js';

const UNKNOWN = '2251799813999999';

function expectProblem(res: RawResponse, status: number): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expect(res.contentType).to.match(/^application\/problem\+json/);
  expect(res.body.status).to.equal(status);
  expect(res.body.detail).to.be.a('string').and.not.be.empty;
}

describe('engine/rest bad input', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures('engine/rest/jobs-lifecycle.bpmn');
  });
  after(() => t.stop());

  const start = (jobType: string) => t.client.createProcessInstance({ processDefinitionId: 'jobs-lifecycle', variables: { jobType } });

  describe('unknown keys', () => {
    it('should answer 404 naming the key when completing, failing or throwing an error for an unknown job', async () => {
      const complete = await rejection(t.client.completeJob({ jobKey: UNKNOWN, variables: {} }));
      const fail = await rejection(t.client.failJob({ jobKey: UNKNOWN, retries: 1, errorMessage: 'x', retryBackOff: 0 }));
      const error = await rejection(t.client.errorJob({ jobKey: UNKNOWN, errorCode: 'E', variables: {} }));
      const update = await rejection(t.client.updateJob({ jobKey: UNKNOWN, retries: 3 }));

      expect([complete, fail, error, update].map((p) => p.statusCode)).to.deep.equal([404, 404, 404, 404]);
      expect(complete.detail).to.equal(`Expected to complete job with key '${UNKNOWN}', but no such job was found`);
      expect(fail.detail).to.equal(`Expected to fail job with key '${UNKNOWN}', but no such job was found`);
      expect(error.detail).to.equal(`Expected to throw an error for job with key '${UNKNOWN}', but no such job was found`);
      expect(update.detail).to.equal(`Expected to update job with key '${UNKNOWN}', but no such job was found`);
    });

    it('should answer 404 for the process instance, incident and process definition of an unknown key', async () => {
      expectProblem(await rawCall(t, 'GET', `/process-instances/${UNKNOWN}`), 404);
      expectProblem(await rawCall(t, 'GET', `/incidents/${UNKNOWN}`), 404);
      expectProblem(await rawCall(t, 'GET', `/process-definitions/${UNKNOWN}/xml`), 404);
    });

    it('should reject a key that is not a number with 400', async () => {
      expectProblem(await rawCall(t, 'POST', '/jobs/abc/completion', {}), 400);
      expectProblem(await rawCall(t, 'POST', '/process-instances/12ab/cancellation', {}), 400);
      expectProblem(await rawCall(t, 'POST', '/incidents/-1/resolution', {}), 400);
    });

    it('should answer an unknown endpoint with 404 problem+json', async () => {
      expectProblem(await rawCall(t, 'POST', '/no-such-thing', {}), 404);
    });
  });

  describe('malformed bodies', () => {
    it('should reject a body that is not valid JSON with 400', async () => {
      expectProblem(await rawCall(t, 'POST', '/process-instances', '{"processDefinitionId": "jobs-lifecycle",'), 400);
    });

    it('should reject a JSON body that is not an object with 400', async () => {
      expectProblem(await rawCall(t, 'POST', '/process-instances', ['jobs-lifecycle']), 400);
    });

    it('should reject creating an instance without a process id or key with 400', async () => {
      expectProblem(await rawCall(t, 'POST', '/process-instances', { variables: {} }), 400);
    });

    it('should reject start instructions it would otherwise ignore with 400', async () => {
      const res = await rawCall(t, 'POST', '/process-instances', {
        processDefinitionId: 'jobs-lifecycle',
        variables: { jobType: 'bad-start-instructions' },
        startInstructions: [{ elementId: 'end' }],
      });

      expectProblem(res, 400);
      expect(res.body.detail).to.include('startInstructions');
      expect(await activateNow(t.client, 'bad-start-instructions')).to.deep.equal([]);
    });

    it('should reject a search whose filter is not an object with 400', async () => {
      expectProblem(await rawCall(t, 'POST', '/process-instances/search', { filter: ['ACTIVE'] }), 400);
    });

    it('should reject setting no variables on an element instance with 400', async () => {
      const { processInstanceKey } = await start('bad-set-variables');

      const missing = await rawCall(t, 'PUT', `/element-instances/${processInstanceKey}/variables`, {});
      const empty = await rawCall(t, 'PUT', `/element-instances/${processInstanceKey}/variables`, { variables: {} });

      expectProblem(missing, 400);
      expect(missing.body.detail).to.equal('No variables provided.');
      expectProblem(empty, 400);
    });
  });

  describe('job commands', () => {
    for (const [what, request, detail] of [
      ['without type', { timeout: 1000, maxJobsToActivate: 1 }, 'No type provided.'],
      ['without timeout', { type: 'bad-activation', maxJobsToActivate: 1 }, 'No timeout provided.'],
      ['without maxJobsToActivate', { type: 'bad-activation', timeout: 1000 }, 'No maxJobsToActivate provided.'],
      ['with a timeout of 0', { type: 'bad-activation', timeout: 0, maxJobsToActivate: 1 }, undefined],
      ['with maxJobsToActivate 0', { type: 'bad-activation', timeout: 1000, maxJobsToActivate: 0 }, undefined],
    ] as const) {
      it(`should reject a job activation ${what} with 400`, async () => {
        const res = await rawCall(t, 'POST', '/jobs/activation', { ...request, requestTimeout: -1 });

        expectProblem(res, 400);
        if (detail) expect(res.body.detail).to.equal(detail);
      });
    }

    it('should reject throwing an error without an error code with 400', async () => {
      await start('bad-error-code');
      const job = await activateOne(t.client, 'bad-error-code');

      const res = await rawCall(t, 'POST', `/jobs/${job.jobKey}/error`, { errorMessage: 'no code' });

      expectProblem(res, 400);
      await t.client.completeJob({ jobKey: job.jobKey, variables: {} });
    });

    it('should reject a job update without changes with 400', async () => {
      await start('bad-update-empty');
      const job = await activateOne(t.client, 'bad-update-empty');

      const res = await rawCall(t, 'PATCH', `/jobs/${job.jobKey}`, { changeset: {} });

      expectProblem(res, 400);
      expect(res.body.detail).to.equal('At least one of [retries, timeout] is required.');
    });

    it('should reject job retries below 1 with 400', async () => {
      await start('bad-update-retries');
      const job = await activateOne(t.client, 'bad-update-retries');

      const problem = await rejection(t.client.updateJob({ jobKey: job.jobKey, retries: 0 }));

      expect(problem.statusCode).to.equal(400);
      expect(problem.detail).to.equal(
        `Expected to update retries for job with key '${job.jobKey}' with a positive amount of retries, but the amount given was '0'`,
      );
    });

    it('should reject a timeout update of a job that is not activated without applying the retries sent along', async () => {
      await start('bad-update-timeout');
      const job = await activateOne(t.client, 'bad-update-timeout');
      await t.client.failJob({ jobKey: job.jobKey, retries: 1, errorMessage: 'again', retryBackOff: 0 });

      const problem = await rejection(t.client.updateJob({ jobKey: job.jobKey, retries: 7, timeout: 60_000 }));

      expect(problem.statusCode).to.equal(400);
      expect(problem.detail).to.equal(`Expected to update the timeout of job with key '${job.jobKey}', but it is not active`);
      const again = await activateOne(t.client, 'bad-update-timeout');
      expect(again.retries).to.equal(1);
    });

    it('should reject failing a job that already failed without retries with 409', async () => {
      await start('bad-fail-twice');
      const job = await activateOne(t.client, 'bad-fail-twice');
      await t.client.failJob({ jobKey: job.jobKey, retries: 0, errorMessage: 'gone', retryBackOff: 0 });

      const problem = await rejection(t.client.failJob({ jobKey: job.jobKey, retries: 0, errorMessage: 'gone again', retryBackOff: 0 }));

      expect(problem.statusCode).to.equal(409);
      expect(problem.detail).to.equal(`Expected to fail job with key '${job.jobKey}', but it is in state 'FAILED'`);
    });
  });
});
