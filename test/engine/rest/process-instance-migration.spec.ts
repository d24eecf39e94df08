import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activateNow, activateOne, rawCall, rejection, waitForState } from './helpers.js';
import { NOW, strictClient } from './strict-client.js';

/**
 * Process-instance migration through the SDK
 * (https://docs.camunda.io/docs/8.8/apis-tools/orchestration-cluster-api-rest/specifications/migrate-process-instance/,
 * rules: https://docs.camunda.io/docs/8.8/components/concepts/process-instance-migration/): an
 * active element instance moves to the element its mapping names, keeping its key and its job;
 * Zeebe's refusals change nothing. The batch form
 * (https://docs.camunda.io/docs/8.8/apis-tools/orchestration-cluster-api-rest/specifications/migrate-process-instances-batch-operation/)
 * records one item per instance.
 */
describe('engine/rest process-instance migration', () => {
  let t: TestEngine;
  let v1: string;
  let v2: string;
  before(async () => {
    t = await startTestEngine();
    v1 = (await t.deployFixtures('engine/rest/migrate-order-v1.bpmn')).processes[0].processDefinitionKey;
    v2 = (await t.deployFixtures('engine/rest/migrate-order-v2.bpmn')).processes[0].processDefinitionKey;
  });
  after(() => t.stop());

  const startV1 = () => t.client.createProcessInstance({ processDefinitionKey: v1, variables: { order: 7 } });
  const toReview2 = [{ sourceElementId: 'review', targetElementId: 'review2' }];

  async function elements(processInstanceKey: string) {
    const found = await t.client.searchElementInstances({ filter: { processInstanceKey } });
    return found.items.map((e) => ({ key: e.elementInstanceKey, elementId: e.elementId, state: e.state, processDefinitionKey: e.processDefinitionKey }));
  }

  it('should move the instance to the target version: the task keeps its key and job, and the instance goes on in the new diagram', async () => {
    const { processInstanceKey } = await startV1();
    const review = (await elements(processInstanceKey)).find((e) => e.elementId === 'review')!;

    await t.client.migrateProcessInstance({ processInstanceKey, targetProcessDefinitionKey: v2, mappingInstructions: toReview2 });

    const instance = await strictClient(t).getProcessInstance({ processInstanceKey: processInstanceKey as never }, NOW);
    expect(instance).to.include({ processDefinitionKey: v2, processDefinitionVersion: 2, state: 'ACTIVE' });
    const migrated = (await elements(processInstanceKey)).find((e) => e.key === review.key)!;
    expect(migrated).to.include({ elementId: 'review2', state: 'ACTIVE', processDefinitionKey: v2 });
    // the job keeps its type (Zeebe does not re-create it) and now names the target element
    const job = await activateOne(t.client, 'migrate-review');
    expect(job).to.include({ elementId: 'review2', processDefinitionKey: v2, processDefinitionVersion: 2, elementInstanceKey: review.key });
    expect(job.variables).to.deep.equal({ order: 7 });
    await t.client.completeJob({ jobKey: job.jobKey, variables: {} });
    const notify = await activateOne(t.client, 'migrate-notify');
    await t.client.completeJob({ jobKey: notify.jobKey, variables: {} });
    await waitForState(t.client, processInstanceKey, 'COMPLETED');
  });

  describe('refusals, leaving the instance as it was', () => {
    let processInstanceKey: string;
    let before: Awaited<ReturnType<typeof elements>>;
    beforeEach(async () => {
      ({ processInstanceKey } = await startV1());
      before = await elements(processInstanceKey);
    });
    afterEach(async () => {
      expect(await elements(processInstanceKey)).to.deep.equal(before);
      expect((await t.client.searchProcessInstances({ filter: { processInstanceKey } })).items[0].processDefinitionKey).to.equal(v1);
    });

    const refused = async (mappingInstructions: Array<{ sourceElementId: string; targetElementId: string }>, targetProcessDefinitionKey = v2) =>
      rejection(t.client.migrateProcessInstance({ processInstanceKey, targetProcessDefinitionKey, mappingInstructions }));

    // Zeebe rejects what the instance's state does not allow as INVALID_STATE, which the REST API answers 409
    // ("The process instance migration failed", https://docs.camunda.io/docs/8.8/apis-tools/orchestration-cluster-api-rest/specifications/migrate-process-instance/);
    // malformed mappings are INVALID_ARGUMENT, 400
    it('should refuse an active element without a mapping with 409', async () => {
      expect(await refused([])).to.include({
        statusCode: 409,
        detail: `Expected to migrate process instance '${processInstanceKey}' but no mapping instruction defined for active element with id 'review'. Elements cannot be migrated without a mapping.`,
      });
    });

    it('should refuse an active element mapped to an element of another type with 409', async () => {
      expect(await refused([{ sourceElementId: 'review', targetElementId: 'approve' }])).to.include({
        statusCode: 409,
        detail: `Expected to migrate process instance '${processInstanceKey}' but active element with id 'review' and type 'SERVICE_TASK' is mapped to an element with id 'approve' and different type 'USER_TASK'. Elements must be mapped to elements of the same type.`,
      });
    });

    it('should refuse mappings that name elements the diagrams do not have, or one source twice', async () => {
      expect((await refused([{ sourceElementId: 'review', targetElementId: 'nowhere' }])).detail).to.equal(
        `Expected to migrate process instance '${processInstanceKey}' but mapping instructions contain a non-existing target element id 'nowhere'. Elements provided in mapping instructions must exist in the target process definition.`,
      );
      expect((await refused([{ sourceElementId: 'ghost', targetElementId: 'review2' }])).detail).to.contain("a non-existing source element id 'ghost'");
      expect((await refused([...toReview2, { sourceElementId: 'review', targetElementId: 'notify' }])).detail).to.equal(
        `Expected to migrate process instance '${processInstanceKey}' but the mapping instructions contain duplicate source element ids '[review]'.`,
      );
    });

    it('should answer 404 for a target definition or an instance that does not exist, and 400 without a target', async () => {
      expect(await refused(toReview2, '2251799813999999')).to.include({
        statusCode: 404,
        detail: "Expected to migrate process instance to process definition but no process definition found with key '2251799813999999'",
      });
      const missing = await rejection(t.client.migrateProcessInstance({ processInstanceKey: '2251799813999999', targetProcessDefinitionKey: v2, mappingInstructions: toReview2 }));
      expect(missing).to.include({ statusCode: 404, detail: "Expected to migrate process instance but no process instance found with key '2251799813999999'" });
      const noTarget = await rawCall(t, 'POST', `/process-instances/${processInstanceKey}/migration`, { mappingInstructions: toReview2 });
      expect(noTarget.status).to.equal(400);
      expect(noTarget.body.detail).to.equal('No targetProcessDefinitionKey provided.');
    });
  });

  it('should migrate the instances a filter matches as one batch, with one item per instance, and fail the items a plan cannot migrate', async () => {
    const official = strictClient(t);
    const started = await Promise.all([1, 2].map(() => startV1()));

    const refusedBatch = await official.migrateProcessInstancesBatchOperation(
      { filter: { processDefinitionKey: v1 as never }, migrationPlan: { targetProcessDefinitionKey: v2 as never, mappingInstructions: [] } },
      NOW,
    );
    const failed = await official.getBatchOperation({ batchOperationKey: refusedBatch.batchOperationKey! }, NOW);
    expect(failed).to.include({ state: 'FAILED', batchOperationType: 'MIGRATE_PROCESS_INSTANCE', operationsFailedCount: failed.operationsTotalCount });
    const failedItems = await official.searchBatchOperationItems({ filter: { batchOperationKey: refusedBatch.batchOperationKey! } }, NOW);
    expect((failedItems.items ?? [])[0].errorMessage).to.contain('no mapping instruction defined for active element with id');

    const created = await official.migrateProcessInstancesBatchOperation(
      { filter: { processDefinitionKey: v1 as never }, migrationPlan: { targetProcessDefinitionKey: v2 as never, mappingInstructions: toReview2 as never } },
      NOW,
    );
    expect(created.batchOperationType).to.equal('MIGRATE_PROCESS_INSTANCE');
    const batch = await official.getBatchOperation({ batchOperationKey: created.batchOperationKey! }, NOW);
    expect(batch).to.include({ state: 'COMPLETED', operationsFailedCount: 0 });
    const items = await official.searchBatchOperationItems({ filter: { batchOperationKey: created.batchOperationKey! } }, NOW);
    const migrated = (items.items ?? []).map((i) => i.processInstanceKey);
    expect(migrated).to.include.members(started.map((s) => s.processInstanceKey));
    expect((await t.client.searchProcessInstances({ filter: { processDefinitionKey: v1, state: 'ACTIVE' } })).items).to.deep.equal([]);
    expect(await activateNow(t.client, 'migrate-review-v2')).to.deep.equal([]);
  });

  // https://docs.camunda.io/docs/8.8/apis-tools/orchestration-cluster-api-rest/specifications/modify-process-instances-batch-operation/:
  // a move terminates every active instance of the source element and activates the target in its flow scope
  it('should move the tokens of the instances a filter matches as one MODIFY_PROCESS_INSTANCE batch, one item per instance', async () => {
    const official = strictClient(t);
    const started = await Promise.all([1, 2].map(() => startV1()));
    const created = await official.modifyProcessInstancesBatchOperation(
      { filter: { processDefinitionKey: v1 as never }, moveInstructions: [{ sourceElementId: 'review' as never, targetElementId: 'end' as never }] },
      NOW,
    );
    expect(created.batchOperationType).to.equal('MODIFY_PROCESS_INSTANCE');
    const batch = await official.getBatchOperation({ batchOperationKey: created.batchOperationKey! }, NOW);
    expect(batch).to.include({ state: 'COMPLETED', batchOperationType: 'MODIFY_PROCESS_INSTANCE', operationsFailedCount: 0 });
    const items = await official.searchBatchOperationItems({ filter: { batchOperationKey: created.batchOperationKey! } }, NOW);
    expect((items.items ?? []).map((i) => i.processInstanceKey)).to.include.members(started.map((s) => s.processInstanceKey));
    for (const s of started) {
      const ended = await t.client.searchProcessInstances({ filter: { processInstanceKey: s.processInstanceKey } });
      expect(ended.items[0].state).to.equal('COMPLETED');
      const review = (await elements(s.processInstanceKey)).find((e) => e.elementId === 'review');
      expect(review?.state).to.equal('TERMINATED');
    }
  });
});
