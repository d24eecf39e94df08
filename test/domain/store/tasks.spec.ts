import { expect } from 'chai';
import type { NewTask } from '../../../domain/store/index.js';
import { describeEachDialect } from '../../support/store.js';

const newTask = (key: string, overrides: Partial<NewTask> = {}): NewTask => ({
  userTaskKey: key,
  processInstanceKey: '2251799813685249',
  elementId: 'review',
  name: '审核',
  candidateGroups: ['mz-window'],
  departmentCode: 'MZ',
  ...overrides,
});

describeEachDialect('domain/store tasks', ({ store }) => {
  it('should record a task once when the listener job is delivered twice', async () => {
    // given a task recorded by the creating listener
    const first = await store().tasks.record(newTask('1001', { dueAt: new Date('2026-12-01T09:00:00Z'), formId: 'review-form', candidateGroups: ['mz-window', 'mz-window', 'mz-head'] }));

    // when the same job is delivered again with different data
    const replay = await store().tasks.record(newTask('1001', { name: 'changed', candidateGroups: ['other'] }));

    // then the first recording stands
    expect(replay).to.deep.equal(first);
    expect(await store().tasks.get('1001')).to.deep.equal(first);
    expect(first).to.include({ state: 'created', formId: 'review-form', assignee: null, completedAt: null });
    expect(first.candidateGroups).to.deep.equal(['mz-window', 'mz-head']);
    expect((await store().tasks.list({ candidateGroup: 'other' })).length).to.equal(0);
  });

  it('should assign to a B holder covering for the absent A holder', async () => {
    await store().tasks.record(newTask('7'));
    const assigned = await store().tasks.assign('7', 'b-holder', 'a-holder');
    expect(assigned).to.include({ assignee: 'b-holder', coveringFor: 'a-holder' });
    expect((await store().tasks.list({ state: 'created', assignee: 'b-holder' })).map((t) => t.userTaskKey)).to.deep.equal(['7']);
    expect((await store().tasks.assign('7', null)).assignee).to.equal(null);
  });

  it("should record the engine's assignments in one statement, keeping whom the same assignee covers for", async () => {
    // given a B holder covering for the absent A holder
    await store().tasks.record(newTask('8', { assignee: 'b-holder', coveringFor: 'a-holder' }));

    // when the engine repeats the assignment, then makes another, then unassigns
    const repeated = await store().tasks.recordAssignment('8', 'b-holder');
    const other = await store().tasks.recordAssignment('8', 'c-holder');
    const unassigned = await store().tasks.recordAssignment('8', null);

    // then
    expect(repeated).to.include({ assignee: 'b-holder', coveringFor: 'a-holder' });
    expect(other).to.include({ assignee: 'c-holder', coveringFor: null });
    expect(unassigned).to.include({ assignee: null, coveringFor: null });
    await store().tasks.assign('8', null, 'a-holder');
    expect(await store().tasks.recordAssignment('8', null), 'an unassignment notes nobody').to.include({ coveringFor: null });
    expect(await store().tasks.recordAssignment('unknown', 'b-holder')).to.equal(undefined);
  });

  it('should complete or cancel a task once and keep the first outcome on replay', async () => {
    // given
    await store().tasks.record(newTask('8'));
    await store().tasks.record(newTask('9'));
    const at = new Date('2026-11-26T05:00:00Z');

    // when
    const completed = await store().tasks.complete('8', at);
    const again = await store().tasks.cancel('8', new Date('2026-11-27T05:00:00Z'));
    const canceled = await store().tasks.cancel('9', at);

    // then
    expect(completed).to.include({ state: 'completed' });
    expect(completed.completedAt).to.deep.equal(at);
    expect(again).to.deep.equal(completed);
    expect(canceled.state).to.equal('canceled');
    expect((await store().tasks.list({ state: 'created' })).length).to.equal(0);
    expect((await store().tasks.list({ processInstanceKey: '2251799813685249', candidateGroup: 'mz-window' })).length).to.equal(2);
  });

  it('should list overdue open tasks', async () => {
    await store().tasks.record(newTask('10', { dueAt: new Date('2026-11-20T09:00:00Z') }));
    await store().tasks.record(newTask('11', { dueAt: new Date('2026-12-20T09:00:00Z') }));
    await store().tasks.record(newTask('12'));
    const overdue = await store().tasks.list({ state: 'created', dueBefore: new Date('2026-11-26T00:00:00Z') });
    expect(overdue.map((t) => t.userTaskKey)).to.deep.equal(['10']);
  });
});
