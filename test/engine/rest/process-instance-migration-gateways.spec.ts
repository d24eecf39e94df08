import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activateNow, activateOne, rejection, waitFor, waitForState } from './helpers.js';

/**
 * Migrating tokens that wait at a joining gateway through the SDK, as 8.8 does it
 * (https://docs.camunda.io/docs/8.8/components/concepts/process-instance-migration/#migrating-joining-parallel-and-inclusive-gateways):
 * the joining gateway is mapped to the target gateway and a taken incoming sequence flow to its
 * target flow; the target gateway needs at least as many incoming flows. Refusals carry Zeebe's
 * messages (ProcessInstanceMigrationPreconditions) as INVALID_ARGUMENT, 400, and change nothing.
 */
describe('engine/rest process-instance migration of joining gateways', () => {
  let t: TestEngine;
  let v1: string;
  let v2: string;
  let inclusiveV1: string;
  let inclusiveV2: string;
  before(async () => {
    t = await startTestEngine();
    [v1, inclusiveV1] = (await t.deployFixtures('engine/rest/migrate-join-v1.bpmn', 'engine/rest/migrate-ijoin-v1.bpmn')).processes.map((p) => p.processDefinitionKey);
    [v2, inclusiveV2] = (await t.deployFixtures('engine/rest/migrate-join-v2.bpmn', 'engine/rest/migrate-ijoin-v2.bpmn')).processes.map((p) => p.processDefinitionKey);
  });
  after(() => t.stop());

  /** an instance whose branch A took flow1 into the joining gateway while B still works */
  async function waitingAtJoin(processDefinitionKey: string, aType: string) {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionKey, variables: {} });
    const a = await activateOne(t.client, aType);
    expect(a.processInstanceKey).to.equal(processInstanceKey);
    await t.client.completeJob({ jobKey: a.jobKey, variables: {} });
    return processInstanceKey;
  }
  const migrate = (processInstanceKey: string, targetProcessDefinitionKey: string, mappingInstructions: Array<{ sourceElementId: string; targetElementId: string }>) =>
    t.client.migrateProcessInstance({ processInstanceKey, targetProcessDefinitionKey, mappingInstructions });
  const elementIds = async (processInstanceKey: string) =>
    (await t.client.searchElementInstances({ filter: { processInstanceKey } })).items.map((e) => `${e.elementId}:${e.state}`).sort();

  // the doc's example: C is added before the joining gateway; B -> B, gateway1 -> gateway2, flow1 -> flow2
  it('should keep the token of a taken flow at the mapped gateway: completing B passes the target gateway without C', async () => {
    const processInstanceKey = await waitingAtJoin(v1, 'migrate-join-a');

    await migrate(processInstanceKey, v2, [
      { sourceElementId: 'B', targetElementId: 'B' },
      { sourceElementId: 'gateway1', targetElementId: 'gateway2' },
      { sourceElementId: 'flow1', targetElementId: 'flow2' },
    ]);

    const b = await activateOne(t.client, 'migrate-join-b');
    expect(b).to.include({ processInstanceKey, elementId: 'B', processDefinitionKey: v2 });
    await t.client.completeJob({ jobKey: b.jobKey, variables: {} });
    const done = await activateOne(t.client, 'migrate-join-done-v2');
    expect(done).to.include({ processInstanceKey, elementId: 'done' });
    expect(await activateNow(t.client, 'migrate-join-c')).to.deep.equal([]);
    expect(await elementIds(processInstanceKey)).to.include('gateway2:COMPLETED').and.not.include('C:ACTIVE');
    await t.client.completeJob({ jobKey: done.jobKey, variables: {} });
    await waitForState(t.client, processInstanceKey, 'COMPLETED');
  });

  // Zeebe's joining-gateway tests map only the gateway when the taken flow keeps its id
  it('should keep a taken flow of the same id without a flow mapping at an inclusive join, which fires when the mapped task completes', async () => {
    const processInstanceKey = await waitingAtJoin(inclusiveV1, 'migrate-ijoin-a');

    await migrate(processInstanceKey, inclusiveV2, [
      { sourceElementId: 'B', targetElementId: 'B2' },
      { sourceElementId: 'join1', targetElementId: 'join2' },
    ]);

    const b = await activateOne(t.client, 'migrate-ijoin-b');
    expect(b).to.include({ processInstanceKey, elementId: 'B2' });
    await t.client.completeJob({ jobKey: b.jobKey, variables: {} });
    const done = await activateOne(t.client, 'migrate-ijoin-done-v2');
    expect(done).to.include({ processInstanceKey, elementId: 'done', processDefinitionKey: inclusiveV2 });
    expect((await elementIds(processInstanceKey)).filter((e) => e.startsWith('join'))).to.deep.equal(['join2:COMPLETED']);
  });

  // #correcting-mistakes-in-a-process-instance: deploy a fixed version, migrate the instance stuck on the incident, resolve it.
  // #dealing-with-gateways names the exclusive gateway; Zeebe 8.8 migrates an active inclusive gateway with an incident the
  // same way (MigrateInclusiveGatewayTest.shouldMigrateInclusiveGatewayWithIncident, mapped to a gateway of another id)
  it('should migrate an inclusive gateway stuck on a condition incident, whose retry then takes the flows the target conditions choose', async () => {
    const [splitV1] = (await t.deployFixtures('engine/rest/migrate-isplit-v1.bpmn')).processes.map((p) => p.processDefinitionKey);
    const [splitV2] = (await t.deployFixtures('engine/rest/migrate-isplit-v2.bpmn')).processes.map((p) => p.processDefinitionKey);
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionKey: splitV1, variables: { approval: true, notify: false } });
    const incidents = await waitFor(
      async () => (await t.client.searchIncidents({ filter: { processInstanceKey } })).items,
      (items) => items.length === 1,
      'the condition incident',
    );
    expect(incidents[0]).to.include({ errorType: 'CONDITION_ERROR', elementId: 'split' });

    await migrate(processInstanceKey, splitV2, [{ sourceElementId: 'split', targetElementId: 'split2' }]);
    const migrated = (await t.client.searchIncidents({ filter: { processInstanceKey } })).items;
    expect(migrated.map((i) => [i.incidentKey, i.elementId, i.processDefinitionKey])).to.deep.equal([[incidents[0].incidentKey, 'split2', splitV2]]);
    await t.client.resolveIncident(incidents[0].incidentKey);

    const approve = await activateOne(t.client, 'migrate-isplit-approve-v2');
    expect(approve).to.include({ processInstanceKey, elementId: 'approve', processDefinitionKey: splitV2 });
    expect(await activateNow(t.client, 'migrate-isplit-notify-v2')).to.deep.equal([]);
    expect(await elementIds(processInstanceKey)).to.include('split2:COMPLETED').and.not.include('split:COMPLETED');
    await t.client.completeJob({ jobKey: approve.jobKey, variables: {} });
    await waitForState(t.client, processInstanceKey, 'COMPLETED');
  });

  describe('refusals, leaving the instance waiting at its join', () => {
    let processInstanceKey: string;
    let before: string[];
    beforeEach(async () => {
      processInstanceKey = await waitingAtJoin(v1, 'migrate-join-a');
      before = await elementIds(processInstanceKey);
    });
    // the refused instance still joins in the source diagram: B's completion passes gateway1
    afterEach(async () => {
      expect(await elementIds(processInstanceKey)).to.deep.equal(before);
      const b = await activateOne(t.client, 'migrate-join-b');
      expect(b).to.include({ processInstanceKey, processDefinitionKey: v1 });
      await t.client.completeJob({ jobKey: b.jobKey, variables: {} });
      const done = await activateOne(t.client, 'migrate-join-done');
      expect(done.processInstanceKey).to.equal(processInstanceKey);
      await t.client.completeJob({ jobKey: done.jobKey, variables: {} });
      await waitForState(t.client, processInstanceKey, 'COMPLETED');
    });

    const refused = (targetProcessDefinitionKey: string, mappingInstructions: Array<{ sourceElementId: string; targetElementId: string }>) =>
      rejection(migrate(processInstanceKey, targetProcessDefinitionKey, mappingInstructions));

    // #migrating-joining-parallel-and-inclusive-gateways: "The joining gateway in the process instance must be mapped to the target gateway."
    it('should refuse a joining gateway with a taken flow that has no mapping with 400', async () => {
      expect(await refused(v2, [{ sourceElementId: 'B', targetElementId: 'B' }])).to.include({
        statusCode: 400,
        detail: `Expected to migrate process instance '${processInstanceKey}' but gateway 'gateway1' has at least one incoming sequence flow taken. Joining gateways with at least one incoming sequence flow taken must be mapped to a gateway of the same type in the target process definition.`,
      });
    });

    it('should refuse a joining gateway mapped to a gateway of another type with 400', async () => {
      expect(
        await refused(inclusiveV2, [
          { sourceElementId: 'B', targetElementId: 'B2' },
          { sourceElementId: 'gateway1', targetElementId: 'join2' },
        ]),
      ).to.include({
        statusCode: 400,
        detail: `Expected to migrate process instance '${processInstanceKey}' but active element with id 'gateway1' and type 'PARALLEL_GATEWAY' is mapped to an element with id 'join2' and different type 'INCLUSIVE_GATEWAY'. Elements must be mapped to elements of the same type.`,
      });
    });

    // "The target gateway must have at least the same number of incoming sequence flows as the source gateway."
    it('should refuse a target gateway with fewer incoming sequence flows with 400', async () => {
      expect(
        await refused(v2, [
          { sourceElementId: 'B', targetElementId: 'B' },
          { sourceElementId: 'gateway1', targetElementId: 'fork' },
        ]),
      ).to.include({
        statusCode: 400,
        detail: `Expected to migrate process instance '${processInstanceKey}' but target gateway with id 'fork' has less incoming sequence flows than the source gateway with id 'gateway1'. Target gateway must have at least the same number of incoming sequence flows as the source gateway.`,
      });
    });

    it('should refuse a taken flow that leads nowhere into the target gateway (unmapped and renamed, or mapped elsewhere) with 400', async () => {
      const mismatch = `Expected to migrate process instance '${processInstanceKey}' but gateway with id 'gateway1' has a taken incoming sequence flow mismatch. Taken sequence flow with id 'flow1' must connect to the mapped target gateway with id 'gateway2' in the target process definition.`;
      const toGateway2 = [
        { sourceElementId: 'B', targetElementId: 'B' },
        { sourceElementId: 'gateway1', targetElementId: 'gateway2' },
      ];
      expect(await refused(v2, toGateway2)).to.include({ statusCode: 400, detail: mismatch });
      expect(await refused(v2, [...toGateway2, { sourceElementId: 'flow1', targetElementId: 'toC' }])).to.include({ statusCode: 400, detail: mismatch });
    });
  });
});
