import { expect } from 'chai';
import { hashToken } from '../../../web/auth/tokens.js';
import type { InboxTaskBody } from '../../../web/inbox/view.js';
import { bodyOf, MZ_002_MATERIALS, PERSON, startInboxHarness, ZJ_001_MATERIALS, COMPANY, type InboxHarness } from '../../support/inbox.js';
import { openEventStream } from '../../support/sse.js';
import type { ApiClient } from '../../support/web.js';

interface Page {
  tasks: InboxTaskBody[];
  total: number;
  limit: number;
  offset: number;
  view: string;
}

const openStream = (browser: ApiClient) => openEventStream(browser, '/api/tasks/stream');

/**
 * The inbox list, its live feed, its saved filters, and the stale tasks it settles, against the
 * real engine and workers running the project's diagrams, with the demo accounts.
 */
describe('web/api inbox (list, stream, saved filters, stale tasks)', function () {
  this.timeout(60_000);
  let h: InboxHarness;
  before(async () => {
    h = await startInboxHarness();
  });
  after(() => h.stop());

  const list = async (browser: ApiClient, query = ''): Promise<Page> => {
    const res = await browser.get(`/api/tasks${query}`);
    expect(res.status, query).to.equal(200);
    return bodyOf<Page>(res);
  };
  const keys = (page: Page) => page.tasks.map((t) => t.userTaskKey);

  describe('the list', () => {
    // tasks of the 自然资源局 window recorded as the creating listener would: no diagram runs there in these tests
    const at = (iso: string) => new Date(iso);
    before(async () => {
      const zhang = await h.store.cases.create({ itemCode: 'ZRZY-001', caseType: 'promised', departmentCode: 'ZRZY', applicant: { kind: 'person', name: '张三丰', idNumber: '110101199003071234', phone: '13800000000', email: null }, actor: 'test' });
      const li = await h.store.cases.create({ itemCode: 'ZRZY-001', caseType: 'promised', departmentCode: 'ZRZY', applicant: { kind: 'person', name: '李四_100%', idNumber: null, phone: null, email: null }, actor: 'test' });
      const task = (key: string, caseId: string, dueAt: Date | null, assignee: string | null, name = '不动产登记审核') =>
        h.store.tasks.record({ userTaskKey: key, processInstanceKey: '9100000000000001', elementId: 'review', name, candidateGroups: ['window:ZRZY'], departmentCode: 'ZRZY', caseId, dueAt, assignee, createdAt: h.now() });
      // now is Monday 2 March 2026, 09:00 in Beijing
      await task('9000000000000001', zhang.id, at('2026-03-02T00:00:00Z'), 'zrzy-clerk-a'); // 08:00 today: overdue
      await task('9000000000000002', zhang.id, at('2026-03-02T09:30:00Z'), null); // 17:30 today: within one working day
      await task('9000000000000003', li.id, at('2026-03-03T09:30:00Z'), null); // tomorrow 17:30: warned only from today 17:30
      await task('9000000000000004', li.id, null, 'zrzy-clerk-a', '登簿');
      // and one of another department's window
      await h.store.tasks.record({ userTaskKey: '9000000000000005', processInstanceKey: '9100000000000001', elementId: 'review', name: '另一部门的任务', candidateGroups: ['window:MZ'], departmentCode: 'MZ', caseId: li.id });
    });

    it('should list my groups’ open tasks with case, masked applicant, item, department and due status, soonest due first', async () => {
      const page = await list(await h.as('zrzy-clerk-b'));
      expect(page).to.include({ total: 4, limit: 50, offset: 0, view: 'mine' });
      expect(keys(page)).to.deep.equal(['9000000000000001', '9000000000000002', '9000000000000003', '9000000000000004']);
      expect(page.tasks.map((t) => t.dueStatus)).to.deep.equal(['red', 'yellow', 'normal', 'normal']);
      const first = page.tasks[0];
      expect(first).to.deep.include({
        name: '不动产登记审核',
        state: 'created',
        applicant: { kind: 'person', name: '张三丰', idNumber: '110101********1234', phone: '138****0000' },
        item: { code: 'ZRZY-001', name: '不动产转移登记（存量房买卖）' },
        department: { code: 'ZRZY', name: '县自然资源局' },
        candidateGroups: ['window:ZRZY'],
        assignee: { id: 'zrzy-clerk-a', name: '徐丽' },
        coveringFor: null,
        dueAt: '2026-03-02T00:00:00.000Z',
      });
      expect(first.caseNumber).to.match(/^SH20260302-\d{4}$/);
      // nothing of another department's, and nothing for someone without the group
      expect((await list(await h.as('zrzy-reviewer'))).total).to.equal(0);
    });

    it('should filter by case number, applicant, due status, assignee and group, and sort and page', async () => {
      const clerk = await h.as('zrzy-clerk-a');
      const [zhangCase] = (await list(clerk)).tasks.map((t) => t.caseNumber!);
      expect(keys(await list(clerk, `?caseNumber=${zhangCase}`))).to.deep.equal(['9000000000000001', '9000000000000002']);
      expect(keys(await list(clerk, `?caseNumber=${zhangCase.slice(0, 11)}`))).to.have.length(4);
      expect(keys(await list(clerk, `?applicant=${encodeURIComponent('三丰')}`))).to.deep.equal(['9000000000000001', '9000000000000002']);
      // LIKE's wildcards are searched for as written
      expect(keys(await list(clerk, `?applicant=${encodeURIComponent('_100%')}`))).to.deep.equal(['9000000000000003', '9000000000000004']);
      expect(keys(await list(clerk, `?applicant=${encodeURIComponent('%')}`))).to.deep.equal(['9000000000000003', '9000000000000004']);
      expect(keys(await list(clerk, '?applicant=_'))).to.deep.equal(['9000000000000003', '9000000000000004']);
      expect(keys(await list(clerk, '?status=red'))).to.deep.equal(['9000000000000001']);
      expect(keys(await list(clerk, '?status=yellow'))).to.deep.equal(['9000000000000002']);
      expect(keys(await list(clerk, '?status=normal'))).to.deep.equal(['9000000000000003', '9000000000000004']);
      expect(keys(await list(clerk, '?assignee=me'))).to.deep.equal(['9000000000000001', '9000000000000004']);
      expect(keys(await list(clerk, '?assignee=unassigned'))).to.deep.equal(['9000000000000002', '9000000000000003']);
      expect(keys(await list(clerk, '?group=window:ZRZY&assignee=me&status=red'))).to.deep.equal(['9000000000000001']);
      expect(keys(await list(clerk, '?sort=name&order=desc&limit=1'))).to.deep.equal(['9000000000000004']);
      expect(keys(await list(clerk, '?sort=dueAt&order=desc'))).to.deep.equal(['9000000000000003', '9000000000000002', '9000000000000001', '9000000000000004']);
      const second = await list(clerk, '?limit=2&offset=2');
      expect(second).to.include({ total: 4, limit: 2, offset: 2 });
      expect(keys(second)).to.deep.equal(['9000000000000003', '9000000000000004']);
      expect((await list(clerk, '?state=completed')).total).to.equal(0);

      // a group that is not mine, or a value the document does not allow, is refused naming the parameter
      const foreign = await clerk.get('/api/tasks?group=window:MZ');
      expect(foreign.status).to.equal(403);
      expect(foreign.body).to.include({ code: 'forbidden', field: 'group' });
      const bad = await clerk.get('/api/tasks?status=green&limit=0');
      expect(bad.status).to.equal(400);
      expect(bad.body.errors!.map((e) => e.field)).to.deep.equal(['status', 'limit']);
      expect((await h.client().get('/api/tasks')).status).to.equal(401);
    });
  });

  it('should deliver a new task of my groups on the stream without a reload, and close the stream on logout', async () => {
    const clerk = await h.as('zj-clerk-b');
    const stream = await openStream(clerk);
    try {
      expect(stream.status).to.equal(200);
      expect(stream.contentType).to.match(/^text\/event-stream/);
      await h.until('the ready event', () => stream.events.some((e) => e.event === 'ready'));

      // a 住建局 joint case arrives; its material check goes to window:ZJ
      const { caseNumber, processInstanceKey } = await h.startCase('joint-approval', 'ZJ-001', ZJ_001_MATERIALS, COMPANY);
      const check = await h.storeTask('materialCheck', processInstanceKey);
      const delivered = await h.until('the task event', () => stream.events.find((e) => e.event === 'task'), 5_000);
      expect(delivered.id).to.equal(check.userTaskKey);
      expect(delivered.data).to.deep.include({ userTaskKey: check.userTaskKey, caseNumber, name: '审查各部门所需材料', candidateGroups: ['window:ZJ'] });
      // a company's credit code is kept where a person's ID number is, and masked alike
      expect((delivered.data as InboxTaskBody).applicant).to.deep.equal({ kind: 'company', name: COMPANY.name, idNumber: '915300********8X1B', phone: '138****5678' });

      // a 民政局 case is not 住建局's business
      await h.startCase('promised-case', 'MZ-002', MZ_002_MATERIALS, PERSON);
      await new Promise((r) => setTimeout(r, 1_500));
      expect(stream.events.filter((e) => e.event === 'task').map((e) => e.id)).to.deep.equal([check.userTaskKey]);

      // logging out ends the feed
      expect((await clerk.delete('/api/session')).status).to.equal(204);
      await h.until('the stream to end', () => stream.ended(), 5_000);
      expect(stream.events.at(-1)).to.deep.equal({ event: 'session-ended', data: { reason: 'logout' } });
    } finally {
      await stream.close();
    }
    // without a session there is no feed
    expect((await openStream(h.client())).status).to.equal(401);
  });

  it('should close the stream when the session expires', async () => {
    const clerk = await h.as('zj-clerk-a');
    const stream = await openStream(clerk);
    try {
      await h.until('the ready event', () => stream.events.some((e) => e.event === 'ready'));
      // the session was last used longer ago than the idle limit
      await h.store.sessions.touch(hashToken(clerk.cookies.get('sh_session')!), new Date(h.now().getTime() - 31 * 60_000));
      await h.until('the stream to end', () => stream.ended(), 5_000);
      expect(stream.events.at(-1)).to.deep.equal({ event: 'session-ended', data: { reason: 'expired' } });
    } finally {
      await stream.close();
    }
  });

  it('should settle a task the engine cancelled, which stays open in the store for lack of a canceling listener', async () => {
    const { processInstanceKey } = await h.startCase('promised-case', 'MZ-002', MZ_002_MATERIALS);
    const check = await h.storeTask('materialCheck', processInstanceKey);
    const clerk = await h.as('mz-clerk-a');
    expect(keys(await list(clerk))).to.include(check.userTaskKey);

    // the applicant withdraws: the instance is cancelled, and no listener tells the store
    await h.engine.client.cancelProcessInstance({ processInstanceKey });
    const inEngine = await h.engine.client.searchUserTasks({ filter: { userTaskKey: check.userTaskKey } });
    expect((inEngine.items[0] as unknown as { state: string }).state).to.equal('CANCELED');
    expect((await h.store.tasks.get(check.userTaskKey))!.state).to.equal('created');
    await h.store.inbox.saveDraft({ userTaskKey: check.userTaskKey, username: 'mz-clerk-a', data: { fixedOnSpot: '草稿' } });

    // listing asks the engine about the page's open tasks and settles this one
    expect(keys(await list(clerk))).to.not.include(check.userTaskKey);
    const settled = await h.store.tasks.get(check.userTaskKey);
    expect(settled).to.include({ state: 'canceled' });
    expect(await h.store.inbox.getDraft(check.userTaskKey, 'mz-clerk-a')).to.equal(undefined);
    expect(keys(await list(clerk, '?state=canceled'))).to.include(check.userTaskKey);
    // and commands on it are refused as a conflict, not sent
    const claim = await clerk.post(`/api/tasks/${check.userTaskKey}/claim`, undefined);
    expect(claim.status).to.equal(409);
  });

  it('should require the CSRF token for every change the inbox makes, and change nothing without it', async () => {
    const { processInstanceKey } = await h.startCase('promised-case', 'MZ-002', MZ_002_MATERIALS);
    const check = await h.storeTask('materialCheck', processInstanceKey);
    const key = check.userTaskKey;
    const clerk = await h.as('mz-clerk-a');
    const head = await h.as('mz-head');
    const filter = await clerk.post('/api/task-filters', { name: '今日到期', query: { status: 'yellow' } });
    expect(filter.status).to.equal(201);
    const filterId = (filter.body as { id: string }).id;

    const changes: Array<[ApiClient, 'post' | 'put' | 'delete', string, unknown]> = [
      [clerk, 'post', `/api/tasks/${key}/claim`, undefined],
      [clerk, 'post', `/api/tasks/${key}/unclaim`, undefined],
      [head, 'post', `/api/tasks/${key}/assign`, { assignee: 'mz-clerk-b' }],
      [clerk, 'post', `/api/tasks/${key}/completion`, { variables: { verifiedMaterials: MZ_002_MATERIALS, materialsComplete: true, fixedOnSpot: '' } }],
      [clerk, 'put', `/api/tasks/${key}/draft`, { variables: { fixedOnSpot: 'x' } }],
      [clerk, 'delete', `/api/tasks/${key}/draft`, undefined],
      [clerk, 'post', '/api/task-filters', { name: '另一个', query: {} }],
      [clerk, 'delete', `/api/task-filters/${filterId}`, undefined],
    ];
    for (const [browser, method, path, body] of changes) {
      for (const csrf of [null, 'not-the-token']) {
        const res = await browser.request(method, path, { body, csrf });
        expect(res.status, `${method} ${path} with ${csrf}`).to.equal(403);
        expect(res.body.code).to.equal('csrf');
      }
    }
    expect(await h.store.tasks.get(key)).to.include({ state: 'created', assignee: 'mz-clerk-a' });
    expect(await h.store.inbox.getDraft(key, 'mz-clerk-a')).to.equal(undefined);
    expect((await h.store.inbox.listFilters('MZ')).map((f) => f.name)).to.deep.equal(['今日到期']);
  });

  it('should keep saved filters on the server, shared within the department only', async () => {
    const a = await h.as('zj-clerk-a');
    const created = await a.post('/api/task-filters', { name: '超期件', query: { status: 'red', assignee: 'unassigned', sort: 'dueAt' } });
    expect(created.status).to.equal(201);
    const saved = created.body as { id: string; name: string; departmentCode: string; createdBy: string; query: unknown };
    expect(saved).to.deep.include({ name: '超期件', departmentCode: 'ZJ', createdBy: 'zj-clerk-a', query: { status: 'red', assignee: 'unassigned', sort: 'dueAt' } });

    // everyone of the 住建局 sees it, whatever their role; nobody of another department does
    for (const username of ['zj-clerk-b', 'zj-lead', 'zj-head']) {
      const filters = bodyOf<{ filters: Array<{ id: string }> }>(await (await h.as(username)).get('/api/task-filters')).filters;
      expect(filters.map((f) => f.id), username).to.include(saved.id);
    }
    const mz = await h.as('mz-clerk-a');
    expect(bodyOf<{ filters: Array<{ id: string }> }>(await mz.get('/api/task-filters')).filters.map((f) => f.id)).to.not.include(saved.id);
    expect((await mz.delete(`/api/task-filters/${saved.id}`)).status).to.equal(404);

    // one name per department; a query the list would not take is refused naming the field
    expect((await (await h.as('zj-clerk-b')).post('/api/task-filters', { name: '超期件', query: {} })).status).to.equal(409);
    const bad = await a.post('/api/task-filters', { name: '坏的', query: { status: 'purple', colour: 'x' } });
    expect(bad.status).to.equal(400);
    expect(bad.body.errors!.map((e) => e.field)).to.have.members(['query.status', 'query.colour']);
    // the same name is free in another department
    expect((await mz.post('/api/task-filters', { name: '超期件', query: {} })).status).to.equal(201);

    // only whoever saved it, or the window head, deletes it
    expect((await (await h.as('zj-clerk-b')).delete(`/api/task-filters/${saved.id}`)).status).to.equal(403);
    expect((await (await h.as('zj-head')).delete(`/api/task-filters/${saved.id}`)).status).to.equal(204);
    expect((await h.store.inbox.getFilter(saved.id))).to.equal(undefined);
    const { entries } = await h.store.audit.search({ targetType: 'task-filter', targetId: saved.id, limit: 10, offset: 0 });
    expect(entries.map((e) => `${e.actor} ${e.action}`)).to.deep.equal(['zj-head task-filter.delete', 'zj-clerk-a task-filter.create']);
  });
});
