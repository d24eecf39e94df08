import { expect } from 'chai';
import { InvalidJobInput } from '../../workers/errors.js';
import type { JobHandler } from '../../workers/run-job.js';
import { userTaskAssigning } from '../../workers/user-task-assigning.js';
import { fakeJob } from '../support/jobs.js';
import { shape, withStatements } from '../support/statement-counter.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';

describe('workers/user-task-assigning', () => {
  let h: WorkerHarness;
  let assigning: JobHandler;

  before(async () => {
    h = await startWorkerHarness({ only: [] });
    assigning = userTaskAssigning.create(h.deps);
  });

  after(async () => {
    await h.stop();
  });

  const job = (userTaskKey: string, assignee?: string) =>
    fakeJob({
      type: 'user-task-assigning',
      headers: { 'io.camunda.zeebe:userTaskKey': userTaskKey, 'io.camunda.zeebe:candidateGroups': '["window:GA"]', ...(assignee ? { 'io.camunda.zeebe:assignee': assignee } : {}) },
      extra: { processDefinitionKey: '2251799813600001' },
    });

  const recorded = (userTaskKey: string) =>
    h.store.tasks.record({ userTaskKey, processInstanceKey: '2251799813600002', elementId: 'checkMaterials', name: '材料审查', candidateGroups: ['window:GA'], assignee: 'wu-b', coveringFor: 'li-a' });

  it('should keep whom the assignee covers for when the engine repeats the assignment made on creation', async () => {
    await recorded('2251799813600010');

    // no corrections (runJob answers the engine with none)
    expect(await assigning(job('2251799813600010', 'wu-b'))).to.equal(null);

    expect(await h.store.tasks.get('2251799813600010')).to.include({ assignee: 'wu-b', coveringFor: 'li-a' });
  });

  it('should record a new assignee, who covers for nobody', async () => {
    await recorded('2251799813600020');

    await assigning(job('2251799813600020', 'zhou-b'));

    expect(await h.store.tasks.get('2251799813600020')).to.include({ assignee: 'zhou-b', coveringFor: null });
  });

  it('should record an unassignment', async () => {
    await recorded('2251799813600030');

    await assigning(job('2251799813600030'));

    expect(await h.store.tasks.get('2251799813600030')).to.include({ assignee: null, coveringFor: null });
  });

  it('should change nothing twice when the same job is delivered again', async () => {
    await recorded('2251799813600040');
    const once = job('2251799813600040', 'zhou-b');
    await assigning(once);
    await h.store.tasks.assign('2251799813600040', 'zheng');

    await assigning(once);

    expect((await h.store.tasks.get('2251799813600040'))!.assignee, 'the later assignment stands').to.equal('zheng');
  });

  it('should record an assignment in one update inside the processed-jobs frame (BEGIN, claim, COMMIT)', async () => {
    await recorded('2251799813600060');

    const { statements } = await withStatements(h.storeConfig, () => assigning(job('2251799813600060', 'zhou-b')));

    expect(statements.map(shape)).to.deep.equal(['begin', 'insert processed_jobs', 'update tasks', 'commit']);
    expect(await h.store.tasks.get('2251799813600060')).to.include({ assignee: 'zhou-b', coveringFor: null });
  });

  it('should raise an incident naming the listener when the task was never recorded', async () => {
    const error = await assigning(job('2251799813600050', 'zhou-b')).catch((e: unknown) => e);

    expect(error).to.be.instanceOf(InvalidJobInput);
    expect((error as Error).message).to.contain('user-task-creating');
  });
});
