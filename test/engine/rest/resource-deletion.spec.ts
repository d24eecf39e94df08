import { expect } from 'chai';
import { fixture, startTestEngine, type TestEngine } from '../../support/engine.js';
import { rawCall, rejection, waitFor } from './helpers.js';
import { strictClient } from './strict-client.js';

/**
 * Resource deletion (POST /v2/resources/{resourceKey}/deletion,
 * https://docs.camunda.io/docs/8.8/apis-tools/orchestration-cluster-api-rest/specifications/delete-resource/)
 * with Zeebe's rules: a process with running instances is refused (INVALID_STATE), an unknown
 * key is NOT_FOUND, deleting the latest version makes the previous one the latest, and a deleted
 * version's number is not given again.
 */
describe('engine/rest resource deletion', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.stop());

  const deploy = async (name: string) => (await t.deployFixtures(name)).processes[0];

  it('should refuse to delete a process with a running instance and delete it once the instance ended', async () => {
    const def = await deploy('engine/rest/pi-cancel.bpmn');
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'pi-cancel', variables: {} });

    const refused = await rawCall(t, 'POST', `/resources/${def.processDefinitionKey}/deletion`, {});
    expect(refused.status).to.equal(409);
    expect(refused.body).to.include({ title: 'INVALID_STATE', detail: `Expected to delete resource with key \`${def.processDefinitionKey}\` but there are still running instances` });

    await t.client.cancelProcessInstance({ processInstanceKey });
    await t.client.deleteResource({ resourceKey: def.processDefinitionKey });
    expect((await rejection(t.client.getProcessDefinition(def.processDefinitionKey))).statusCode).to.equal(404);
    expect((await rejection(t.client.createProcessInstance({ processDefinitionId: 'pi-cancel', variables: {} }))).statusCode).to.equal(404);
    // the ended instance keeps its history
    expect((await t.client.searchProcessInstances({ filter: { processInstanceKey } })).items[0]).to.include({ state: 'TERMINATED' });
  });

  it('should make the previous version the latest when the latest is deleted, and never give its number again', async () => {
    await deploy('engine/rest/deploy-versioned-v1.bpmn');
    const v2 = await deploy('engine/rest/deploy-versioned-v2.bpmn');
    expect(v2.processDefinitionVersion).to.equal(2);

    await strictClient(t).deleteResource({ resourceKey: v2.processDefinitionKey as never });

    const started = await t.client.createProcessInstance({ processDefinitionId: 'deploy-versioned', variables: {} });
    expect(started.processDefinitionVersion).to.equal(1);
    const again = await t.client.deployResources([{ name: 'deploy-versioned-v2.bpmn', content: fixture('engine/rest/deploy-versioned-v2.bpmn') }]);
    expect(again.processes[0].processDefinitionVersion).to.equal(3);
  });

  it('should arm the timer start event of the previous version again when the latest is deleted', async () => {
    const t0 = Date.parse('2026-12-01T08:00:00Z');
    await t.client.pinInternalClock(t0);
    const xml = fixture('engine/flow/timer-start-cycle.bpmn');
    await t.client.deployResources([{ name: 'timer-start-cycle.bpmn', content: xml }]);
    const v2 = await t.client.deployResources([{ name: 'timer-start-cycle.bpmn', content: xml.replace('</bpmn:definitions>', '<!-- v2 --></bpmn:definitions>') }]);
    await t.client.deleteResource({ resourceKey: v2.processes[0].processDefinitionKey });

    await t.client.pinInternalClock(t0 + 3_600_000);
    const started = await waitFor(
      async () => (await t.client.searchProcessInstances({ filter: { processDefinitionId: 'flow-timer-start-cycle' } })).items,
      (items) => items.length === 1,
      'the timer-started instance',
    );
    expect(started[0].processDefinitionVersion).to.equal(1);
  });

  it('should delete a form, and answer 404 naming the key for a resource it does not know', async () => {
    const deployed = await t.deployFixtures('engine/user-tasks/review.form');
    const formKey = deployed.forms[0].formKey;
    expect((await rawCall(t, 'POST', `/resources/${formKey}/deletion`)).status).to.equal(204);
    const unknown = await rawCall(t, 'POST', `/resources/${formKey}/deletion`);
    expect(unknown.status).to.equal(404);
    expect(unknown.body.detail).to.equal(`Expected to delete resource but no resource found with key \`${formKey}\``);
  });
});
