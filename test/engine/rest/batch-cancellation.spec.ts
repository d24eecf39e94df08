import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { rawCall } from './helpers.js';
import { NOW, strictClient } from './strict-client.js';

/**
 * Cancelling the process instances a filter matches as one batch operation
 * (https://docs.camunda.io/docs/8.8/apis-tools/orchestration-cluster-api-rest/specifications/cancel-process-instances-batch-operation/),
 * with its record and items readable through the batch operation endpoints.
 */
describe('engine/rest process-instance cancellation batch', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures('engine/rest/pi-cancel.bpmn', 'engine/rest/history-path.bpmn');
  });
  after(() => t.stop());

  it('should cancel every active instance the filter matches, leave the others, and record the batch and its items', async () => {
    const official = strictClient(t);
    const cancelled = await Promise.all([1, 2, 3].map(() => t.client.createProcessInstance({ processDefinitionId: 'pi-cancel', variables: {} })));
    const other = await t.client.createProcessInstance({ processDefinitionId: 'history-path', variables: {} });

    const created = await official.cancelProcessInstancesBatchOperation({ filter: { processDefinitionId: 'pi-cancel' } }, NOW);
    expect(created.batchOperationType).to.equal('CANCEL_PROCESS_INSTANCE');

    const states = await t.client.searchProcessInstances({ filter: { processDefinitionId: 'pi-cancel' } });
    expect(states.items.map((i) => i.state)).to.deep.equal(['TERMINATED', 'TERMINATED', 'TERMINATED']);
    expect((await t.client.searchProcessInstances({ filter: { processInstanceKey: other.processInstanceKey } })).items[0].state).to.equal('ACTIVE');

    const batch = await official.getBatchOperation({ batchOperationKey: created.batchOperationKey! }, NOW);
    expect(batch).to.include({ state: 'COMPLETED', batchOperationType: 'CANCEL_PROCESS_INSTANCE', operationsTotalCount: 3, operationsCompletedCount: 3, operationsFailedCount: 0 });
    const items = await official.searchBatchOperationItems({ filter: { batchOperationKey: created.batchOperationKey! } }, NOW);
    expect((items.items ?? []).map((i) => `${i.processInstanceKey}:${i.state}`).sort()).to.deep.equal(cancelled.map((c) => `${c.processInstanceKey}:COMPLETED`).sort());

    const again = await rawCall(t, 'POST', '/process-instances/cancellation', { filter: { processDefinitionId: 'pi-cancel' } });
    const empty = await rawCall(t, 'GET', `/batch-operations/${String(again.body.batchOperationKey)}`);
    expect(empty.body).to.include({ state: 'COMPLETED', operationsTotalCount: 0 });
  });

  it('should refuse a batch without a filter with 400 and cancel nothing', async () => {
    const live = await t.client.createProcessInstance({ processDefinitionId: 'pi-cancel', variables: {} });
    const refused = await rawCall(t, 'POST', '/process-instances/cancellation', {});
    expect(refused.status).to.equal(400);
    expect((await t.client.searchProcessInstances({ filter: { processInstanceKey: live.processInstanceKey } })).items[0].state).to.equal('ACTIVE');
    expect((await rawCall(t, 'GET', '/batch-operations/2251799813999999')).status).to.equal(404);
  });
});
