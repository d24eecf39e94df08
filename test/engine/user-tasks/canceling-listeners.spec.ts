import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activate, activateNow, activeIncidents, plain, processInstanceState, rejection, until, untilInstanceState } from '../../support/scopes.js';

/**
 * Canceling task listeners, Camunda 8.8
 * (https://docs.camunda.io/docs/8.8/components/concepts/user-task-listeners/): `canceling` is
 * triggered "When a canceling process instance terminates a user task" and "When a catch event
 * interrupts a user task"; listeners are "blocking": the transition "is paused until the task
 * listener completes", several of one event type run "sequentially, one after the other".
 */
describe('engine/user-tasks: canceling task listeners', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures('engine/task-listeners/canceling.bpmn', 'engine/task-listeners/canceling-nested.bpmn');
  });

  after(async () => {
    await t.stop();
  });

  const taskOf = async (processInstanceKey: string, state: string) => {
    const [task] = await until(
      async () => (await t.client.searchUserTasks({ filter: { processInstanceKey } })).items,
      (items) => items.length === 1 && items[0].state === state,
      `a ${state} user task`,
    );
    return task;
  };

  const listenerJob = async (type: string) => {
    const [job] = await activate(t.client, type);
    return job;
  };

  const completeRaw = (jobKey: string, body: Record<string, unknown>) =>
    fetch(`${t.url}/v2/jobs/${jobKey}/completion`, { method: 'POST', headers: { ...t.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('should hold the cancellation of a process instance until its canceling listeners completed, one after the other', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'tl-canceling', variables: { orderId: 'o-1' } });
    const task = await taskOf(processInstanceKey, 'CREATED');

    await t.client.cancelProcessInstance({ processInstanceKey });
    const first = await listenerJob('tl-canceling');
    const data = plain(first) as unknown as { kind: string; listenerEventType: string; elementId: string; customHeaders: Record<string, string> };
    expect(data).to.include({ kind: 'TASK_LISTENER', listenerEventType: 'CANCELING', elementId: 'task' });
    expect(data.customHeaders['io.camunda.zeebe:userTaskKey']).to.equal(task.userTaskKey);
    expect((await t.client.getUserTask(task.userTaskKey)).state).to.equal('CANCELING');
    expect(await processInstanceState(t.client, processInstanceKey)).to.equal('ACTIVE');
    expect(await activateNow(t.client, 'tl-canceling-second')).to.have.length(0);

    await first.complete({});
    const second = await listenerJob('tl-canceling-second');
    expect(await processInstanceState(t.client, processInstanceKey)).to.equal('ACTIVE');
    await second.complete({});

    await untilInstanceState(t.client, processInstanceKey, 'TERMINATED');
    expect((await t.client.getUserTask(task.userTaskKey)).state).to.equal('CANCELED');
  });

  it('should take an interrupting boundary event only after the canceling listeners of the task it interrupts completed', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'tl-canceling', variables: { orderId: 'o-2' } });
    const task = await taskOf(processInstanceKey, 'CREATED');

    await t.client.publishMessage({ name: 'tl-escalate', correlationKey: 'o-2', variables: { reason: 'late' }, timeToLive: 0 });
    const first = await listenerJob('tl-canceling');
    expect((await t.client.getUserTask(task.userTaskKey)).state).to.equal('CANCELING');
    expect(await activateNow(t.client, 'tl-canceling-handle')).to.have.length(0);
    await first.complete({});
    expect(await activateNow(t.client, 'tl-canceling-handle')).to.have.length(0);
    await (await listenerJob('tl-canceling-second')).complete({});

    const [handle] = await activate(t.client, 'tl-canceling-handle');
    expect(plain(handle.variables)).to.deep.equal({ orderId: 'o-2', reason: 'late' });
    expect((await t.client.getUserTask(task.userTaskKey)).state).to.equal('CANCELED');
    await handle.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  /*
   * "it's not possible to deny the creation or cancelation of a user task"; "User task listener
   * jobs cannot be completed if variables are provided".
   */
  it('should refuse denying a canceling listener job and completing it with variables', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'tl-canceling', variables: { orderId: 'o-3' } });
    await taskOf(processInstanceKey, 'CREATED');
    await t.client.cancelProcessInstance({ processInstanceKey });
    const job = await listenerJob('tl-canceling');

    const denied = await completeRaw(job.jobKey, { result: { type: 'userTask', denied: true } });
    expect(denied.status).to.equal(400);
    expect(((await denied.json()) as { detail: string }).detail).to.contain("Denying result is not supported for 'CANCELING' task listener jobs");
    expect((await rejection(job.complete({ note: 1 }))).status).to.equal(400);

    expect((await completeRaw(job.jobKey, { result: { type: 'userTask', corrections: { priority: 80 } } })).status).to.equal(204);
    await (await listenerJob('tl-canceling-second')).complete({});
    await untilInstanceState(t.client, processInstanceKey, 'TERMINATED');
  });

  /*
   * "If a listener job fails, it is retried according to the retries property. If all retries are
   * exhausted and the job still fails, an incident is raised. Once resolved, only the failed
   * listener job is retried"; the transition "is paused until the incident is resolved".
   */
  it('should keep the termination held through an incident of a failed canceling listener job and go on after it is resolved', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'tl-canceling', variables: { orderId: 'o-4' } });
    await taskOf(processInstanceKey, 'CREATED');
    await t.client.cancelProcessInstance({ processInstanceKey });
    const job = await listenerJob('tl-canceling');
    await job.fail({ errorMessage: 'notifier down', retries: 0 });

    const [incident] = await until(() => activeIncidents(t.client, processInstanceKey), (items) => items.length === 1, 'an incident');
    expect(incident).to.include({ errorType: 'TASK_LISTENER_NO_RETRIES', elementId: 'task' });
    expect(await processInstanceState(t.client, processInstanceKey)).to.equal('ACTIVE');

    await t.client.updateJob({ jobKey: job.jobKey, retries: 1 });
    await t.client.resolveIncident(incident.incidentKey);
    await (await listenerJob('tl-canceling')).complete({});
    await (await listenerJob('tl-canceling-second')).complete({});
    await untilInstanceState(t.client, processInstanceKey, 'TERMINATED');
  });

  it('should hold the interruption of a sub-process around the task: its other work ends at once, the boundary event follows the listener', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'tl-canceling-nested', variables: { orderId: 'o-5' } });
    const task = await taskOf(processInstanceKey, 'CREATED');
    const [work] = await activate(t.client, 'tl-nested-work');

    await t.client.publishMessage({ name: 'tl-nested-stop', correlationKey: 'o-5', variables: {}, timeToLive: 0 });
    const listener = await listenerJob('tl-nested-canceling');
    expect((await rejection(work.complete({}))).status).to.equal(404);
    expect(await activateNow(t.client, 'tl-nested-handle')).to.have.length(0);
    const sub = (await t.client.searchElementInstances({ filter: { processInstanceKey, elementId: 'sub' } })).items[0];
    expect(sub.state).to.equal('ACTIVE');

    await listener.complete({});
    const [handle] = await activate(t.client, 'tl-nested-handle');
    expect((await t.client.getUserTask(task.userTaskKey)).state).to.equal('CANCELED');
    expect((await t.client.searchElementInstances({ filter: { processInstanceKey, elementId: 'sub' } })).items[0].state).to.equal('TERMINATED');
    await handle.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });
});
