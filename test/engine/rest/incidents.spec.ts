import { expect } from 'chai';
import type { IncidentDetails } from '@camunda8/sdk/dist/c8/lib/C8Dto.js';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activateNow, activateOne, rejection, waitForState } from './helpers.js';

describe('engine/rest incidents', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures('engine/rest/incidents-job.bpmn');
  });
  after(() => t.stop());

  const start = (jobType: string) => t.client.createProcessInstance({ processDefinitionId: 'incidents-job', variables: { jobType } });

  async function incidentsOf(processInstanceKey: string): Promise<IncidentDetails[]> {
    return (await t.client.searchIncidents({ filter: { processInstanceKey } })).items;
  }

  async function hasIncident(processInstanceKey: string): Promise<boolean | undefined> {
    return (await t.client.searchProcessInstances({ filter: { processInstanceKey } })).items[0]?.hasIncident;
  }

  /** Starts an instance and fails its job without retries. */
  async function failedWithoutRetries(jobType: string, errorMessage: string) {
    const { processInstanceKey } = await start(jobType);
    const job = await activateOne(t.client, jobType);
    await t.client.failJob({ jobKey: job.jobKey, retries: 0, errorMessage, retryBackOff: 0 });
    const incidents = await incidentsOf(processInstanceKey);
    expect(incidents).to.have.length(1);
    return { processInstanceKey, job, incident: incidents[0] };
  }

  it('should raise a JOB_NO_RETRIES incident with the error message when a job fails without retries', async () => {
    const { processInstanceKey, job, incident } = await failedWithoutRetries('incidents-no-retries', 'payment service down');

    expect(incident).to.include({
      errorType: 'JOB_NO_RETRIES',
      errorMessage: 'payment service down',
      state: 'ACTIVE',
      elementId: 'work',
      processInstanceKey,
      processDefinitionId: 'incidents-job',
      jobKey: job.jobKey,
      elementInstanceKey: job.elementInstanceKey,
    });
    expect(await hasIncident(processInstanceKey)).to.equal(true);
    expect(await activateNow(t.client, 'incidents-no-retries')).to.deep.equal([]);
    expect((await t.client.searchIncidents({ filter: { incidentKey: incident.incidentKey } })).items).to.have.length(1);
  });

  it('should use a default message for a job failed without retries and without a message', async () => {
    const { processInstanceKey } = await start('incidents-no-message');
    const job = await activateOne(t.client, 'incidents-no-message');

    await t.client.failJob({ jobKey: job.jobKey, retries: 0, errorMessage: '', retryBackOff: 0 });

    const incidents = await incidentsOf(processInstanceKey);
    expect(incidents.map((i) => [i.errorType, i.errorMessage])).to.deep.equal([['JOB_NO_RETRIES', 'No more retries left.']]);
  });

  it('should reject completing a job that failed without retries with 409', async () => {
    const { job } = await failedWithoutRetries('incidents-complete-failed', 'broken');

    const problem = await rejection(t.client.completeJob({ jobKey: job.jobKey, variables: {} }));

    expect(problem.statusCode).to.equal(409);
    expect(problem.detail).to.include(`job with key '${job.jobKey}'`).and.include('FAILED');
  });

  it('should activate the job again and let the instance complete after retries are raised and the incident is resolved', async () => {
    const { processInstanceKey, job, incident } = await failedWithoutRetries('incidents-resolve', 'temporarily broken');

    await t.client.updateJob({ jobKey: job.jobKey, retries: 2 });
    expect(await activateNow(t.client, 'incidents-resolve')).to.deep.equal([]);
    await t.client.resolveIncident(incident.incidentKey);

    const again = await activateOne(t.client, 'incidents-resolve');
    expect(again.jobKey).to.equal(job.jobKey);
    expect(again.retries).to.equal(2);
    const [resolved] = await incidentsOf(processInstanceKey);
    expect(resolved).to.include({ incidentKey: incident.incidentKey, state: 'RESOLVED' });
    expect(await hasIncident(processInstanceKey)).to.equal(false);
    await t.client.completeJob({ jobKey: again.jobKey, variables: { fixed: true } });
    await waitForState(t.client, processInstanceKey, 'COMPLETED');
  });

  it('should reject resolving a job incident while the job has no retries left, keeping the incident', async () => {
    const { processInstanceKey, job, incident } = await failedWithoutRetries('incidents-resolve-early', 'still broken');

    const problem = await rejection(t.client.resolveIncident(incident.incidentKey));

    expect(problem.statusCode).to.equal(409);
    expect(problem.detail).to.equal(
      `Expected to resolve incident with key '${incident.incidentKey}', but job with key '${job.jobKey}' has no retries left. Please update the job retries and retry resolving the incident`,
    );
    expect(await incidentsOf(processInstanceKey)).to.deep.equal([incident]);
    expect(await activateNow(t.client, 'incidents-resolve-early')).to.deep.equal([]);
  });

  it('should raise UNHANDLED_ERROR_EVENT when a job throws a BPMN error nothing catches', async () => {
    const { processInstanceKey } = await start('incidents-uncaught');
    const job = await activateOne(t.client, 'incidents-uncaught');

    await t.client.errorJob({ jobKey: job.jobKey, errorCode: 'OUT_OF_STOCK', errorMessage: 'no items left', variables: {} });

    const incidents = await incidentsOf(processInstanceKey);
    expect(incidents).to.have.length(1);
    expect(incidents[0]).to.include({
      errorType: 'UNHANDLED_ERROR_EVENT',
      errorMessage:
        "Expected to throw an error event with the code 'OUT_OF_STOCK' with message 'no items left', but it was not caught. No error events are available in the scope.",
      elementId: 'work',
      jobKey: job.jobKey,
      state: 'ACTIVE',
    });
    expect(await activateNow(t.client, 'incidents-uncaught')).to.deep.equal([]);
    expect(await waitForState(t.client, processInstanceKey, 'ACTIVE')).to.equal('ACTIVE');
  });

  it('should offer the job again when an unhandled error incident is resolved', async () => {
    const { processInstanceKey } = await start('incidents-uncaught-resolve');
    const job = await activateOne(t.client, 'incidents-uncaught-resolve');
    await t.client.errorJob({ jobKey: job.jobKey, errorCode: 'OUT_OF_STOCK', variables: {} });
    const [incident] = await incidentsOf(processInstanceKey);

    await t.client.resolveIncident(incident.incidentKey);

    const again = await activateOne(t.client, 'incidents-uncaught-resolve');
    expect(again.jobKey).to.equal(job.jobKey);
    await t.client.completeJob({ jobKey: again.jobKey, variables: {} });
    await waitForState(t.client, processInstanceKey, 'COMPLETED');
  });

  it('should resolve the incidents of a cancelled instance', async () => {
    const { processInstanceKey, incident } = await failedWithoutRetries('incidents-cancel', 'never fixed');

    await t.client.cancelProcessInstance({ processInstanceKey });

    const [after] = await incidentsOf(processInstanceKey);
    expect(after).to.include({ incidentKey: incident.incidentKey, state: 'RESOLVED' });
    expect(await hasIncident(processInstanceKey)).to.equal(false);
  });

  it('should reject resolving an unknown or already resolved incident with 404', async () => {
    const unknown = await rejection(t.client.resolveIncident('2251799813999999'));
    expect(unknown.statusCode).to.equal(404);
    expect(unknown.detail).to.equal("Expected to resolve incident with key '2251799813999999', but no such incident was found");

    const { job, incident } = await failedWithoutRetries('incidents-twice', 'x');
    await t.client.updateJob({ jobKey: job.jobKey, retries: 1 });
    await t.client.resolveIncident(incident.incidentKey);
    const twice = await rejection(t.client.resolveIncident(incident.incidentKey));
    expect(twice.statusCode).to.equal(404);
  });
});
