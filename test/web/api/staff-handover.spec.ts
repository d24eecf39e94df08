import { expect } from 'chai';
import type { Task } from '../../../domain/store/index.js';
import { createInboxEngine } from '../../../web/inbox/engine.js';
import type { InboxTaskBody } from '../../../web/inbox/view.js';
import { createLogger } from '../../../web/log.js';
import { createAbsenceHandover, type AbsenceHandover } from '../../../web/staff/handover.js';
import { bodyOf, MZ_002_MATERIALS, startInboxHarness, type InboxHarness } from '../../support/inbox.js';
import type { ApiClient } from '../../support/web.js';

interface HandedOver {
  userTaskKey: string;
  caseNumber: string | null;
  from: string;
  to: string | null;
  queued: boolean;
}

/**
 * AB岗 when someone goes away with work in hand: 民政局受理窗口 (A 王芳 mz-clerk-a, B 李强
 * mz-clerk-b), the real engine and the promised-case diagram. The administrator records the
 * absence through the API; a task already assigned to the absent clerk goes to the covering B
 * holder at once when the absence has begun, or at the periodic sweep when it begins later; a
 * task created during the absence goes to B from the start.
 */
describe('web/api staff administration: hand-over of an absent clerk’s tasks (AB岗)', function () {
  this.timeout(90_000);
  let h: InboxHarness;
  let admin: ApiClient;
  let sweeper: AbsenceHandover;
  // Monday 2026-03-02, 09:00 in China
  const today = '2026-03-02';
  before(async () => {
    h = await startInboxHarness();
    sweeper = createAbsenceHandover({ store: h.store, engine: createInboxEngine(h.engine.client), clock: () => h.now(), log: createLogger(() => {}) });
  });
  after(() => h?.stop());
  beforeEach(async () => {
    admin = await h.as('admin');
  });
  afterEach(async () => {
    for (const id of ['mz-clerk-a', 'mz-clerk-b']) for (const a of await h.store.staff.absencesOf(id, new Date(0))) await h.store.staff.removeAbsence(a.id);
  });

  async function materialCheck(): Promise<Task> {
    const { processInstanceKey } = await h.startCase('promised-case', 'MZ-002', MZ_002_MATERIALS);
    return h.storeTask('materialCheck', processInstanceKey);
  }

  const engineAssignee = async (key: string): Promise<string | null> => {
    const found = await h.engine.client.searchUserTasks({ filter: { userTaskKey: key } });
    return (found.items[0] as { assignee?: string | null }).assignee ?? null;
  };

  const recordAbsence = async (username: string, from: string, to: string) => {
    const res = await admin.post(`/api/admin/staff/${username}/absences`, { kind: 'leave', from, to });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return bodyOf<{ handedOver: HandedOver[] }>(res).handedOver;
  };

  it('should hand the absent A holder’s open task to the B holder when the absence is recorded, in the engine, the audit log and the case file', async () => {
    const task = await materialCheck();
    expect(task.assignee).to.equal('mz-clerk-a');

    const handedOver = await recordAbsence('mz-clerk-a', today, today);
    const { caseNumber } = (await h.store.cases.get(task.caseId!))!;
    expect(handedOver.find((x) => x.userTaskKey === task.userTaskKey), h.logLines.join('\n')).to.deep.include({ caseNumber, from: 'mz-clerk-a', to: 'mz-clerk-b' });
    expect(await engineAssignee(task.userTaskKey)).to.equal('mz-clerk-b');
    expect(await h.store.tasks.get(task.userTaskKey)).to.deep.include({ assignee: 'mz-clerk-b', coveringFor: 'mz-clerk-a' });

    const [entry] = await h.store.audit.forTarget('task', task.userTaskKey).then((all) => all.filter((e) => e.action === 'task.handover'));
    expect(entry.actor).to.equal('admin');
    expect(entry.detail).to.deep.include({ previousAssignee: 'mz-clerk-a', assignee: 'mz-clerk-b', coveringFor: 'mz-clerk-a', caseId: task.caseId, postCode: 'mz-window', reason: '请假' });
    const event = (await h.store.cases.events(task.caseId!)).find((e) => e.kind === 'task-handed-over');
    expect(event).to.deep.include({ actor: 'admin' });
    expect((event!.detail as { note: string }).note).to.equal('王芳请假，任务「材料审查」转由县民政局受理窗口B岗李强办理');

    // 李强 is told, and finds it among his own tasks, marked as done for 王芳
    const told = (await h.store.outbox.forRecipient('staff:mz-clerk-b', 'inapp')).filter((m) => m.body.includes(caseNumber));
    expect(told.map((m) => [m.subject, m.body])).to.deep.equal([['代岗任务：材料审查', `王芳请假，任务「材料审查」（办件 ${caseNumber}）已转由您办理（县民政局受理窗口），请在待办事项中查看。`]]);
    const clerkB = await h.as('mz-clerk-b');
    const mine = bodyOf<{ tasks: InboxTaskBody[] }>(await clerkB.get('/api/tasks?limit=200')).tasks.find((t) => t.userTaskKey === task.userTaskKey);
    expect(mine?.coveringFor).to.deep.equal({ id: 'mz-clerk-a', name: '王芳' });
  });

  it('should leave the task with A until an absence recorded ahead begins, then hand it over at the sweep', async () => {
    const task = await materialCheck();
    expect(await recordAbsence('mz-clerk-a', '2026-03-03', '2026-03-04')).to.deep.equal([]);
    expect(await sweeper.sweep()).to.deep.equal([]);
    expect((await h.store.tasks.get(task.userTaskKey))!.assignee).to.equal('mz-clerk-a');

    // Tuesday 00:05 in China: the leave has begun
    await h.setTime('2026-03-02T16:05:00Z');
    const swept = await sweeper.sweep();
    expect(swept.find((x) => x.userTaskKey === task.userTaskKey)).to.deep.include({ from: 'mz-clerk-a', to: 'mz-clerk-b' });
    expect(await engineAssignee(task.userTaskKey)).to.equal('mz-clerk-b');
    const entry = (await h.store.audit.forTarget('task', task.userTaskKey)).find((e) => e.action === 'task.handover');
    expect(entry?.actor).to.equal('system');
    expect((await h.store.cases.events(task.caseId!)).filter((e) => e.kind === 'task-handed-over')).to.have.length(1);
    // a second sweep finds nothing left to do
    expect((await sweeper.sweep()).filter((x) => x.userTaskKey === task.userTaskKey)).to.deep.equal([]);
    await h.setTime('2026-03-02T01:00:00Z');
  });

  it('should place a task created during A’s recorded absence with the B holder from the start', async () => {
    await recordAbsence('mz-clerk-a', today, today);
    const task = await materialCheck();
    expect(task).to.deep.include({ assignee: 'mz-clerk-b', coveringFor: 'mz-clerk-a' });
  });

  it('should return the task to the window’s queue and alert the head and the supervision section when nobody of the post is at work', async () => {
    const task = await materialCheck();
    await recordAbsence('mz-clerk-b', today, today);
    const handedOver = await recordAbsence('mz-clerk-a', today, today);
    expect(handedOver.find((x) => x.userTaskKey === task.userTaskKey)).to.deep.include({ from: 'mz-clerk-a', to: null, queued: true });
    expect(await engineAssignee(task.userTaskKey)).to.equal(null);
    expect(await h.store.tasks.get(task.userTaskKey)).to.deep.include({ assignee: null, coveringFor: null });
    const [entry] = (await h.store.audit.forTarget('task', task.userTaskKey)).filter((e) => e.action === 'task.handover');
    expect(entry.detail).to.deep.include({ previousAssignee: 'mz-clerk-a', assignee: null, queue: ['window:MZ'] });

    const { caseNumber } = (await h.store.cases.get(task.caseId!))!;
    const head = (await h.store.outbox.forRecipient('group:head:MZ', 'inapp')).filter((m) => m.caseId === task.caseId);
    expect(head.map((m) => m.subject)).to.deep.equal(['岗位无人在岗：请窗口负责人调配人员']);
    expect(head[0].body).to.contain(`王芳请假，岗位「县民政局受理窗口」的A岗、B岗人员均不在岗：任务「材料审查」（${caseNumber}）暂留在 window:MZ 队列待领取`);
    expect((await h.store.supervision.listForCase(task.caseId!)).map((r) => r.kind)).to.deep.equal(['recommendation']);
    const events = (await h.store.cases.events(task.caseId!)).filter((e) => e.kind === 'task-handed-over' || e.kind === 'post-unstaffed');
    expect(events.map((e) => e.kind)).to.deep.equal(['task-handed-over', 'post-unstaffed']);
    expect((events[0].detail as { note: string }).note).to.equal('王芳请假，县民政局受理窗口无人在岗，任务「材料审查」退回 window:MZ 队列待领取');
    // a later sweep does not alert again
    await sweeper.sweep();
    expect((await h.store.outbox.forRecipient('group:head:MZ', 'inapp')).filter((m) => m.caseId === task.caseId)).to.have.length(1);
  });
});
