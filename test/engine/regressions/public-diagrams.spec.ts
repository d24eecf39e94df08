import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activate, activateNow, activeIncidents, plain, rejection, until, untilInstanceState } from '../../support/scopes.js';

/**
 * Behaviours found by running public Camunda 8 diagrams against the engine (issue 12's survey),
 * each reproduced by a fixture of our own: diagrams Zeebe 8.8 deploys that the engine refused.
 */
describe('engine/regressions diagrams Zeebe deploys', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures('engine/regressions/flow-declared-outside-its-scope.bpmn', 'engine/regressions/retries-not-a-number.bpmn');
  });

  after(async () => {
    await t.stop();
  });

  it('should run a sequence flow declared on the process that connects two elements of a sub-process', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-declared-outside-its-scope', variables: {} });

    const [first] = await activate(t.client, 'outside-scope-first');
    await t.client.completeJob({ jobKey: first.jobKey, variables: {} });
    const [second] = await activate(t.client, 'outside-scope-second');
    await t.client.completeJob({ jobKey: second.jobKey, variables: {} });

    expect(await untilInstanceState(t.client, processInstanceKey, 'COMPLETED')).to.equal('COMPLETED');
  });

  it('should raise an EXTRACT_VALUE_ERROR incident when a static retries value is no number, as Zeebe does when it creates the job', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'retries-not-a-number', variables: {} });

    const incidents = await activeIncidents(t.client, processInstanceKey);

    expect(incidents.map((i) => ({ errorType: i.errorType, errorMessage: i.errorMessage, elementId: i.elementId }))).to.deep.equal([
      { errorType: 'EXTRACT_VALUE_ERROR', errorMessage: "Expected result of the expression 'several' to be 'NUMBER', but was 'STRING'.", elementId: 'work' },
    ]);
  });

  it("should deploy and run a process whose zeebe:userTaskForm body holds HTML elements, which Zeebe reads as the form's text", async () => {
    await t.deployFixtures('engine/regressions/form-body-markup.bpmn');
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'form-body-markup', variables: {} });

    const [task] = await activate(t.client, 'io.camunda.zeebe:userTask');
    expect(plain(task.customHeaders)).to.deep.equal({ 'io.camunda.zeebe:formKey': 'camunda-forms:bpmn:notice-form' });
    await t.client.completeJob({ jobKey: task.jobKey, variables: {} });

    expect(await untilInstanceState(t.client, processInstanceKey, 'COMPLETED')).to.equal('COMPLETED');
  });

  it('should deploy a user task carrying a zeebe:taskDefinition and ignore it, as Zeebe does for both kinds of user task', async () => {
    await t.deployFixtures('engine/regressions/user-task-task-definition.bpmn');
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'user-task-task-definition', variables: {} });

    // the job-worker user task's job has Zeebe's user task type and 1 retry, not the definition's type and retries
    const [job] = await activate(t.client, 'io.camunda.zeebe:userTask');
    expect({ elementId: job.elementId, retries: job.retries }).to.deep.equal({ elementId: 'request', retries: 1 });
    expect(await activateNow(t.client, 'leave-request-worker')).to.deep.equal([]);
    await t.client.completeJob({ jobKey: job.jobKey, variables: {} });

    const found = await until(
      () => t.client.searchUserTasks({ filter: { processInstanceKey, state: 'CREATED' } } as never),
      (r) => r.items.length === 1,
      'the Camunda user task',
    );
    expect(found.items[0].elementId).to.equal('approve');
    expect(await activateNow(t.client, 'leave-approval-worker')).to.deep.equal([]);
    await t.client.completeUserTask({ userTaskKey: found.items[0].userTaskKey });

    expect(await untilInstanceState(t.client, processInstanceKey, 'COMPLETED')).to.equal('COMPLETED');
  });

  it("should refuse a zeebe:userTaskForm body of markup without text as empty, with Zeebe's message", async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
  <bpmn:process id="form-body-only-markup" isExecutable="true">
    <bpmn:extensionElements><zeebe:userTaskForm id="blank-form"> <br /> </zeebe:userTaskForm></bpmn:extensionElements>
    <bpmn:startEvent id="start" />
  </bpmn:process>
</bpmn:definitions>`;

    const refused = await rejection(t.client.deployResources([{ name: 'form-body-only-markup.bpmn', content: xml }]));

    expect(refused.status).to.equal(400);
    expect(refused.detail).to.contain('User task form text content has to be present and not empty');
    expect(refused.detail).not.to.contain('unrecognized element');
  });
});
