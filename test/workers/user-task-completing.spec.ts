import { expect } from 'chai';
import { InvalidJobInput } from '../../workers/errors.js';
import type { JobHandler } from '../../workers/run-job.js';
import { userTaskCompleting } from '../../workers/user-task-completing.js';
import { fakeJob } from '../support/jobs.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';

describe('workers/user-task-completing', () => {
  let h: WorkerHarness;
  let completing: JobHandler;

  before(async () => {
    h = await startWorkerHarness({ only: [], start: '2026-06-01T02:00:00Z' });
    completing = userTaskCompleting.create(h.deps);
  });

  after(async () => {
    await h.stop();
  });

  const job = (userTaskKey: string) =>
    fakeJob({ type: 'user-task-completing', headers: { 'io.camunda.zeebe:userTaskKey': userTaskKey, 'io.camunda.zeebe:candidateGroups': '[]' }, extra: { processDefinitionKey: '2251799813500001' } });

  it('should mark the task completed at the current time, once', async () => {
    await h.store.tasks.record({ userTaskKey: '2251799813500010', processInstanceKey: '2251799813500002', elementId: 'review', name: '部门审查', candidateGroups: ['review:GA'] });
    const once = job('2251799813500010');

    expect(await completing(once)).to.deep.equal({});
    await h.setTime('2026-06-02T02:00:00Z');
    await completing(once);

    const task = await h.store.tasks.get('2251799813500010');
    expect(task?.state).to.equal('completed');
    expect(task?.completedAt?.toISOString()).to.equal('2026-06-01T02:00:00.000Z');
  });

  it('should raise an incident naming the listener when the task was never recorded', async () => {
    const error = await completing(job('2251799813500020')).catch((e: unknown) => e);

    expect(error).to.be.instanceOf(InvalidJobInput);
    expect((error as Error).message).to.contain('user-task-creating');
  });
});
