import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activateNow, activateOne, rawCall } from './helpers.js';
import { NOW, strictClient } from './strict-client.js';

/**
 * Resolving the incidents of the process instances a filter matches as one batch operation
 * (https://docs.camunda.io/docs/8.8/apis-tools/orchestration-cluster-api-rest/specifications/resolve-incidents-batch-operation/):
 * one item per incident; a job without retries gets one first, as Operate's retry does
 * (camunda/camunda#41213).
 */
describe('engine/rest incident resolution batch', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures('engine/rest/incidents-job.bpmn');
  });
  after(() => t.stop());

  async function withIncident(jobType: string) {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'incidents-job', variables: { jobType } });
    const job = await activateOne(t.client, jobType);
    await t.client.failJob({ jobKey: job.jobKey, retries: 0, errorMessage: 'down', retryBackOff: 0 });
    const [incident] = (await t.client.searchIncidents({ filter: { processInstanceKey } })).items;
    return { processInstanceKey, incidentKey: incident.incidentKey };
  }

  it('should resolve every active incident of the matched instances, give their jobs a retry, and record one item per incident', async () => {
    const official = strictClient(t);
    const failed = [await withIncident('batch-resolve'), await withIncident('batch-resolve')];
    const healthy = await t.client.createProcessInstance({ processDefinitionId: 'incidents-job', variables: { jobType: 'batch-resolve-healthy' } });

    const created = await official.resolveIncidentsBatchOperation({ filter: { processDefinitionId: 'incidents-job' } }, NOW);
    expect(created.batchOperationType).to.equal('RESOLVE_INCIDENT');

    const batch = await official.getBatchOperation({ batchOperationKey: created.batchOperationKey! }, NOW);
    expect(batch).to.include({ state: 'COMPLETED', batchOperationType: 'RESOLVE_INCIDENT', operationsTotalCount: 2, operationsCompletedCount: 2, operationsFailedCount: 0 });
    const items = await official.searchBatchOperationItems({ filter: { batchOperationKey: created.batchOperationKey! } }, NOW);
    expect((items.items ?? []).map((i) => `${i.itemKey}:${i.processInstanceKey}:${i.state}`).sort()).to.deep.equal(
      failed.map((f) => `${f.incidentKey}:${f.processInstanceKey}:COMPLETED`).sort(),
    );
    for (const f of failed) {
      expect((await t.client.searchIncidents({ filter: { incidentKey: f.incidentKey } })).items[0].state).to.equal('RESOLVED');
      expect((await t.client.searchProcessInstances({ filter: { processInstanceKey: f.processInstanceKey } })).items[0].hasIncident).to.equal(false);
    }
    const retried = await activateNow(t.client, 'batch-resolve');
    expect(retried.map((j) => j.retries)).to.deep.equal([1, 1]);
    expect((await t.client.searchProcessInstances({ filter: { processInstanceKey: healthy.processInstanceKey } })).items[0].state).to.equal('ACTIVE');
  });

  it('should refuse a batch without a filter with 400 and resolve nothing', async () => {
    const { incidentKey } = await withIncident('batch-resolve-unfiltered');
    const refused = await rawCall(t, 'POST', '/process-instances/incident-resolution', {});
    expect(refused.status).to.equal(400);
    expect((await t.client.searchIncidents({ filter: { incidentKey } })).items[0].state).to.equal('ACTIVE');
  });
});
