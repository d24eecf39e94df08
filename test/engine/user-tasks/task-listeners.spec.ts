import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activate, activateNow, plain, rejection, until, untilInstanceState, type Job } from '../../support/scopes.js';
import { strictClient } from '../rest/strict-client.js';

/**
 * Task listener jobs are completed with a `result` (denied, corrections). The SDK's
 * CamundaRestClient.completeJob (8.8.13) only sends `variables`, so these completions go raw.
 */
async function completeListenerJob(t: TestEngine, jobKey: string, result: Record<string, unknown>): Promise<Response> {
  return fetch(`${t.url}/v2/jobs/${jobKey}/completion`, {
    method: 'POST',
    headers: { ...t.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ result: { type: 'userTask', ...result } }),
  });
}

async function taskOf(t: TestEngine, processInstanceKey: string, state: string) {
  const [task] = await until(
    async () => (await t.client.searchUserTasks({ filter: { processInstanceKey } })).items,
    (items) => items.length === 1 && items[0].state === state,
    `a ${state} user task`,
  );
  return task;
}

/** Tracks whether a request settled only after a given moment (markNow), e.g. after its listener completed. */
function track<T>(promise: Promise<T>) {
  const state = { after: false, mark: false };
  const settle = () => {
    state.after = state.mark;
  };
  promise.then(settle, settle);
  return { promise, state, markNow: () => (state.mark = true) };
}

describe('engine/user-tasks: task listeners', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures(
      'engine/task-listeners/creating.bpmn',
      'engine/task-listeners/assigning.bpmn',
      'engine/task-listeners/completing.bpmn',
      'engine/task-listeners/creating-deny.bpmn',
    );
  });

  after(async () => {
    await t.stop();
  });

  it('should hand a creating listener job the user task data and keep the task uncompletable until the job completes', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'tl-creating', variables: { orderId: 'o-9' } });
    const [job] = await activate(t.client, 'tl-creating');
    const task = await taskOf(t, processInstanceKey, 'CREATING');

    const data = plain(job) as unknown as Job & { kind: string; listenerEventType: string; customHeaders: Record<string, string> };
    expect(data.kind).to.equal('TASK_LISTENER');
    expect(data.listenerEventType).to.equal('CREATING');
    expect(data.elementId).to.equal('task');
    expect(data.processInstanceKey).to.equal(processInstanceKey);
    expect(data.variables).to.deep.equal({ orderId: 'o-9' });
    expect(data.customHeaders).to.deep.include({
      region: 'emea',
      'io.camunda.zeebe:userTaskKey': task.userTaskKey,
      'io.camunda.zeebe:candidateGroups': '["ops"]',
    });

    const early = await rejection(t.client.completeUserTask({ userTaskKey: task.userTaskKey }));
    expect(early.status).to.equal(409);
    expect(early.detail).to.contain("'CREATING'");

    await job.complete({});
    await taskOf(t, processInstanceKey, 'CREATED');
    await t.client.completeUserTask({ userTaskKey: task.userTaskKey, variables: { done: true } });
    const [after] = await activate(t.client, 'tl-creating-after');
    expect(plain(after.variables)).to.deep.equal({ orderId: 'o-9', done: true });
  });

  it('should apply the assignee correction of an assigning listener and answer the assignment only after it', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'tl-assigning', variables: {} });
    const task = await taskOf(t, processInstanceKey, 'CREATED');

    const assigning = track(t.client.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'dave' }));
    const [job] = await activate(t.client, 'tl-assigning');
    const data = plain(job) as unknown as { listenerEventType: string; customHeaders: Record<string, string> };
    expect(data.listenerEventType).to.equal('ASSIGNING');
    expect(data.customHeaders['io.camunda.zeebe:assignee']).to.equal('dave');
    expect((await t.client.getUserTask(task.userTaskKey)).state).to.equal('ASSIGNING');

    assigning.markNow();
    // a null correction keeps the value (only an empty string clears it)
    const completed = await completeListenerJob(t, job.jobKey, { corrections: { assignee: 'erin', dueDate: null } });
    expect(completed.status).to.equal(204);
    await assigning.promise;
    expect(assigning.state.after, 'the assignment was answered before its listener completed').to.equal(true);

    const assigned = await t.client.getUserTask(task.userTaskKey);
    expect(assigned.state).to.equal('CREATED');
    expect(assigned.assignee).to.equal('erin');
    expect(Date.parse(assigned.dueDate!)).to.equal(Date.parse('2030-06-01T09:00:00Z'));
  });

  it('should keep the task open and reject the completion request when a completing listener denies it', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'tl-completing', variables: {} });
    const task = await taskOf(t, processInstanceKey, 'CREATED');

    const first = track(t.client.completeUserTask({ userTaskKey: task.userTaskKey, variables: { approved: false } }));
    const [deny] = await activate(t.client, 'tl-completing');
    expect((plain(deny) as unknown as { listenerEventType: string }).listenerEventType).to.equal('COMPLETING');
    expect((await t.client.getUserTask(task.userTaskKey)).state).to.equal('COMPLETING');
    first.markNow();
    expect((await completeListenerJob(t, deny.jobKey, { denied: true, deniedReason: 'approval missing' })).status).to.equal(204);

    const problem = await rejection(first.promise);
    expect(first.state.after, 'the completion was refused before its listener denied it').to.equal(true);
    expect(problem.status).to.equal(409);
    expect(problem.detail).to.contain('denied').and.to.contain('approval missing');
    expect((await t.client.getUserTask(task.userTaskKey)).state).to.equal('CREATED');
    expect(await activateNow(t.client, 'tl-completing-after')).to.have.length(0);

    const second = track(t.client.completeUserTask({ userTaskKey: task.userTaskKey, variables: { approved: true } }));
    const [approve] = await activate(t.client, 'tl-completing');
    second.markNow();
    expect((await completeListenerJob(t, approve.jobKey, {})).status).to.equal(204);
    await second.promise;
    expect(second.state.after).to.equal(true);

    const [after] = await activate(t.client, 'tl-completing-after');
    expect(plain(after.variables)).to.deep.equal({ approved: true });
    await after.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  /*
   * The 8.8 API: a completion request's action "will be accessible from user task events resulting
   * from this endpoint invocation. If not provided, it will default to \"complete\""
   * (https://docs.camunda.io/docs/8.8/apis-tools/orchestration-cluster-api-rest/specifications/complete-user-task/);
   * a listener job carries it as userTask.action.
   */
  it('should give a completing listener job userTask.action "complete" when the request names none, and the caller’s action otherwise', async () => {
    const official = strictClient(t);
    const listenerJob = async () => {
      const { jobs } = await official.activateJobs({ type: 'tl-completing', timeout: 60_000, maxJobsToActivate: 1, worker: 'action-test', requestTimeout: 3000 });
      expect(jobs).to.have.length(1);
      return jobs[0];
    };
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'tl-completing', variables: {} });
    const task = await taskOf(t, processInstanceKey, 'CREATED');

    const plainCompletion = fetch(`${t.url}/v2/user-tasks/${task.userTaskKey}/completion`, { method: 'POST', headers: { ...t.headers, 'content-type': 'application/json' }, body: '{}' });
    const first = await listenerJob();
    expect(first.userTask).to.include({ action: 'complete', userTaskKey: task.userTaskKey });
    expect((await completeListenerJob(t, first.jobKey, { denied: true, deniedReason: 'try again' })).status).to.equal(204);
    expect((await plainCompletion).status).to.equal(409);

    const named = t.client.completeUserTask({ userTaskKey: task.userTaskKey, variables: {}, action: 'approve' });
    const second = await listenerJob();
    expect(second.userTask?.action).to.equal('approve');
    expect((await completeListenerJob(t, second.jobKey, {})).status).to.equal(204);
    await named;
  });

  it('should reject completing a listener job with variables', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'tl-creating', variables: {} });
    const [job] = await activate(t.client, 'tl-creating');
    const refused = await rejection(job.complete({ extra: 1 }));
    expect(refused.status).to.equal(400);
    expect(refused.title).to.equal('INVALID_ARGUMENT');

    await taskOf(t, processInstanceKey, 'CREATING');
    await job.complete({});
    await taskOf(t, processInstanceKey, 'CREATED');
  });

  // Zeebe 8.8's JobThrowErrorProcessor refuses a BPMN error from any listener job (camunda/camunda#36051)
  it('should refuse a BPMN error thrown from a task listener job with 409 INVALID_STATE, like Zeebe, and keep the job', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'tl-creating', variables: {} });
    const [job] = await activate(t.client, 'tl-creating');
    const refused = await rejection(t.client.errorJob({ jobKey: job.jobKey, errorCode: 'not-allowed', errorMessage: 'no', variables: {} }));
    expect(refused).to.deep.equal({
      status: 409,
      title: 'INVALID_STATE',
      detail: `Cannot throw BPMN error from TASK_LISTENER job with key '${job.jobKey}', type 'tl-creating' and processInstanceKey '${processInstanceKey}'`,
    });

    await taskOf(t, processInstanceKey, 'CREATING');
    await job.complete({});
    await taskOf(t, processInstanceKey, 'CREATED');
  });

  it('should reject denying a creating listener job', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'tl-creating-deny', variables: {} });
    const [job] = await activate(t.client, 'tl-creating-deny');
    const refused = await completeListenerJob(t, job.jobKey, { denied: true });
    expect(refused.status).to.equal(400);
    expect(((await refused.json()) as { detail: string }).detail).to.contain("'CREATING'");

    await taskOf(t, processInstanceKey, 'CREATING');
    expect((await completeListenerJob(t, job.jobKey, {})).status).to.equal(204);
    await taskOf(t, processInstanceKey, 'CREATED');
  });
});
