import { expect } from 'chai';
import type { Task } from '../../../domain/store/index.js';
import type { InboxTaskBody } from '../../../web/inbox/view.js';
import { bodyOf, MZ_002_MATERIALS, startInboxHarness, type InboxHarness } from '../../support/inbox.js';

interface AssigneeList {
  assignees: Array<{ id: string; name: string; posts: Array<{ code: string; name: string; rank: number }>; present: boolean; absence: { reason: string; endsAt: string } | null; current: boolean }>;
}

/**
 * The window head (窗口负责人) of 民政局, 赵静 (mz-head), over the window's tasks: the real engine
 * and promised-case diagram, the demo posts (受理窗口: A 王芳 mz-clerk-a, B 李强 mz-clerk-b).
 */
describe('web/api window head (sees, assigns, reassigns and takes back the window’s tasks)', function () {
  this.timeout(60_000);
  let h: InboxHarness;
  before(async () => {
    h = await startInboxHarness();
  });
  after(() => h.stop());

  async function materialCheck(): Promise<Task> {
    const { processInstanceKey } = await h.startCase('promised-case', 'MZ-002', MZ_002_MATERIALS);
    return h.storeTask('materialCheck', processInstanceKey);
  }

  async function engineAssignee(key: string): Promise<string | null> {
    const found = await h.engine.client.searchUserTasks({ filter: { userTaskKey: key } });
    return (found.items[0] as { assignee?: string | null }).assignee ?? null;
  }

  it('should list every task of the window to its head, whoever has it, and to no other head or clerk', async () => {
    const task = await materialCheck();
    expect(task.assignee).to.equal('mz-clerk-a');

    const head = await h.as('mz-head');
    const window = await head.get('/api/tasks?view=window&limit=200');
    expect(window.status).to.equal(200);
    expect(bodyOf<{ tasks: InboxTaskBody[] }>(window).tasks.map((t) => t.userTaskKey)).to.include(task.userTaskKey);
    const byGroup = await head.get('/api/tasks?view=window&group=window:MZ&limit=200');
    expect(bodyOf<{ tasks: InboxTaskBody[] }>(byGroup).tasks.map((t) => t.userTaskKey)).to.include(task.userTaskKey);
    // the head reads the task and its case file, without working on it
    const form = await head.get(`/api/tasks/${task.userTaskKey}/form`);
    expect(form.status).to.equal(200);
    expect(form.body).to.include({ editable: false });

    const zjHead = await h.as('zj-head');
    expect(bodyOf<{ tasks: InboxTaskBody[] }>(await zjHead.get('/api/tasks?view=window&limit=200')).tasks.map((t) => t.userTaskKey)).to.not.include(task.userTaskKey);
    expect((await zjHead.get(`/api/tasks/${task.userTaskKey}/form`)).status).to.equal(404);
    const clerkWindow = await (await h.as('mz-clerk-b')).get('/api/tasks?view=window');
    expect(clerkWindow.status).to.equal(403);
    expect(clerkWindow.body.detail).to.match(/窗口负责人/);
  });

  it('should offer the window’s staff with their A/B posts and presence, then assign, reassign and take the task back, each in the engine and the audit log', async () => {
    const task = await materialCheck();
    const key = task.userTaskKey;
    const head = await h.as('mz-head');

    const list = bodyOf<AssigneeList>(await head.get(`/api/tasks/${key}/assignees`)).assignees;
    expect(list.map((o) => [o.id, o.posts.map((p) => p.rank), o.present, o.current])).to.deep.equal([
      ['mz-clerk-a', [0], true, true],
      ['mz-clerk-b', [1], true, false],
    ]);
    expect(list[1].name).to.equal('李强');
    // a clerk gets no picker
    expect((await (await h.as('mz-clerk-a')).get(`/api/tasks/${key}/assignees`)).status).to.equal(403);

    const assigned = await head.post(`/api/tasks/${key}/assign`, { assignee: 'mz-clerk-b' });
    expect(assigned.status, JSON.stringify(assigned.body)).to.equal(200);
    expect(bodyOf<InboxTaskBody>(assigned).assignee).to.deep.equal({ id: 'mz-clerk-b', name: '李强' });
    expect(await engineAssignee(key)).to.equal('mz-clerk-b');

    const reassigned = await head.post(`/api/tasks/${key}/assign`, { assignee: 'mz-clerk-a' });
    expect(reassigned.status).to.equal(200);
    expect(await engineAssignee(key)).to.equal('mz-clerk-a');

    const back = await head.post(`/api/tasks/${key}/unclaim`, undefined);
    expect(back.status).to.equal(200);
    expect(bodyOf<InboxTaskBody>(back).assignee).to.equal(null);
    expect(await engineAssignee(key)).to.equal(null);
    expect((await h.store.tasks.get(key))!.assignee).to.equal(null);

    const { entries } = await h.store.audit.search({ targetType: 'task', targetId: key, limit: 10, offset: 0 });
    expect(entries.reverse().map((e) => [e.actor, e.action, (e.detail as { assignee?: string }).assignee ?? null])).to.deep.equal([
      ['mz-head', 'task.assign', 'mz-clerk-b'],
      ['mz-head', 'task.assign', 'mz-clerk-a'],
      ['mz-head', 'task.unclaim', null],
    ]);
  });

  it('should refuse to assign to absent staff or staff of another department with a field error, and keep other departments’ clerks out with 403', async () => {
    const task = await materialCheck();
    const key = task.userTaskKey;
    const head = await h.as('mz-head');
    await h.store.staff.addAbsence({ staffId: 'mz-clerk-b', startsAt: new Date(h.now().getTime() - 3_600_000), endsAt: new Date(h.now().getTime() + 86_400_000), reason: '年休假' });
    try {
      const list = bodyOf<AssigneeList>(await head.get(`/api/tasks/${key}/assignees`)).assignees;
      expect(list.find((o) => o.id === 'mz-clerk-b')).to.deep.include({ present: false, absence: { reason: '年休假', endsAt: new Date(h.now().getTime() + 86_400_000).toISOString() } });

      const absent = await head.post(`/api/tasks/${key}/assign`, { assignee: 'mz-clerk-b' });
      expect(absent.status).to.equal(400);
      expect(absent.body.errors).to.deep.equal([{ in: 'body', field: 'assignee', message: '李强当前不在岗（请假或停用），不能接收任务' }]);
      const foreign = await head.post(`/api/tasks/${key}/assign`, { assignee: 'zj-clerk-a' });
      expect(foreign.status).to.equal(400);
      expect(foreign.body.errors![0]).to.include({ field: 'assignee' });
      expect(foreign.body.errors![0].message).to.include('不是本部门的工作人员');

      const outsider = await (await h.as('zj-clerk-a')).post(`/api/tasks/${key}/assign`, { assignee: 'mz-clerk-a' });
      expect(outsider.status).to.equal(404);
      const clerk = await (await h.as('mz-clerk-a')).post(`/api/tasks/${key}/assign`, { assignee: 'mz-clerk-b' });
      expect(clerk.status).to.equal(403);

      expect((await h.store.tasks.get(key))!.assignee).to.equal('mz-clerk-a');
      expect(await engineAssignee(key)).to.equal('mz-clerk-a');
    } finally {
      for (const a of await h.store.staff.absencesAt(h.now(), ['mz-clerk-b'])) await h.store.staff.removeAbsence(a.id);
    }
  });
});
