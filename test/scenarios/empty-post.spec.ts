import { expect } from 'chai';
import { MZ_002_MATERIALS, startInboxHarness, type InboxHarness } from '../support/inbox.js';

/**
 * AB岗 and 首问负责制: the window head answers for an empty post. The 民政局 window post has the A
 * holder 王芳 and two B holders, 李强 and 张丽; all three are at a training day on Monday 2 March
 * 2026. A MZ-002 case (社会团体成立登记) registered at 09:00 opens its material check in
 * window:MZ: it waits unassigned in the queue, and the head 赵静 is alerted besides the
 * supervision section.
 */
const MONDAY = '2026-03-02T01:00:00Z';
const HOLDERS = ['mz-clerk-a', 'mz-clerk-b', 'mz-clerk-c'];

describe('scenarios/empty-post', function () {
  this.timeout(90_000);
  let h: InboxHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  async function emptyWindow(s: InboxHarness): Promise<void> {
    await s.store.staff.upsertStaff({ id: 'mz-clerk-c', name: '张丽', departmentCode: 'MZ', roles: ['window-clerk'], phone: null, email: null, active: true });
    await s.store.staff.setHolders('mz-window', HOLDERS);
    for (const id of HOLDERS) await s.store.staff.addAbsence({ staffId: id, startsAt: new Date('2026-03-02T00:00:00Z'), endsAt: new Date('2026-03-02T10:00:00Z'), reason: '集中培训' });
  }

  it('should alert the window head and the supervision section when A and both B holders are away, and let the head hand the queued task to a present colleague', async () => {
    h = await startInboxHarness({ start: MONDAY });
    await emptyWindow(h);
    const { caseNumber, processInstanceKey } = await h.startCase('promised-case', 'MZ-002', MZ_002_MATERIALS);

    const check = await h.storeTask('materialCheck', processInstanceKey);
    expect([check.assignee, check.coveringFor]).to.deep.equal([null, null]);
    const theCase = (await h.store.cases.getByNumber(caseNumber))!;

    // the head's alert and the section's recommendation, once each
    const messages = await h.until('the alerts', async () => {
      const found = (await h!.store.outbox.list({ caseId: theCase.id })).filter((m) => m.recipient.startsWith('group:'));
      return found.length === 2 && found;
    });
    const toHead = messages.find((m) => m.recipient === 'group:head:MZ')!;
    expect(toHead.subject).to.equal('岗位无人在岗：请窗口负责人调配人员');
    expect(toHead.body).to.contain('县民政局受理窗口').and.contain('均不在岗').and.contain('「材料审查」').and.contain(caseNumber).and.contain('请指派在岗人员或亲自办理');
    expect(messages.find((m) => m.recipient === 'group:supervision')!.subject).to.equal('督查建议：岗位无人在岗');
    const [recommendation] = await h.store.supervision.listForCase(theCase.id);
    expect(recommendation).to.deep.include({ kind: 'recommendation', userTaskKey: check.userTaskKey });

    // the head reads on the case file whom the empty post was reported to
    const head = await h.as('mz-head');
    const window = await head.get('/api/tasks?view=window');
    expect(window.status).to.equal(200);
    const listed = (window.body as unknown as { tasks: Array<{ userTaskKey: string; assignee: unknown }> }).tasks.find((t) => t.userTaskKey === check.userTaskKey);
    expect(listed?.assignee ?? null).to.equal(null);
    const form = await head.get(`/api/tasks/${check.userTaskKey}/form`);
    expect(form.status).to.equal(200);
    const events = (form.body as unknown as { caseFile: { timeline: Array<{ kind: string; detail: { note?: string } }> } }).caseFile.timeline;
    const unstaffed = events.find((e) => e.kind === 'post-unstaffed');
    expect(unstaffed?.detail.note).to.contain('已提醒窗口负责人赵静、业务督查科');

    // back from training at 18:00, the head (logging in again) hands it to 李强
    await h.setTime('2026-03-02T10:30:00Z');
    const assigned = await (await h.as('mz-head')).post(`/api/tasks/${check.userTaskKey}/assign`, { assignee: 'mz-clerk-b' });
    expect(assigned.status, JSON.stringify(assigned.body)).to.equal(200);
    expect((await h.store.tasks.get(check.userTaskKey))!.assignee).to.equal('mz-clerk-b');
  });

  it('should still alert the head’s group and say on the timeline that the head’s post is empty too', async () => {
    h = await startInboxHarness({ start: MONDAY });
    await emptyWindow(h);
    await h.store.staff.addAbsence({ staffId: 'mz-head', startsAt: new Date('2026-03-02T00:00:00Z'), endsAt: new Date('2026-03-02T10:00:00Z'), reason: '集中培训' });
    const { caseNumber, processInstanceKey } = await h.startCase('promised-case', 'MZ-002', MZ_002_MATERIALS);
    await h.storeTask('materialCheck', processInstanceKey);
    const theCase = (await h.store.cases.getByNumber(caseNumber))!;

    // the window's head post is empty too: the alert says so on the timeline
    const event = await h.until('the unstaffed event', async () => (await h!.store.cases.events(theCase.id)).find((e) => e.kind === 'post-unstaffed'));
    expect((event.detail as { alerted: string[] }).alerted).to.deep.equal(['县民政局窗口负责人（亦无人在岗）', '业务督查科']);
  });
});
