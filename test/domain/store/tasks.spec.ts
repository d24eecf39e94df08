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

  it('should mark a task completed with its record in one update, keeping the time of a completing listener that came first', async () => {
    // given an open task, one the completing listener already marked, and a form stored once
    await store().tasks.record(newTask('20'));
    await store().tasks.record(newTask('21'));
    const listenerAt = new Date('2026-11-26T05:00:00Z');
    await store().tasks.complete('21', listenerAt);
    const form = { formKey: '2251799813685300', formId: 'review-form', version: 1, schema: { id: 'review-form', components: [] } };
    await store().tasks.storeForm(form);
    await store().tasks.storeForm({ ...form, schema: { id: 'changed', components: [] } });

    // when the inbox records both completions
    const at = new Date('2026-11-26T06:00:00Z');
    const record = { completedBy: 'li', formKey: form.formKey, values: { decision: 'approve' }, context: { applicant: '张三' } };
    await store().tasks.recordCompletion('20', at, record);
    await store().tasks.recordCompletion('21', at, record);

    // then each is completed once, with the first time, and shown with the form first stored
    expect(await store().tasks.get('20')).to.include({ state: 'completed', completedBy: 'li' });
    expect((await store().tasks.get('20'))!.completedAt).to.deep.equal(at);
    expect((await store().tasks.get('21'))!.completedAt).to.deep.equal(listenerAt);
    expect(await store().tasks.completion('21')).to.deep.equal({ completedBy: 'li', form, values: { decision: 'approve' }, context: { applicant: '张三' } });
    await store()
      .tasks.recordCompletion('404', at, record)
      .then(
        () => expect.fail('recorded a task that does not exist'),
        (error: Error) => expect(error.name).to.equal('StoreNotFoundError'),
      );
  });

  it("should read an instance's open tasks and its case's status in one go", async () => {
    // given a case with two open tasks and a completed one in its instance, and one task elsewhere
    const theCase = await store().cases.create({ itemCode: 'MZ-001', caseType: 'immediate', departmentCode: 'MZ', applicant: { kind: 'person', name: '张三', idNumber: null, phone: null, email: null }, actor: 'test' });
    await store().tasks.record(newTask('30', { caseId: theCase.id, name: '受理审查' }));
    await store().tasks.record(newTask('31', { caseId: theCase.id, name: '当场办理' }));
    await store().tasks.record(newTask('32', { caseId: theCase.id }));
    await store().tasks.complete('32');
    await store().tasks.record(newTask('33', { processInstanceKey: '2251799813685999' }));

    // then
    expect(await store().tasks.instanceProgress('2251799813685249', theCase.id)).to.deep.equal({
      caseStatus: theCase.status,
      open: [
        { userTaskKey: '30', name: '受理审查' },
        { userTaskKey: '31', name: '当场办理' },
      ],
    });
    expect(await store().tasks.instanceProgress('2251799813685000', theCase.id)).to.deep.equal({ caseStatus: theCase.status, open: [] });
    expect(await store().tasks.instanceProgress('2251799813685999', null)).to.deep.equal({ caseStatus: null, open: [{ userTaskKey: '33', name: '审核' }] });
  });
});
