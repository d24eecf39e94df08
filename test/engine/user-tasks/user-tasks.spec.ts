import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activate, activeIncidents, plain, rejection, until, untilInstanceState } from '../../support/scopes.js';

async function tasksOf(t: TestEngine, processInstanceKey: string) {
  return (await t.client.searchUserTasks({ filter: { processInstanceKey } })).items;
}

/** The single user task of a process instance, once it is in `state`. */
async function taskOf(t: TestEngine, processInstanceKey: string, state = 'CREATED') {
  const [task] = await until(() => tasksOf(t, processInstanceKey), (items) => items.length === 1 && items[0].state === state, `a ${state} user task`);
  return task;
}

/**
 * PATCH /v2/user-tasks/{key} with a changeset, raw: the SDK's updateUserTask (8.8.13) sends the bare
 * changeset to /user-tasks/{key}/update, a path the 8.8 API does not have.
 */
async function updateTask(t: TestEngine, userTaskKey: string, changeset: Record<string, unknown>): Promise<Response> {
  return fetch(`${t.url}/v2/user-tasks/${userTaskKey}`, {
    method: 'PATCH',
    headers: { ...t.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ changeset }),
  });
}

describe('engine/user-tasks', () => {
  let t: TestEngine;
  let formKey: string;

  before(async () => {
    t = await startTestEngine();
    const deployment = await t.deployFixtures('engine/user-tasks/review.bpmn', 'engine/user-tasks/review.form', 'engine/user-tasks/plain.bpmn');
    formKey = deployment.forms[0].formKey;
    await t.deployFixtures('engine/user-tasks/missing-form.bpmn');
  });

  after(async () => {
    await t.stop();
  });

  it('should create the task with its assignee, candidate groups, due date and the key of the form deployed with it', async () => {
    const { processInstanceKey, processDefinitionKey } = await t.client.createProcessInstance({ processDefinitionId: 'ut-review', variables: { reviewer: 'anna' } });
    const task = await taskOf(t, processInstanceKey);
    expect(task.elementId).to.equal('review');
    expect(task.name).to.equal('Review order');
    expect(task.assignee).to.equal('anna');
    expect(task.candidateGroups).to.deep.equal(['sales', 'managers']);
    expect(Date.parse(task.dueDate!)).to.equal(Date.parse('2030-05-01T12:00:00Z'));
    expect(task.formKey).to.equal(formKey);
    expect(task.processDefinitionId).to.equal('ut-review');
    expect(task.processDefinitionKey).to.equal(processDefinitionKey);

    const fetched = plain(await t.client.getUserTask(task.userTaskKey));
    expect(fetched).to.deep.include({
      userTaskKey: task.userTaskKey,
      state: 'CREATED',
      assignee: 'anna',
      candidateGroups: ['sales', 'managers'],
      formKey,
      processInstanceKey,
    });

    const form = (await (await fetch(`${t.url}/v2/user-tasks/${task.userTaskKey}/form`, { headers: t.headers })).json()) as { formId: string; formKey: string; schema: string };
    expect(form.formId).to.equal('ut-review-form');
    expect(form.formKey).to.equal(formKey);
    expect((JSON.parse(form.schema) as { components: Array<{ key: string }> }).components[0].key).to.equal('approved');
  });

  it('should assign, unassign, update and complete a task, passing the completion variables on', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'ut-plain', variables: { groups: ['clerks'] } });
    const task = await taskOf(t, processInstanceKey);
    expect(task.assignee ?? null).to.equal(null);
    expect(task.candidateGroups).to.deep.equal(['clerks']);

    await t.client.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'bob' });
    expect((await t.client.getUserTask(task.userTaskKey)).assignee).to.equal('bob');

    await t.client.unassignUserTask({ userTaskKey: task.userTaskKey });
    expect((await t.client.getUserTask(task.userTaskKey)).assignee ?? null).to.equal(null);

    const updated = await updateTask(t, task.userTaskKey, { candidateGroups: ['finance'], dueDate: '2031-01-01T00:00:00.000Z' });
    expect(updated.status).to.equal(204);
    const afterUpdate = await t.client.getUserTask(task.userTaskKey);
    expect(afterUpdate.candidateGroups).to.deep.equal(['finance']);
    expect(Date.parse(afterUpdate.dueDate!)).to.equal(Date.parse('2031-01-01T00:00:00Z'));

    await t.client.completeUserTask({ userTaskKey: task.userTaskKey, variables: { approved: true } });
    const done = await t.client.getUserTask(task.userTaskKey);
    expect(done.state).to.equal('COMPLETED');
    expect(done.completionDate).to.be.a('string');

    const [after] = await activate(t.client, 'ut-plain-after');
    expect(plain(after.variables)).to.deep.equal({ groups: ['clerks'], approved: true });
    await after.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  it('should answer 404 when completing a task that is already completed, like Zeebe', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'ut-review', variables: { reviewer: 'anna' } });
    const task = await taskOf(t, processInstanceKey);
    await t.client.completeUserTask({ userTaskKey: task.userTaskKey });
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');

    const again = await rejection(t.client.completeUserTask({ userTaskKey: task.userTaskKey }));
    expect(again.status).to.equal(404);
    expect(again.title).to.equal('NOT_FOUND');
  });

  it('should refuse to reassign a task assigned to someone else when allowOverride is false', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'ut-review', variables: { reviewer: 'anna' } });
    const task = await taskOf(t, processInstanceKey);

    const refused = await rejection(t.client.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'zoe', allowOverride: false }));
    expect(refused.status).to.equal(409);
    expect(refused.title).to.equal('INVALID_STATE');
    expect((await t.client.getUserTask(task.userTaskKey)).assignee).to.equal('anna');

    await t.client.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'zoe', allowOverride: true });
    expect((await t.client.getUserTask(task.userTaskKey)).assignee).to.equal('zoe');
  });

  it('should raise FORM_NOT_FOUND for a task whose form is not deployed, and create it once the form is deployed and the incident resolved', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'ut-missing-form', variables: {} });
    const [incident] = await until(() => activeIncidents(t.client, processInstanceKey), (items) => items.length === 1, 'the incident');
    expect(incident.errorType).to.equal('FORM_NOT_FOUND');
    expect(incident.elementId).to.equal('fill');
    expect(incident.errorMessage).to.contain("'ut-late-form'");
    expect(await tasksOf(t, processInstanceKey)).to.have.length(0);

    const deployment = await t.deployFixtures('engine/user-tasks/late.form');
    await t.client.resolveIncident(incident.incidentKey);
    const task = await taskOf(t, processInstanceKey);
    expect(task.formKey).to.equal(deployment.forms[0].formKey);
    expect(await activeIncidents(t.client, processInstanceKey)).to.have.length(0);
  });

  describe('search', () => {
    let s: TestEngine;
    const keys: Record<string, string> = {};

    before(async () => {
      s = await startTestEngine();
      await s.deployFixtures('engine/user-tasks/review.bpmn', 'engine/user-tasks/review.form', 'engine/user-tasks/plain.bpmn');
      for (const reviewer of ['carl', 'dora']) {
        keys[reviewer] = (await s.client.createProcessInstance({ processDefinitionId: 'ut-review', variables: { reviewer } })).processInstanceKey;
      }
      keys.plain = (await s.client.createProcessInstance({ processDefinitionId: 'ut-plain', variables: { groups: ['clerks', 'sales'] } })).processInstanceKey;
      const dora = await taskOf(s, keys.dora);
      await s.client.completeUserTask({ userTaskKey: dora.userTaskKey });
    });

    after(async () => {
      await s.stop();
    });

    const search = async (filter: Record<string, unknown>) =>
      (await s.client.searchUserTasks({ filter })).items.map((task) => task.processInstanceKey).sort();

    it('should filter by assignee', async () => {
      expect(await search({ assignee: 'carl' })).to.deep.equal([keys.carl]);
    });

    it('should filter by candidate group', async () => {
      expect(await search({ candidateGroup: 'managers' })).to.deep.equal([keys.carl, keys.dora].sort());
      expect(await search({ candidateGroup: 'sales' })).to.deep.equal([keys.carl, keys.dora, keys.plain].sort());
    });

    it('should filter by state', async () => {
      expect(await search({ state: 'COMPLETED' })).to.deep.equal([keys.dora]);
      expect(await search({ state: 'CREATED' })).to.deep.equal([keys.carl, keys.plain].sort());
    });

    it('should filter by process instance key', async () => {
      expect(await search({ processInstanceKey: keys.plain })).to.deep.equal([keys.plain]);
    });
  });
});
