import { expect } from 'chai';
import type { InboxSearch, NewTask, Store } from '../../../domain/store/index.js';
import { applicant, describeEachDialect } from '../../support/store.js';

const newTask = (key: string, overrides: Partial<NewTask> = {}): NewTask => ({
  userTaskKey: key,
  processInstanceKey: '2251799813685249',
  elementId: 'review',
  name: '审核',
  candidateGroups: ['window:MZ'],
  departmentCode: 'MZ',
  ...overrides,
});

const bands = { now: new Date('2026-03-02T01:00:00Z'), yellowBefore: new Date('2026-03-02T16:00:00Z') };
const mine = (candidateGroups: string[], assignee: string | null = null): InboxSearch['scope'] => ({ kind: 'mine', assignee, candidateGroups });

async function account(store: Store, username: string): Promise<void> {
  await store.staff.upsertStaff({ id: username, name: username, departmentCode: 'MZ', roles: ['window-clerk'], phone: null, email: null, active: true });
  await store.users.addIfMissing({ username, displayName: username, staffId: username, departmentCode: 'MZ', roles: ['window-clerk'], passwordHash: 'x' });
}

describeEachDialect('domain/store inbox', ({ store }) => {
  it('should search a scope with the case’s applicant and number, filter by due band and applicant name, and page', async () => {
    const s = store();
    const zhang = await s.cases.create({ itemCode: 'MZ-001', caseType: 'immediate', departmentCode: 'MZ', applicant, actor: 'test' });
    const percent = await s.cases.create({ itemCode: 'MZ-001', caseType: 'immediate', departmentCode: 'MZ', applicant: { ...applicant, name: '百分之%百' }, actor: 'test' });
    await s.tasks.record(newTask('1', { caseId: zhang.id, dueAt: new Date('2026-03-02T00:00:00Z'), assignee: 'li' }));
    await s.tasks.record(newTask('2', { caseId: zhang.id, dueAt: new Date('2026-03-02T09:30:00Z') }));
    await s.tasks.record(newTask('3', { caseId: percent.id, dueAt: new Date('2026-03-05T09:30:00Z') }));
    await s.tasks.record(newTask('4', { candidateGroups: ['window:GA'], departmentCode: 'GA' }));
    await s.tasks.record(newTask('5', { candidateGroups: ['window:GA'], departmentCode: 'GA', assignee: 'li' }));

    const search = (extra: Partial<InboxSearch> = {}) => s.inbox.search({ scope: mine(['window:MZ'], 'li'), limit: 10, offset: 0, ...extra });
    const keys = async (extra: Partial<InboxSearch> = {}) => (await search(extra)).entries.map((e) => e.task.userTaskKey);

    const all = await search();
    expect(all.total).to.equal(4);
    expect(all.entries.map((e) => e.task.userTaskKey)).to.deep.equal(['1', '2', '3', '5']);
    expect(all.entries[0]).to.deep.include({ caseNumber: zhang.caseNumber, applicant: { ...applicant } });
    expect(await keys({ status: { band: 'red', bands } })).to.deep.equal(['1']);
    expect(await keys({ status: { band: 'yellow', bands } })).to.deep.equal(['2']);
    expect(await keys({ status: { band: 'normal', bands } })).to.deep.equal(['3', '5']);
    expect(await keys({ applicant: '%' })).to.deep.equal(['3']);
    expect(await keys({ applicant: '张' })).to.deep.equal(['1', '2']);
    expect(await keys({ caseNumber: zhang.caseNumber })).to.deep.equal(['1', '2']);
    expect(await keys({ assignee: null })).to.deep.equal(['2', '3']);
    expect(await keys({ group: 'window:GA' })).to.deep.equal(['5']);
    expect(await keys({ sort: 'dueAt', order: 'desc' })).to.deep.equal(['3', '2', '1', '5']);
    const page = await search({ limit: 2, offset: 1 });
    expect(page.total).to.equal(4);
    expect(page.entries.map((e) => e.task.userTaskKey)).to.deep.equal(['2', '3']);
    expect((await s.inbox.search({ scope: mine([], null), limit: 10, offset: 0 })).total).to.equal(0);

    // a cover scope: tasks of a post waiting on its absent holder or on nobody, and mine while covering
    await s.tasks.assign('2', 'wang');
    await s.tasks.assign('3', 'zhao');
    await s.tasks.assign('4', 'li', 'wang');
    const cover = await s.inbox.search({ scope: { kind: 'cover', assignee: 'li', posts: [{ candidateGroup: 'window:MZ', absentHolder: 'wang' }] }, limit: 10, offset: 0 });
    expect(cover.entries.map((e) => e.task.userTaskKey)).to.deep.equal(['2', '4']);

    // finished tasks are searched by state; their band is whether they finished late
    await s.tasks.complete('1', new Date('2026-03-03T00:00:00Z'));
    expect(await keys({ state: 'completed', status: { band: 'red', bands } })).to.deep.equal(['1']);
    expect(await keys({ state: 'completed', status: { band: 'yellow', bands } })).to.deep.equal([]);
  });

  it('should find a group’s tasks in the state they are in now, for group rows written by the store or straight into the table', async () => {
    const s = store();
    await s.tasks.record(newTask('20'));
    await s.tasks.record(newTask('21'));
    await s.tasks.record(newTask('22'));
    const groupKeys = async (state: InboxSearch['state']) =>
      (await s.inbox.search({ scope: mine(['window:MZ']), state, limit: 10, offset: 0 })).entries.map((e) => e.task.userTaskKey);
    expect(await groupKeys('created')).to.deep.equal(['20', '21', '22']);
    await s.tasks.complete('21');
    await s.tasks.cancel('22');
    expect(await groupKeys('created')).to.deep.equal(['20']);
    expect(await groupKeys('completed')).to.deep.equal(['21']);
    expect(await groupKeys('canceled')).to.deep.equal(['22']);
    // a restore or a bulk load writes a finished task and then its groups, without the state
    await s.db.insertInto('tasks').values({ ...(await s.db.selectFrom('tasks').selectAll().where('user_task_key', '=', '21').executeTakeFirstOrThrow()), user_task_key: '23' }).execute();
    await s.db.insertInto('task_candidate_groups').values({ user_task_key: '23', candidate_group: 'window:MZ' }).execute();
    expect(await groupKeys('created')).to.deep.equal(['20']);
    expect(await groupKeys('completed')).to.deep.equal(['21', '23']);
  });

  it('should count a scope’s tasks once each, assigned, offered to one of its groups or both, in the state asked for, with a filter too and past the last page', async () => {
    const s = store();
    await s.tasks.record(newTask('30', { assignee: 'li' }));
    await s.tasks.record(newTask('31', { candidateGroups: ['window:GA'], departmentCode: 'GA', assignee: 'li' }));
    await s.tasks.record(newTask('32', { candidateGroups: ['window:MZ', 'head:MZ'] }));
    await s.tasks.record(newTask('33', { candidateGroups: ['window:GA'], departmentCode: 'GA' }));
    await s.tasks.record(newTask('34'));
    await s.tasks.complete('34');
    const total = async (scope: InboxSearch['scope'], state?: InboxSearch['state']) => (await s.inbox.search({ scope, state, limit: 1, offset: 0 })).total;
    expect(await total(mine(['window:MZ', 'head:MZ'], 'li'))).to.equal(3);
    expect(await total(mine(['window:MZ', 'head:MZ'], 'li'), 'completed')).to.equal(1);
    expect(await total(mine([], 'li'))).to.equal(2);
    expect(await total(mine(['head:MZ'], null))).to.equal(1);
    expect(await total(mine([], null))).to.equal(0);
    const normal = { band: 'normal', bands } as const;
    const filtered = (offset: number) => s.inbox.search({ scope: mine(['window:MZ', 'head:MZ'], 'li'), status: normal, limit: 2, offset });
    expect((await filtered(0)).total).to.equal(3);
    expect((await filtered(2)).entries).to.have.length(1);
    expect((await filtered(2)).total).to.equal(3);
    expect((await filtered(5)).total).to.equal(3);
    expect((await s.inbox.search({ scope: mine(['window:MZ', 'head:MZ'], 'li'), status: { band: 'red', bands }, limit: 2, offset: 0 })).total).to.equal(0);
  });

  it('should list the open tasks of a scope created since an instant, oldest first, and the latest creation', async () => {
    const s = store();
    const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 1, minute));
    expect(await s.inbox.latestCreatedAt(mine(['window:MZ']))).to.equal(null);
    await s.tasks.record(newTask('10', { createdAt: at(0) }));
    await s.tasks.record(newTask('11', { createdAt: at(5) }));
    await s.tasks.record(newTask('12', { createdAt: at(5), candidateGroups: ['window:GA'] }));
    await s.tasks.record(newTask('13', { createdAt: at(7) }));
    await s.tasks.complete('13');
    expect(await s.inbox.latestCreatedAt(mine(['window:MZ']))).to.deep.equal(at(7));
    expect((await s.inbox.createdSince(mine(['window:MZ']), at(5))).map((e) => e.task.userTaskKey)).to.deep.equal(['11']);
    expect((await s.inbox.createdSince(mine(['window:MZ']), null)).map((e) => e.task.userTaskKey)).to.deep.equal(['10', '11']);
    expect((await s.inbox.entries(['12', '10', 'nope'])).map((e) => e.task.userTaskKey)).to.deep.equal(['12', '10']);
  });

  it('should keep one draft per user and task, replace it on save, and delete every draft of a task', async () => {
    const s = store();
    await account(s, 'wang');
    await account(s, 'li');
    await s.tasks.record(newTask('20'));
    await s.inbox.saveDraft({ userTaskKey: '20', username: 'wang', data: { opinion: '初稿' }, at: new Date('2026-03-02T01:00:00Z') });
    const replaced = await s.inbox.saveDraft({ userTaskKey: '20', username: 'wang', data: { opinion: '二稿', missing: [{ code: 'a', reason: '缺' }] }, at: new Date('2026-03-02T02:00:00Z') });
    await s.inbox.saveDraft({ userTaskKey: '20', username: 'li', data: { opinion: '李' } });
    expect(await s.inbox.getDraft('20', 'wang')).to.deep.equal(replaced);
    expect(replaced.data).to.deep.equal({ opinion: '二稿', missing: [{ code: 'a', reason: '缺' }] });
    expect(await s.inbox.deleteDraft('20', 'li')).to.equal(true);
    expect(await s.inbox.deleteDraft('20', 'li')).to.equal(false);
    await s.inbox.saveDraft({ userTaskKey: '20', username: 'li', data: {} });
    expect(await s.inbox.deleteDraftsOf('20')).to.equal(2);
    expect(await s.inbox.getDraft('20', 'wang')).to.equal(undefined);
  });

  it('should keep saved filters per department, one name each', async () => {
    const s = store();
    const first = await s.inbox.addFilter({ departmentCode: 'MZ', name: '超期', query: { status: 'red' }, createdBy: 'wang' });
    expect(first).to.deep.include({ departmentCode: 'MZ', name: '超期', query: { status: 'red' }, createdBy: 'wang' });
    expect(await s.inbox.addFilter({ departmentCode: 'MZ', name: '超期', query: {}, createdBy: 'li' })).to.equal(undefined);
    await s.inbox.addFilter({ departmentCode: 'GA', name: '超期', query: {}, createdBy: 'zhao' });
    await s.inbox.addFilter({ departmentCode: 'MZ', name: '今日', query: { status: 'yellow' }, createdBy: 'li' });
    expect((await s.inbox.listFilters('MZ')).map((f) => f.name)).to.deep.equal(['今日', '超期']);
    expect(await s.inbox.getFilter(first!.id)).to.deep.equal(first);
    expect(await s.inbox.deleteFilter(first!.id)).to.equal(true);
    expect((await s.inbox.listFilters('MZ')).map((f) => f.name)).to.deep.equal(['今日']);
  });

  it('should list a department’s joint cases with how far their reviews are', async () => {
    const s = store();
    const joint = await s.cases.create({ itemCode: 'ZJ-001', caseType: 'joint', departmentCode: 'ZJ', applicant, actor: 'test' });
    await s.cases.create({ itemCode: 'ZJ-002', caseType: 'promised', departmentCode: 'ZJ', applicant, actor: 'test' });
    const other = await s.cases.create({ itemCode: 'FG-001', caseType: 'joint', departmentCode: 'FG', applicant, actor: 'test' });
    await s.tasks.record(newTask('30', { caseId: joint.id, candidateGroups: ['review:ZJ'] }));
    await s.tasks.record(newTask('31', { caseId: joint.id, candidateGroups: ['review:ZRZY'] }));
    await s.tasks.record(newTask('32', { caseId: joint.id, candidateGroups: ['review:RS'] }));
    await s.tasks.record(newTask('33', { caseId: joint.id, candidateGroups: ['window:ZJ'] }));
    await s.tasks.complete('30');
    await s.tasks.cancel('31');
    const page = await s.inbox.jointCases({ departmentCode: 'ZJ', limit: 10, offset: 0 });
    expect(page.total).to.equal(1);
    expect(page.cases[0].theCase.caseNumber).to.equal(joint.caseNumber);
    expect(page.cases[0].reviews).to.deep.equal({ open: 1, completed: 1, canceled: 1 });
    const everyone = await s.inbox.jointCases({ limit: 10, offset: 0 });
    expect(everyone.cases.map((c) => c.theCase.id).sort()).to.deep.equal([joint.id, other.id].sort());
    await s.cases.update(joint.id, { status: 'completed' });
    expect((await s.inbox.jointCases({ departmentCode: 'ZJ', open: true, limit: 10, offset: 0 })).total).to.equal(0);
  });
});
