import { expect } from 'chai';
import { createInboxEngine } from '../../web/inbox/engine.js';
import type { InboxTaskBody } from '../../web/inbox/view.js';
import { createLogger } from '../../web/log.js';
import { createAbsenceHandover } from '../../web/staff/handover.js';
import { bodyOf, completeTask, MZ_002_MATERIALS, startInboxHarness, type InboxHarness } from '../support/inbox.js';

/**
 * AB岗 for work already in hand when the absence begins: 王芳 (mz-clerk-a, A post of
 * 县民政局受理窗口) has a MZ-002 case's 材料审查 on Monday 2 March 2026; her leave for Tuesday was
 * recorded ahead. When Tuesday begins, the periodic hand-over gives the task to 李强 (B post), who
 * is told, finds it in his inbox marked as done for 王芳, and takes the case on to acceptance.
 * On Wednesday 李强 is away too and 王芳 still on leave: the next task goes to the window's
 * queue and the head is alerted; on Thursday 王芳, back, takes it from there.
 */
const MONDAY = '2026-03-02T01:00:00Z';

describe('scenarios/absence-handover', function () {
  this.timeout(90_000);
  let h: InboxHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('should hand a task already with A to the B post when A’s leave recorded ahead begins, tell B, and let B take the case on; with B away as well the next task waits in the queue and the head is alerted', async () => {
    h = await startInboxHarness({ start: MONDAY });
    const handover = createAbsenceHandover({ store: h.store, engine: createInboxEngine(h.engine.client), clock: () => h!.now(), log: createLogger(() => {}) });
    const { caseNumber, processInstanceKey } = await h.startCase('promised-case', 'MZ-002', MZ_002_MATERIALS);
    const check = await h.storeTask('materialCheck', processInstanceKey);
    expect(check.assignee).to.equal('mz-clerk-a');

    const admin = await h.as('admin');
    const leave = await admin.post('/api/admin/staff/mz-clerk-a/absences', { kind: 'leave', from: '2026-03-03', to: '2026-03-04' });
    expect(leave.status, JSON.stringify(leave.body)).to.equal(201);
    expect(bodyOf<{ handedOver: unknown[] }>(leave).handedOver).to.deep.equal([]);
    expect((await handover.sweep()).map((x) => x.userTaskKey)).to.not.include(check.userTaskKey);

    // Tuesday 09:00: the leave has begun
    await h.setTime('2026-03-03T01:00:00Z');
    const swept = await handover.sweep();
    expect(swept.find((x) => x.userTaskKey === check.userTaskKey)).to.deep.include({ from: 'mz-clerk-a', to: 'mz-clerk-b', queued: false });
    const [message] = await h.store.outbox.forRecipient('staff:mz-clerk-b', 'inapp');
    expect(message.body).to.equal(`王芳请假，任务「材料审查」（办件 ${caseNumber}）已转由您办理（县民政局受理窗口），请在待办事项中查看。`);
    const [entry] = (await h.store.audit.forTarget('task', check.userTaskKey)).filter((e) => e.action === 'task.handover');
    expect([entry.actor, (entry.detail as { assignee: string }).assignee]).to.deep.equal(['system', 'mz-clerk-b']);

    const clerkB = await h.as('mz-clerk-b');
    const mine = bodyOf<{ tasks: InboxTaskBody[] }>(await clerkB.get('/api/tasks?limit=200')).tasks.find((t) => t.userTaskKey === check.userTaskKey);
    expect(mine?.coveringFor).to.deep.equal({ id: 'mz-clerk-a', name: '王芳' });
    await completeTask(clerkB, check.userTaskKey, { verifiedMaterials: MZ_002_MATERIALS, materialsComplete: true, fixedOnSpot: '' });
    const decision = await h.storeTask('acceptanceDecision', processInstanceKey);
    // a task created during A's leave goes to B from the start
    expect(decision).to.deep.include({ assignee: 'mz-clerk-b', coveringFor: 'mz-clerk-a' });

    // Wednesday: 李强 is away too before he decides; nobody of the window is at work
    await h.setTime('2026-03-04T01:00:00Z');
    const training = await (await h.as('admin')).post('/api/admin/staff/mz-clerk-b/absences', { kind: 'training', from: '2026-03-04', to: '2026-03-04' });
    expect(training.status, JSON.stringify(training.body)).to.equal(201);
    expect(bodyOf<{ handedOver: unknown[] }>(training).handedOver).to.deep.include.members([{ userTaskKey: decision.userTaskKey, name: '受理决定', caseId: decision.caseId, caseNumber, from: 'mz-clerk-b', to: null, queued: true }]);
    expect(await h.store.tasks.get(decision.userTaskKey)).to.deep.include({ assignee: null });
    const alerts = (await h.store.outbox.forRecipient('group:head:MZ', 'inapp')).filter((m) => m.caseId === decision.caseId);
    expect(alerts.map((m) => m.subject)).to.deep.equal(['岗位无人在岗：请窗口负责人调配人员']);

    // Thursday: 王芳 is back, takes it from the queue and accepts; the case goes on
    await h.setTime('2026-03-05T01:00:00Z');
    const back = await h.as('mz-clerk-a');
    const claimed = await back.post(`/api/tasks/${decision.userTaskKey}/claim`, {});
    expect(claimed.status, JSON.stringify(claimed.body)).to.equal(200);
    await completeTask(back, decision.userTaskKey, { accepted: true });
    const accepted = await h.until('the case accepted', async () => {
      const c = (await h!.store.cases.getByNumber(caseNumber))!;
      return c.status === 'accepted' && c;
    });
    expect(accepted.acceptedAt?.toISOString()).to.equal('2026-03-05T01:00:00.000Z');
  });
});
