import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { rejection, untilInstanceState } from '../../support/scopes.js';

/**
 * A value nested deeper than JSON.stringify can follow (about 4,000 levels) cannot be written to
 * the store. Requests cannot carry one (their depth is limited), but an output mapping whose
 * target path is that deep builds it inside the engine.
 */
const DEPTH = 6000;

function deepTargetDiagram(): string {
  const target = Array.from({ length: DEPTH }, () => 'a').join('.');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="deep-value" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="build" />
    <bpmn:task id="build">
      <bpmn:extensionElements>
        <zeebe:ioMapping><zeebe:output source="=1" target="${target}" /></zeebe:ioMapping>
      </bpmn:extensionElements>
    </bpmn:task>
    <bpmn:sequenceFlow id="f2" sourceRef="build" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;
}

describe('engine/runtime: a command whose records cannot be stored', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await t.client.deployResources([{ name: 'deep-value.bpmn', content: deepTargetDiagram() }]);
    await t.deployFixtures('engine/runtime/straight.bpmn');
  });

  after(async () => {
    await t.stop();
  });

  it('should refuse the command with a problem answer, leave no trace of it and keep serving', async () => {
    const refused = await rejection(t.client.createProcessInstance({ processDefinitionId: 'deep-value', variables: {} }));
    expect(refused.status).to.equal(500);
    expect(refused.detail).to.contain('not applied');

    const instances = await t.client.searchProcessInstances({ filter: { processDefinitionId: 'deep-value' }, sort: [], page: { from: 0, limit: 10 } });
    expect(instances.items).to.deep.equal([]);

    const other = await t.client.createProcessInstance({ processDefinitionId: 'straight', variables: {} });
    expect(await untilInstanceState(t.client, other.processInstanceKey, 'COMPLETED')).to.equal('COMPLETED');
  });
});
