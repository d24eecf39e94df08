import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../support/engine.js';
import { rawDeploy } from '../engine/rest/helpers.js';

/** start → gateway ⇄ `loopTask` (a kind given by `task`), the gateway leaving to the end when done = true */
function loopDiagram(id: string, task: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:exclusiveGateway id="again" default="f3"><bpmn:incoming>f1</bpmn:incoming><bpmn:incoming>f4</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing><bpmn:outgoing>f3</bpmn:outgoing></bpmn:exclusiveGateway>
    ${task}
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="again" />
    <bpmn:sequenceFlow id="f2" sourceRef="again" targetRef="end"><bpmn:conditionExpression>=done = true</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f3" sourceRef="again" targetRef="loopTask" />
    <bpmn:sequenceFlow id="f4" sourceRef="loopTask" targetRef="again" />
  </bpmn:process>
</bpmn:definitions>`;
}

describe('security: diagrams that would hang the engine (issue 11)', function () {
  this.timeout(20_000);
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  it('should refuse a straight-through loop at deployment, naming its elements, and deploy nothing', async () => {
    const xml = loopDiagram('spin', '<bpmn:task id="loopTask"><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing></bpmn:task>');

    const res = await rawDeploy(t, [{ name: 'spin.bpmn', content: xml }]);

    expect(res.status).to.equal(400);
    expect(String(res.body.detail)).to.include('straight-through processing loop').and.include('again').and.include('loopTask');
    expect((await t.client.searchProcessDefinitions({ filter: { processDefinitionId: 'spin' } })).items).to.have.length(0);
  });

  it('should deploy a loop that waits for a person in each round', async () => {
    const xml = loopDiagram('rework', '<bpmn:userTask id="loopTask"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing></bpmn:userTask>');

    const res = await rawDeploy(t, [{ name: 'rework.bpmn', content: xml }]);

    expect(res.status, JSON.stringify(res.body)).to.equal(200);
  });

  it('should refuse a timer cycle shorter than a second, which started hundreds of instances a second', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="flood" isExecutable="true">
    <bpmn:startEvent id="tick"><bpmn:outgoing>f1</bpmn:outgoing><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT0.001S</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
    <bpmn:endEvent id="end"><bpmn:incoming>f1</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="tick" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

    const res = await rawDeploy(t, [{ name: 'flood.bpmn', content: xml }]);

    expect(res.status).to.equal(400);
    expect(String(res.body.detail)).to.include('the interval of a cycle must be at least 1 s');
  });
});
