import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Absence, Case, Staff, Task } from '../../domain/store/index.js';
import type { JobHandler } from '../../workers/run-job.js';
import { userTaskCreating } from '../../workers/user-task-creating.js';
import { fakeJob } from '../support/jobs.js';
import { shape, withStatements } from '../support/statement-counter.js';
import { until } from '../support/scopes.js';
import { applicant } from '../support/store.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';

const MONDAY = '2026-06-01T02:00:00Z';
const STEP_DUE = '2026-06-04T09:30:00.000Z';

const clerk = (id: string, name: string): Staff => ({ id, name, departmentCode: 'GA', roles: ['window-clerk'], phone: null, email: null, active: true });

describe('workers/user-task-creating', () => {
  let h: WorkerHarness;
  let definitionKey: string;
  let absences: Absence[] = [];

  before(async () => {
    h = await startWorkerHarness({ only: ['user-task-creating', 'user-task-assigning', 'user-task-completing'], start: MONDAY });
    const form = readFileSync(join(import.meta.dirname, '..', '..', 'forms', 'material-check.form'), 'utf8');
    await h.engine.client.deployResources([{ name: 'material-check.form', content: form }]);
    const deployed = await h.engine.deployFixtures('workers/user-task-creating.bpmn', 'workers/user-task-creating-assignee.bpmn');
    definitionKey = deployed.processes.find((p) => p.processDefinitionId === 'fixture-user-task')!.processDefinitionKey;
    for (const s of [clerk('li-a', '李A'), clerk('zhou-b', '周B'), clerk('wu-b', '吴B'), clerk('zheng', '郑')]) await h.store.staff.upsertStaff(s);
    await h.store.staff.upsertPost({ code: 'GA-window-1', departmentCode: 'GA', name: '公安户政窗口', candidateGroup: 'window:GA' });
    await h.store.staff.setHolders('GA-window-1', ['li-a', 'zhou-b', 'wu-b']);
  });

  after(async () => {
    await h.stop();
  });

  afterEach(async () => {
    for (const a of absences) await h.store.staff.removeAbsence(a.id);
    absences = [];
  });

  async function away(...staffIds: string[]): Promise<void> {
    for (const staffId of staffIds) {
      absences.push(await h.store.staff.addAbsence({ staffId, startsAt: new Date('2026-06-01T00:00:00Z'), endsAt: new Date('2026-06-02T00:00:00Z'), reason: '请假' }));
    }
  }

  const newCase = (): Promise<Case> => h.store.cases.create({ itemCode: 'GA-001', caseType: 'promised', departmentCode: 'GA', applicant, actor: 'test' });

  /** Starts the fixture and waits until the task is CREATED in the engine and its assignment (if any) is recorded. */
  async function startTask(processDefinitionId: string, variables: Record<string, unknown>) {
    const { processInstanceKey } = await h.engine.client.createProcessInstance({ processDefinitionId, variables: { departmentCode: 'GA', stepDueAt: STEP_DUE, ...variables } });
    const [engineTask] = await until(
      async () => (await h.engine.client.searchUserTasks({ filter: { processInstanceKey } })).items,
      (items) => items.length === 1 && items[0].state === 'CREATED',
      'the user task created',
    );
    const [stored] = await until(
      () => h.store.tasks.list({ processInstanceKey }),
      (tasks: Task[]) => tasks.length === 1 && tasks[0].assignee === (engineTask.assignee ?? null),
      'the task recorded with its assignee',
    );
    return { processInstanceKey, engineTask, stored };
  }

  it('should record the task for the inbox and assign it to the A holder when present', async () => {
    const c = await newCase();

    const { engineTask, stored } = await startTask('fixture-user-task', { caseNumber: c.caseNumber });

    expect(engineTask.assignee).to.equal('li-a');
    expect(stored).to.deep.include({
      userTaskKey: engineTask.userTaskKey,
      elementId: 'checkMaterials',
      name: '材料审查',
      formId: 'material-check',
      candidateGroups: ['window:GA'],
      departmentCode: 'GA',
      caseId: c.id,
      assignee: 'li-a',
      coveringFor: null,
      state: 'created',
    });
    expect(stored.dueAt?.toISOString()).to.equal(STEP_DUE);
  });

  it('should assign the first present B holder, covering for the absent A holder', async () => {
    const c = await newCase();
    await away('li-a', 'zhou-b');

    const { engineTask, stored } = await startTask('fixture-user-task', { caseNumber: c.caseNumber });

    expect(engineTask.assignee).to.equal('wu-b');
    expect(stored).to.include({ assignee: 'wu-b', coveringFor: 'li-a' });
  });

  it('should leave the task in the group queue, alert the window head and recommend staffing the post to supervision when every holder is away', async () => {
    const c = await newCase();
    await away('li-a', 'zhou-b', 'wu-b');

    const { engineTask, stored } = await startTask('fixture-user-task', { caseNumber: c.caseNumber });

    expect(engineTask.assignee ?? null).to.equal(null);
    expect(stored).to.include({ assignee: null, coveringFor: null });
    const [recommendation] = await h.store.supervision.listForCase(c.id);
    expect(recommendation).to.include({ kind: 'recommendation', userTaskKey: engineTask.userTaskKey });
    expect(recommendation.reason).to.contain('公安户政窗口').and.to.contain('window:GA');
    const messages = await h.store.outbox.list({ caseId: c.id });
    expect(messages.map((m) => [m.channel, m.recipient])).to.have.deep.members([
      ['inapp', 'group:head:GA'],
      ['inapp', 'group:supervision'],
    ]);
  });

  it('should keep the assignee the diagram names when that person is present', async () => {
    const c = await newCase();

    const { engineTask, stored } = await startTask('fixture-user-task-assignee', { caseNumber: c.caseNumber, modelAssignee: 'zheng' });

    expect(engineTask.assignee).to.equal('zheng');
    expect(stored).to.include({ assignee: 'zheng', coveringFor: null });
  });

  it('should replace an absent assignee named by the diagram by the post holder at work', async () => {
    const c = await newCase();
    await away('zheng');

    const { engineTask, stored } = await startTask('fixture-user-task-assignee', { caseNumber: c.caseNumber, modelAssignee: 'zheng' });

    expect(engineTask.assignee).to.equal('li-a');
    expect(stored).to.include({ assignee: 'li-a', coveringFor: 'zheng' });
  });

  it('should record a reassignment and the completion of the task', async () => {
    const c = await newCase();
    const { processInstanceKey, engineTask } = await startTask('fixture-user-task', { caseNumber: c.caseNumber });

    await h.engine.client.assignUserTask({ userTaskKey: engineTask.userTaskKey, assignee: 'zhou-b', allowOverride: true });
    expect(await h.store.tasks.get(engineTask.userTaskKey)).to.include({ assignee: 'zhou-b', coveringFor: null });

    await h.engine.client.completeUserTask({ userTaskKey: engineTask.userTaskKey });
    const done = await until(() => h.store.tasks.get(engineTask.userTaskKey), (t) => t?.state === 'completed', 'the task completed');
    expect(done?.completedAt?.toISOString()).to.equal('2026-06-01T02:00:00.000Z');
    await until(
      async () => (await h.engine.client.searchProcessInstances({ filter: { processInstanceKey } })).items[0]?.state,
      (state) => state === 'COMPLETED',
      'the instance completed',
    );
  });

  it('should change nothing twice when the same creating job is delivered again', async () => {
    const c = await newCase();
    await away('zheng', 'li-a', 'zhou-b', 'wu-b');
    const handler: JobHandler = userTaskCreating.create(h.deps);
    const job = fakeJob({
      type: 'user-task-creating',
      elementId: 'checkMaterials',
      variables: { caseNumber: c.caseNumber, departmentCode: 'GA' },
      headers: { 'io.camunda.zeebe:userTaskKey': '2251799813777001', 'io.camunda.zeebe:candidateGroups': '["window:GA"]', 'io.camunda.zeebe:assignee': 'zheng' },
      extra: { processDefinitionKey: definitionKey },
    });

    const first = await handler(job);
    const second = await handler(job);

    expect(first).to.deep.equal({ assignee: '' });
    expect(second).to.deep.equal(first);
    expect(await h.store.tasks.list({ caseId: c.id })).to.have.length(1);
    expect(await h.store.supervision.listForCase(c.id)).to.have.length(1);
    expect(await h.store.outbox.list({ caseId: c.id })).to.have.length(2);
  });

  it('should record a task in seven statements: the case, the post with its holders and absences, the claim with the corrections, the task and its groups', async () => {
    const c = await newCase();
    const handler: JobHandler = userTaskCreating.create(h.deps);
    const job = fakeJob({
      type: 'user-task-creating',
      elementId: 'checkMaterials',
      variables: { caseNumber: c.caseNumber, departmentCode: 'GA' },
      headers: { 'io.camunda.zeebe:userTaskKey': '2251799813777002', 'io.camunda.zeebe:candidateGroups': '["window:GA"]' },
      extra: { processDefinitionKey: definitionKey },
    });
    await away('li-a');

    const { statements, result } = await withStatements(h.storeConfig, () => handler(job));

    expect(result).to.deep.equal({ assignee: 'zhou-b' });
    expect(statements.map(shape)).to.deep.equal(['begin', 'select cases', 'select posts', 'insert processed_jobs', 'insert tasks', 'insert task_candidate_groups', 'commit']);
    expect(await h.store.tasks.get('2251799813777002')).to.include({ assignee: 'zhou-b', coveringFor: 'li-a', caseId: c.id });
  });
});
