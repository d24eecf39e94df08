import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activate, rejection, untilInstanceState } from '../../support/scopes.js';

/** A process body between the standard definitions, for the deployments that must be refused. */
function diagram(id: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="go" />
    ${body}
  </bpmn:process>
</bpmn:definitions>`;
}

const THROW = (name: string) => `<bpmn:intermediateThrowEvent id="go"><bpmn:linkEventDefinition id="goDef" name="${name}" /></bpmn:intermediateThrowEvent>`;
const CATCH = (id: string, name: string) =>
  `<bpmn:intermediateCatchEvent id="${id}"><bpmn:linkEventDefinition id="${id}Def" name="${name}" /></bpmn:intermediateCatchEvent>
   <bpmn:sequenceFlow id="${id}Out" sourceRef="${id}" targetRef="${id}End" /><bpmn:endEvent id="${id}End" />`;

describe('engine/flow: link events', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures('engine/link-events/jump.bpmn', 'engine/link-events/in-subprocess.bpmn');
  });

  after(async () => {
    await t.stop();
  });

  async function elementStates(processInstanceKey: string): Promise<string[]> {
    const result = await t.client.searchElementInstances({ filter: { processInstanceKey }, sort: [{ field: 'elementInstanceKey' }], page: { from: 0, limit: 50 } });
    return result.items.map((e) => `${e.elementId}:${e.state}`);
  }

  it('should continue at the catch link event of the same name when the token reaches a link throw event', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'link-jump', variables: {} });
    const [first] = await activate(t.client, 'link-first');
    await first.complete({});
    const [second] = await activate(t.client, 'link-second');
    expect(second.elementId).to.equal('second');
    await second.complete({});

    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    const states = await elementStates(processInstanceKey);
    expect(states).to.include.members(['goToSecond:COMPLETED', 'secondPage:COMPLETED', 'second:COMPLETED', 'end:COMPLETED']);
  });

  it('should jump within the scope of the throw event when a sub-process and its process use the same link name', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'link-scopes', variables: {} });
    const [inside] = await activate(t.client, 'link-inside');
    await inside.complete({});
    const [after] = await activate(t.client, 'link-after');
    await after.complete({});

    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    expect(await elementStates(processInstanceKey)).to.include.members(['innerCatch:COMPLETED', 'outerCatch:COMPLETED', 'sub:COMPLETED']);
  });

  /*
   * Zeebe 8.8 has no rule against outgoing sequence flows on a link throw event (neither its design-time
   * validators nor the XSD), and its LinkIntermediateThrowEventBehavior completes the throw event by
   * activating the catch event instead of taking outgoing flows: the flows deploy and are never taken.
   * ("Link events" docs: the throwing link event is the "exit point", the catching one the "re-entrance point".)
   */
  it('should deploy a link throw event with an outgoing sequence flow and, like Zeebe, jump without taking the flow', async () => {
    const body = `${THROW('onward')}
      <bpmn:sequenceFlow id="stray" sourceRef="go" targetRef="never" />
      <bpmn:serviceTask id="never"><bpmn:extensionElements><zeebe:taskDefinition type="link-never" /></bpmn:extensionElements></bpmn:serviceTask>
      ${CATCH('landing', 'onward')}`;
    await t.client.deployResources([{ name: 'link-outgoing.bpmn', content: diagram('link-outgoing', body) }]);

    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'link-outgoing', variables: {} });
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    const states = await elementStates(processInstanceKey);
    expect(states).to.include.members(['go:COMPLETED', 'landing:COMPLETED', 'landingEnd:COMPLETED']);
    expect(states.filter((state) => state.startsWith('never:'))).to.deep.equal([]);
  });

  it('should refuse a link throw event without a catch event of its name in its scope, as Zeebe does', async () => {
    const refused = await rejection(t.client.deployResources([{ name: 'unpaired.bpmn', content: diagram('link-unpaired', THROW('nowhere') + CATCH('elsewhere', 'other')) }]));
    expect(refused.status).to.equal(400);
    expect(refused.detail).to.contain("Can't find an catch link event for the throw link event with the name 'nowhere'.");
  });

  it('should refuse a link throw event whose catch event sits in another scope', async () => {
    const body = `${THROW('inside')}
      <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart" /><bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="subEnd" /><bpmn:endEvent id="subEnd" />
        ${CATCH('innerCatch', 'inside')}
      </bpmn:subProcess>`;
    const refused = await rejection(t.client.deployResources([{ name: 'other-scope.bpmn', content: diagram('link-other-scope', body) }]));
    expect(refused.status).to.equal(400);
    expect(refused.detail).to.contain("Can't find an catch link event for the throw link event with the name 'inside'.");
  });

  it('should refuse two catch link events of one name in a scope', async () => {
    const body = THROW('twice') + CATCH('one', 'twice') + CATCH('two', 'twice');
    const refused = await rejection(t.client.deployResources([{ name: 'twice.bpmn', content: diagram('link-twice', body) }]));
    expect(refused.status).to.equal(400);
    expect(refused.detail).to.contain("Multiple intermediate catch link event definitions with the same name 'twice' are not allowed.");
  });

  it('should refuse a link event without a name', async () => {
    const refused = await rejection(t.client.deployResources([{ name: 'nameless.bpmn', content: diagram('link-nameless', THROW('') + CATCH('target', '')) }]));
    expect(refused.status).to.equal(400);
    expect(refused.detail).to.contain('Link name must be present and not empty.');
    expect((await t.client.searchProcessDefinitions({ filter: { processDefinitionId: 'link-nameless' } })).items).to.have.length(0);
  });
});
