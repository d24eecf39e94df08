import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../support/engine.js';
import { rawDeploy } from '../engine/rest/helpers.js';
import { until } from '../support/scopes.js';

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

/** A process `flood` started by the timer cycle `cycle` on its start event `tick`. */
function cycleDiagram(cycle: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="flood" isExecutable="true">
    <bpmn:startEvent id="tick"><bpmn:outgoing>f1</bpmn:outgoing><bpmn:timerEventDefinition><bpmn:timeCycle>${cycle}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
    <bpmn:endEvent id="end"><bpmn:incoming>f1</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="tick" targetRef="end" />
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
    const xml = cycleDiagram('R/PT0.001S');

    const res = await rawDeploy(t, [{ name: 'flood.bpmn', content: xml }]);

    expect(res.status).to.equal(400);
    expect(String(res.body.detail)).to.include('the interval of a cycle must be at least 1 s');
  });

  describe('with ENGINE_TIMER_MIN_CYCLE_SECONDS=60', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'engine-min-cycle-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('should refuse a 30 s cycle at deployment, naming the element and the minimum, deploy nothing, and take a one-minute cycle', async () => {
      const engine = await startTestEngine(join(dir, 'engine.db'), { minCycleIntervalMs: 60_000 });
      try {
        const refused = await rawDeploy(engine, [{ name: 'flood.bpmn', content: cycleDiagram('R/PT30S') }]);
        expect(refused.status).to.equal(400);
        expect(String(refused.body.detail)).to.include("Element: tick").and.include('the interval of a cycle must be at least 60 s');
        expect((await engine.client.searchProcessDefinitions({ filter: { processDefinitionId: 'flood' } })).items).to.have.length(0);

        expect((await rawDeploy(engine, [{ name: 'flood.bpmn', content: cycleDiagram('R/PT1M') }])).status).to.equal(200);
      } finally {
        await engine.stop();
      }
    });

    it('should still load a diagram deployed with a shorter cycle before the minimum was raised, and throttle its timer to the minimum', async () => {
      const path = join(dir, 'engine.db');
      const t0 = Date.parse('2030-03-01T08:00:00Z');
      const before = await startTestEngine(path);
      await before.client.pinInternalClock(t0);
      expect((await rawDeploy(before, [{ name: 'flood.bpmn', content: cycleDiagram('R/PT5S') }])).status).to.equal(200);
      await before.stop();

      const after = await startTestEngine(path, { minCycleIntervalMs: 60_000 });
      const started = async () => (await after.client.searchProcessInstances({ filter: { processDefinitionId: 'flood' } })).items.length;
      try {
        await after.client.pinInternalClock(t0 + 5_000);
        await until(started, (n) => n === 1, 'the first firing');
        // five seconds on would have been the next firing; a minute on is
        await after.client.pinInternalClock(t0 + 64_000);
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(await started()).to.equal(1);
        await after.client.pinInternalClock(t0 + 65_000);
        await until(started, (n) => n === 2, 'the throttled second firing');
      } finally {
        await after.stop();
      }
    });
  });
});
