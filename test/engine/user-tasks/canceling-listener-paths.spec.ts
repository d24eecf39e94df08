import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activate, activateNow, plain, processInstanceState, until, untilInstanceState } from '../../support/scopes.js';

/**
 * The ways a user task ends without being completed, and whether its canceling task listeners
 * hold the termination (Camunda 8.8). Zeebe runs them wherever the task's element is terminated
 * through its processor (UserTaskProcessor#onTerminateInternal answers AWAIT while a canceling
 * listener job runs):
 * - a canceled process instance, a catch event interrupting the task or a scope around it
 *   (canceling-listeners.spec.ts);
 * - a call activity's called instance, when the call activity is interrupted or its process
 *   instance canceled: CallActivityProcessor#onTerminate terminates the child instance and waits
 *   for it (onChildTerminated);
 * - a terminate end event (terminateChildInstances) and an interrupting event sub-process
 *   started by an error thrown elsewhere in the scope.
 * Not held:
 * - process instance modification: ProcessInstanceModificationModifyProcessor terminates element
 *   instances (and called instances below them) itself and cancels a user task with
 *   BpmnUserTaskBehavior#cancelUserTask, CANCELING then CANCELED at once; the 8.8 docs say so
 *   (user-task-listeners: "process instance modification does not trigger the canceling
 *   listener", so that a failing listener job cannot block an administrative operation);
 * - process instance migration never terminates an element: every active element is mapped to
 *   one of the target, or the migration is refused, so there is no path to test.
 */
describe('engine/user-tasks: canceling task listeners on every way a task is terminated', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures('engine/task-listeners/canceling-modify.bpmn', 'engine/task-listeners/canceling-call.bpmn', 'engine/task-listeners/canceling-scope-end.bpmn');
  });

  after(async () => {
    await t.stop();
  });

  const taskOf = async (processInstanceKey: string, state = 'CREATED') => {
    const [task] = await until(
      async () => (await t.client.searchUserTasks({ filter: { processInstanceKey } })).items,
      (items) => items.length === 1 && items[0].state === state,
      `a ${state} user task`,
    );
    return task;
  };

  const elementOf = async (processInstanceKey: string, elementId: string) => {
    const { items } = await t.client.searchElementInstances({ filter: { processInstanceKey, elementId } });
    return items[0];
  };

  const childOf = async (parentProcessInstanceKey: string) => {
    const [child] = await until(
      async () => (await t.client.searchProcessInstances({ filter: { parentProcessInstanceKey } })).items,
      (items) => items.length === 1,
      'the called instance',
    );
    return child.processInstanceKey;
  };

  describe('process instance modification: the task is canceled at once, its listeners do not run', () => {
    it('should cancel a user task a terminate instruction names without waiting for its canceling listener', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'tl-cm', variables: {} });
      const task = await taskOf(processInstanceKey);
      const element = await elementOf(processInstanceKey, 'task');

      await t.client.modifyProcessInstance({ processInstanceKey, terminateInstructions: [{ elementInstanceKey: element.elementInstanceKey }] });

      expect((await t.client.getUserTask(task.userTaskKey)).state).to.equal('CANCELED');
      expect(await activateNow(t.client, 'tl-cm-canceling')).to.have.length(0);
      // the sub-process and the process, left without anything active, end with it
      expect(await processInstanceState(t.client, processInstanceKey)).to.equal('TERMINATED');
    });

    it('should cancel the user task inside a terminated sub-process without waiting, and run what the modification activates', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'tl-cm', variables: {} });
      const task = await taskOf(processInstanceKey);
      const sub = await elementOf(processInstanceKey, 'sub');

      await t.client.modifyProcessInstance({
        processInstanceKey,
        activateInstructions: [{ elementId: 'after' }],
        terminateInstructions: [{ elementInstanceKey: sub.elementInstanceKey }],
      });

      expect((await t.client.getUserTask(task.userTaskKey)).state).to.equal('CANCELED');
      expect((await elementOf(processInstanceKey, 'sub')).state).to.equal('TERMINATED');
      expect(await activateNow(t.client, 'tl-cm-canceling')).to.have.length(0);
      const [after] = await activate(t.client, 'tl-cm-after');
      await after.complete({});
      await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    });

    it('should terminate the called instance of a terminated call activity at once, its task canceled without its listener', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'tl-cc-parent', variables: { orderId: 'cc-1' } });
      const child = await childOf(processInstanceKey);
      const task = await taskOf(child);
      const call = await elementOf(processInstanceKey, 'call');

      await t.client.modifyProcessInstance({ processInstanceKey, terminateInstructions: [{ elementInstanceKey: call.elementInstanceKey }] });

      expect((await t.client.getUserTask(task.userTaskKey)).state).to.equal('CANCELED');
      expect(await processInstanceState(t.client, child)).to.equal('TERMINATED');
      expect(await processInstanceState(t.client, processInstanceKey)).to.equal('TERMINATED');
      expect(await activateNow(t.client, 'tl-cc-canceling')).to.have.length(0);
    });
  });

  describe('a called instance ended by its caller: the task’s listeners hold the call activity', () => {
    it('should take the boundary event of an interrupted call activity only after the canceling listener in the called instance completed', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'tl-cc-parent', variables: { orderId: 'cc-2' } });
      const child = await childOf(processInstanceKey);
      const task = await taskOf(child);

      await t.client.publishMessage({ name: 'tl-cc-stop', correlationKey: 'cc-2', variables: { reason: 'withdrawn' }, timeToLive: 0 });
      const [listener] = await activate(t.client, 'tl-cc-canceling');
      expect(plain(listener)).to.include({ processInstanceKey: child, elementId: 'task' });
      expect((await t.client.getUserTask(task.userTaskKey)).state).to.equal('CANCELING');
      expect(await processInstanceState(t.client, child)).to.equal('ACTIVE');
      expect((await elementOf(processInstanceKey, 'call')).state).to.equal('ACTIVE');
      expect(await activateNow(t.client, 'tl-cc-handle')).to.have.length(0);

      await listener.complete({});
      const [handle] = await activate(t.client, 'tl-cc-handle');
      expect(plain(handle.variables)).to.include({ reason: 'withdrawn' });
      expect((await t.client.getUserTask(task.userTaskKey)).state).to.equal('CANCELED');
      expect(await processInstanceState(t.client, child)).to.equal('TERMINATED');
      expect((await elementOf(processInstanceKey, 'call')).state).to.equal('TERMINATED');
      await handle.complete({});
      await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    });

    it('should end a canceled process instance only after the canceling listener of a task in its called instance completed', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'tl-cc-parent', variables: { orderId: 'cc-3' } });
      const child = await childOf(processInstanceKey);
      const task = await taskOf(child);

      await t.client.cancelProcessInstance({ processInstanceKey });
      const [listener] = await activate(t.client, 'tl-cc-canceling');
      expect(await processInstanceState(t.client, processInstanceKey)).to.equal('ACTIVE');
      expect(await processInstanceState(t.client, child)).to.equal('ACTIVE');

      await listener.complete({});
      await untilInstanceState(t.client, processInstanceKey, 'TERMINATED');
      expect(await processInstanceState(t.client, child)).to.equal('TERMINATED');
      expect((await t.client.getUserTask(task.userTaskKey)).state).to.equal('CANCELED');
    });
  });

  describe('the task’s scope ended by another path in it', () => {
    it('should complete the process of a terminate end event only after the canceling listener of the task it terminates completed', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'tl-cs-terminate', variables: {} });
      const task = await taskOf(processInstanceKey);
      const [work] = await activate(t.client, 'tl-cs-terminate-work');

      await work.complete({});
      const [listener] = await activate(t.client, 'tl-cs-terminate-canceling');
      expect((await t.client.getUserTask(task.userTaskKey)).state).to.equal('CANCELING');
      expect(await processInstanceState(t.client, processInstanceKey)).to.equal('ACTIVE');

      await listener.complete({});
      await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
      expect((await t.client.getUserTask(task.userTaskKey)).state).to.equal('CANCELED');
      expect((await elementOf(processInstanceKey, 'task')).state).to.equal('TERMINATED');
    });

    it('should start an interrupting error event sub-process only after the canceling listener of the task it interrupts completed', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'tl-cs-error', variables: {} });
      const task = await taskOf(processInstanceKey);
      const [work] = await activate(t.client, 'tl-cs-error-work');

      await t.client.errorJob({ jobKey: work.jobKey, errorCode: 'tl-cs-fail', errorMessage: 'scan unreadable', variables: { failed: true } });
      const [listener] = await activate(t.client, 'tl-cs-error-canceling');
      expect((await t.client.getUserTask(task.userTaskKey)).state).to.equal('CANCELING');
      expect(await activateNow(t.client, 'tl-cs-error-handle')).to.have.length(0);

      await listener.complete({});
      const [handle] = await activate(t.client, 'tl-cs-error-handle');
      expect(plain(handle.variables)).to.include({ failed: true });
      expect((await t.client.getUserTask(task.userTaskKey)).state).to.equal('CANCELED');
      await handle.complete({});
      await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    });
  });
});
