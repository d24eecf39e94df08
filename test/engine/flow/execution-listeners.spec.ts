import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activate, activateNow, activeIncidents, plain, processInstanceState, rejection, rootVariables, until, untilInstanceState, type Job } from '../../support/scopes.js';

/**
 * Execution listeners as Camunda 8.8 documents them:
 * https://docs.camunda.io/docs/8.8/components/concepts/execution-listeners/ (DOC below).
 * Every listener is a job its worker completes before the element goes on.
 */
const DOC = 'https://docs.camunda.io/docs/8.8/components/concepts/execution-listeners/';

interface ListenerJob {
  kind: string;
  listenerEventType: string;
  elementId: string;
  retries: number;
  customHeaders: Record<string, string>;
  variables: Record<string, unknown>;
}

const data = (job: Job) => plain(job) as unknown as ListenerJob;

/** A process body between the standard definitions, for the deployments that must be refused. */
function diagram(id: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${id}" isExecutable="true">${body}</bpmn:process>
  <bpmn:error id="failed" errorCode="failed" />
</bpmn:definitions>`;
}

const listeners = (...entries: Array<[string, string]>) =>
  `<bpmn:extensionElements><zeebe:executionListeners>${entries
    .map(([eventType, type]) => `<zeebe:executionListener eventType="${eventType}" type="${type}" />`)
    .join('')}</zeebe:executionListeners></bpmn:extensionElements>`;

describe('engine/flow: execution listeners', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures(
      'engine/execution-listeners/service-task.bpmn',
      'engine/execution-listeners/process-listeners.bpmn',
      'engine/execution-listeners/expression-type.bpmn',
      'engine/execution-listeners/gateway.bpmn',
      'engine/execution-listeners/message-events.bpmn',
      'engine/execution-listeners/multi-instance.bpmn',
      'engine/execution-listeners/sub-process.bpmn',
      'engine/execution-listeners/event-gateway.bpmn',
      'engine/execution-listeners/user-task.bpmn',
    );
  });

  after(async () => {
    await t.stop();
  });

  async function variablesOfScope(scopeKey: string): Promise<Record<string, unknown>> {
    const result = await t.client.searchVariables({ filter: { scopeKey } });
    return Object.fromEntries(result.items.map((v) => [v.name, JSON.parse(v.value) as unknown]));
  }

  /** Runs el-task's two start listeners; returns the service task's own job. */
  async function throughStartListeners(): Promise<Job> {
    const [first] = await activate(t.client, 'el-task-start-1');
    await first.complete({});
    const [second] = await activate(t.client, 'el-task-start-2');
    await second.complete({});
    const [work] = await activate(t.client, 'el-task-work');
    return work;
  }

  // DOC "Start listeners": invoked after the input mappings; a listener's variables are local to the element
  it('should run the start listeners one job after the other, after the input mappings and before the element’s job', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'el-task', variables: { orderId: 'o-1' } });
    const [first] = await activate(t.client, 'el-task-start-1');
    expect(data(first)).to.deep.include({ kind: 'EXECUTION_LISTENER', listenerEventType: 'START', elementId: 'task', retries: 3, customHeaders: {} });
    expect(data(first).variables).to.deep.equal({ orderId: 'o-1', orderRef: 'ref-o-1' });
    expect(await activateNow(t.client, 'el-task-start-2'), 'the second listener waits for the first').to.have.length(0);
    expect(await activateNow(t.client, 'el-task-work'), 'the element waits for its start listeners').to.have.length(0);

    await first.complete({ checked: true });
    const [second] = await activate(t.client, 'el-task-start-2');
    expect(data(second)).to.deep.include({ listenerEventType: 'START', retries: 2 });
    expect(data(second).variables).to.include({ checked: true });
    await second.complete({ approvedBy: 'ann' });

    const [work] = await activate(t.client, 'el-task-work');
    expect(data(work).kind).to.equal('BPMN_ELEMENT');
    expect(data(work).variables).to.deep.equal({ orderId: 'o-1', orderRef: 'ref-o-1', checked: true, approvedBy: 'ann' });
    expect(await variablesOfScope(work.elementInstanceKey)).to.include({ checked: true, approvedBy: 'ann' });
    expect(await rootVariables(t.client, processInstanceKey)).to.deep.equal({ orderId: 'o-1' });
    await t.client.cancelProcessInstance({ processInstanceKey });
  });

  // DOC "End listeners": invoked after the output mappings; a listener's variables go to the flow scope
  it('should run the end listeners after the output mappings and set their variables in the element’s flow scope', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'el-task', variables: { orderId: 'o-2' } });
    const work = await throughStartListeners();
    await work.complete({ result: 'ok' });

    const [first] = await activate(t.client, 'el-task-end-1');
    expect(data(first)).to.deep.include({ kind: 'EXECUTION_LISTENER', listenerEventType: 'END', elementId: 'task' });
    expect(data(first).variables).to.include({ outcome: 'ok', orderRef: 'ref-o-2' });
    expect(await activateNow(t.client, 'el-task-after'), 'the token waits for the end listeners').to.have.length(0);
    await first.complete({ audited: true });
    const [second] = await activate(t.client, 'el-task-end-2');
    expect(data(second).variables).to.include({ audited: true });
    await second.complete({});

    const [after] = await activate(t.client, 'el-task-after');
    expect(data(after).variables).to.deep.equal({ orderId: 'o-2', outcome: 'ok', audited: true });
    expect(await rootVariables(t.client, processInstanceKey)).to.deep.equal({ orderId: 'o-2', outcome: 'ok', audited: true });
    await after.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  // DOC "Job execution failure": an incident, and on resolution only the failed listener runs again
  it('should raise EXECUTION_LISTENER_NO_RETRIES when a listener job fails without retries, and retry only that listener on resolution', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'el-task', variables: { orderId: 'o-3' } });
    const [first] = await activate(t.client, 'el-task-start-1');
    await first.complete({});
    const [second] = await activate(t.client, 'el-task-start-2');
    await t.client.failJob({ jobKey: second.jobKey, retries: 0, errorMessage: 'audit service down', retryBackOff: 0 });

    const [incident] = await until(() => activeIncidents(t.client, processInstanceKey), (items) => items.length === 1, 'the listener incident');
    expect(plain(incident)).to.deep.include({ errorType: 'EXECUTION_LISTENER_NO_RETRIES', elementId: 'task', jobKey: second.jobKey, errorMessage: 'audit service down' });
    const refused = await rejection(t.client.resolveIncident(incident.incidentKey));
    expect(refused.status).to.equal(409);

    await t.client.updateJob({ jobKey: second.jobKey, retries: 1 });
    await t.client.resolveIncident(incident.incidentKey);
    const [again] = await activate(t.client, 'el-task-start-2');
    expect(again.jobKey).to.equal(second.jobKey);
    await again.complete({});
    expect(await activateNow(t.client, 'el-task-start-1'), 'the completed listener does not run again').to.have.length(0);
    await activate(t.client, 'el-task-work');
    await t.client.cancelProcessInstance({ processInstanceKey });
  });

  // DOC "Expression evaluation failure": after resolution the phase's listeners all run again
  it('should raise an incident when a listener’s job type fails to evaluate, and re-run the phase’s earlier listeners on resolution', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'el-expression', variables: {} });
    const [first] = await activate(t.client, 'el-expression-first');
    await first.complete({});

    const [incident] = await until(() => activeIncidents(t.client, processInstanceKey), (items) => items.length === 1, 'the expression incident');
    expect(plain(incident)).to.deep.include({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'task' });
    await t.client.updateElementInstanceVariables({ elementInstanceKey: processInstanceKey, variables: { secondType: 'el-expression-second' } });
    await t.client.resolveIncident(incident.incidentKey);

    const [firstAgain] = await activate(t.client, 'el-expression-first');
    expect(firstAgain.jobKey).to.not.equal(first.jobKey);
    await firstAgain.complete({});
    const [second] = await activate(t.client, 'el-expression-second');
    await second.complete({});
    const [work] = await activate(t.client, 'el-expression-work');
    await work.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  // DOC "Define an execution listener": listeners for the overall process
  it('should run the process’s start listeners before its start event and its end listeners before the instance completes', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'el-process', variables: { n: 1 } });
    const [start] = await activate(t.client, 'el-process-start');
    expect(data(start)).to.deep.include({ kind: 'EXECUTION_LISTENER', listenerEventType: 'START', elementId: 'el-process' });
    expect(data(start).variables).to.deep.equal({ n: 1 });
    expect(await activateNow(t.client, 'el-process-work')).to.have.length(0);
    await start.complete({ openedBy: 'listener' });

    const [work] = await activate(t.client, 'el-process-work');
    expect(data(work).variables).to.deep.equal({ n: 1, openedBy: 'listener' });
    await work.complete({});
    const [end] = await activate(t.client, 'el-process-end');
    expect(data(end)).to.deep.include({ listenerEventType: 'END', elementId: 'el-process' });
    expect(await processInstanceState(t.client, processInstanceKey)).to.equal('ACTIVE');
    await end.complete({ closedBy: 'listener' });

    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    expect(await rootVariables(t.client, processInstanceKey)).to.deep.equal({ n: 1, openedBy: 'listener', closedBy: 'listener' });
  });

  // DOC "Start listeners" use case: a gateway's start listener sets the variables its conditions read
  it('should let a gateway’s start listener set the variable that decides its outgoing flow, local to the gateway', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'el-gateway', variables: {} });
    const [decide] = await activate(t.client, 'el-gateway-decide');
    expect(data(decide)).to.deep.include({ listenerEventType: 'START', elementId: 'route' });
    await decide.complete({ lane: 'b' });

    const [b] = await activate(t.client, 'el-gateway-b');
    expect(data(b).variables, 'the listener’s variable was local to the gateway').to.deep.equal({});
    expect(await activateNow(t.client, 'el-gateway-a')).to.have.length(0);
    await b.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  // DOC "Start listeners" use case: a catch event's correlation key from its start listener; boundary events run end listeners
  it('should subscribe a message catch event with the correlation key its start listener set, and run end listeners of catch and boundary events', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'el-events', variables: { orderId: 'o-5' } });
    const [key] = await activate(t.client, 'el-events-key');
    await key.complete({ replyKey: 'r-5' });
    await t.client.publishMessage({ name: 'el-reply', correlationKey: 'r-5', variables: { answer: 42 }, timeToLive: 0 });

    const [caught] = await activate(t.client, 'el-events-caught');
    expect(data(caught)).to.deep.include({ listenerEventType: 'END', elementId: 'wait' });
    expect(data(caught).variables).to.deep.equal({ orderId: 'o-5', answer: 42, replyKey: 'r-5' });
    await caught.complete({});

    const [work] = await activate(t.client, 'el-events-work');
    expect(data(work).variables).to.deep.equal({ orderId: 'o-5', answer: 42 });
    await t.client.publishMessage({ name: 'el-cancel', correlationKey: 'o-5', variables: {}, timeToLive: 0 });
    const [boundaryEnd] = await activate(t.client, 'el-events-boundary-end');
    expect(data(boundaryEnd)).to.deep.include({ listenerEventType: 'END', elementId: 'cancelled' });
    expect(await activateNow(t.client, 'el-events-cleanup')).to.have.length(0);
    await boundaryEnd.complete({});
    const [cleanup] = await activate(t.client, 'el-events-cleanup');
    await cleanup.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  // DOC "Start listeners" use case: an event-based gateway's catch events subscribe with what its start listener set
  it('should subscribe an event-based gateway’s message events with the correlation key its start listener set', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'el-event-gateway', variables: {} });
    const [ticket] = await activate(t.client, 'el-event-gateway-ticket');
    expect(data(ticket)).to.deep.include({ listenerEventType: 'START', elementId: 'choose' });
    await ticket.complete({ ticket: 't-9' });
    await t.client.publishMessage({ name: 'el-reject', correlationKey: 't-9', variables: {}, timeToLive: 0 });
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    const ended = await t.client.searchElementInstances({ filter: { processInstanceKey, elementId: 'endRejected' } });
    expect(ended.items).to.have.length(1);
  });

  it('should create a user task only after its start listener, with the assignee the listener set, and run its end listener after completion', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'el-user-task', variables: {} });
    const [pick] = await activate(t.client, 'el-user-task-pick');
    expect((await t.client.searchUserTasks({ filter: { processInstanceKey } })).items).to.have.length(0);
    await pick.complete({ reviewer: 'lin' });

    const [task] = await until(
      async () => (await t.client.searchUserTasks({ filter: { processInstanceKey } })).items,
      (items) => items.length === 1 && items[0].state === 'CREATED',
      'the user task',
    );
    expect(task.assignee).to.equal('lin');
    await t.client.completeUserTask({ userTaskKey: task.userTaskKey, variables: { verdict: 'fine' } });
    const [archive] = await activate(t.client, 'el-user-task-archive');
    expect(data(archive)).to.deep.include({ listenerEventType: 'END', elementId: 'review' });
    expect(data(archive).variables).to.include({ verdict: 'fine' });
    expect(await processInstanceState(t.client, processInstanceKey)).to.equal('ACTIVE');
    await archive.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  it('should run a multi-instance activity’s listeners for each inner instance and none for its body', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'el-multi', variables: { items: ['a', 'b', 'c'] } });
    const before = await activate(t.client, 'el-multi-before', 3);
    expect(before.map((job) => data(job).variables.item).sort()).to.deep.equal(['a', 'b', 'c']);
    for (const job of before) await job.complete({});
    for (const job of await activate(t.client, 'el-multi-work', 3)) await job.complete({});
    for (const job of await activate(t.client, 'el-multi-after', 3)) await job.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    expect(await activateNow(t.client, 'el-multi-before')).to.have.length(0);
  });

  // DOC "Limitations": end listeners on start events and start listeners on end events are supported
  it('should run a sub-process’s listeners around its content, and end listeners of start events and start listeners of end events', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'el-sub', variables: {} });
    const order: string[] = [];
    for (const type of ['el-sub-start', 'el-sub-started', 'el-sub-inner', 'el-sub-ending', 'el-sub-end']) {
      const [job] = await activate(t.client, type);
      order.push(`${data(job).elementId}:${data(job).listenerEventType}`);
      await job.complete({});
    }
    expect(order).to.deep.equal(['sub:START', 'subStart:END', 'inner:UNSPECIFIED', 'subEnd:START', 'sub:END']);
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  // DOC "Limitations": throwing a BPMN error is not supported for execution listener jobs
  it('should refuse a BPMN error thrown from a listener job, like Zeebe', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'el-task', variables: { orderId: 'o-6' } });
    const [first] = await activate(t.client, 'el-task-start-1');
    const refused = await rejection(t.client.errorJob({ jobKey: first.jobKey, errorCode: 'failed', errorMessage: 'no', variables: {} }));
    expect(refused.status).to.equal(409);
    expect(refused.detail).to.equal(`Cannot throw BPMN error from EXECUTION_LISTENER job with key '${first.jobKey}', type 'el-task-start-1' and processInstanceKey '${processInstanceKey}'`);
    await first.complete({});
    await activate(t.client, 'el-task-start-2');
    await t.client.cancelProcessInstance({ processInstanceKey });
  });

  it('should cancel a running listener’s job when its process instance is canceled', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'el-task', variables: { orderId: 'o-7' } });
    const [first] = await activate(t.client, 'el-task-start-1');
    await t.client.cancelProcessInstance({ processInstanceKey });
    const gone = await rejection(first.complete({}));
    expect(gone.status).to.equal(404);
  });

  // DOC "Limitations" (unsupported elements, duplicate listeners); messages are those of Zeebe's validators
  it('should refuse listeners where Zeebe refuses them, naming each element', async () => {
    const body = `
      <bpmn:startEvent id="start">${listeners(['start', 'a'])}</bpmn:startEvent>
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
      <bpmn:parallelGateway id="fork">${listeners(['end', 'b'])}</bpmn:parallelGateway>
      <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="work" />
      <bpmn:serviceTask id="work"><bpmn:extensionElements><zeebe:taskDefinition type="w" /><zeebe:executionListeners>
        <zeebe:executionListener eventType="start" type="c" /><zeebe:executionListener eventType="start" type="c" />
        <zeebe:executionListener eventType="end" type="" /></zeebe:executionListeners></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:boundaryEvent id="timeout" attachedToRef="work">${listeners(['start', 'd'])}<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      <bpmn:sequenceFlow id="f3" sourceRef="timeout" targetRef="late" />
      <bpmn:endEvent id="late" />
      <bpmn:sequenceFlow id="f4" sourceRef="work" targetRef="fail" />
      <bpmn:endEvent id="fail">${listeners(['end', 'e'])}<bpmn:errorEventDefinition errorRef="failed" /></bpmn:endEvent>`;
    const refused = await rejection(t.client.deployResources([{ name: 'refused.bpmn', content: diagram('el-refused', body) }]));
    expect(refused.status).to.equal(400);
    for (const message of [
      "Execution listeners of type 'start' are not supported by start events",
      "Execution listeners of type 'end' are not supported by gateway element",
      "Found '2' duplicates based on eventType[start] and type[c], these combinations should be unique.",
      'zeebe:executionListener type must be present and not empty',
      "Execution listeners of type 'start' are not supported by boundary events",
      "Execution listeners of type 'end' are not supported by [error] end events",
    ]) {
      expect(refused.detail, DOC).to.contain(message);
    }
    expect((await t.client.searchProcessDefinitions({ filter: { processDefinitionId: 'el-refused' } })).items).to.have.length(0);
  });
});
