import { expect } from 'chai';
import { bodyOf, completeTask, startInboxHarness, type InboxHarness } from '../support/inbox.js';

/**
 * 第五条: integrity complaints (不廉洁: 吃、拿、卡、要, abuse of approval power) are transferred to
 * discipline inspection (纪检监察); the complaint office cannot triage them to any other route,
 * least of all back to the agency complained about. Monday 2 March 2026, 09:00 in Beijing: the
 * reply is due in 5 working days, Monday 9 March at 17:30.
 */
const MONDAY = '2026-03-02T01:00:00Z';
const REPLY_DUE = '2026-03-09T09:30:00.000Z';

describe('scenarios/integrity-complaint', function () {
  this.timeout(90_000);
  let h: InboxHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  async function fileOnline(s: InboxHarness, ground: string, complaintContent: string) {
    const browser = s.client();
    await browser.fetchCsrfToken();
    const res = await browser.post('/api/public/complaints', {
      complainant: { name: '李四', phone: '13912345678', address: '' },
      ground,
      isMajor: false,
      targetWindow: '县自然资源局',
      targetStaff: '',
      relatedCaseNumber: '',
      complaintContent,
      submissionKey: `integrity-complaint-${ground.replace(/[^a-z-]/g, '-')}`,
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const { complaintNumber } = bodyOf<{ complaintNumber: string }>(res);
    const complaint = await s.until('the complaint linked to its process', async () => {
      const c = await s.store.complaints.getByNumber(complaintNumber);
      return c?.processInstanceKey ? c : undefined;
    });
    return { complaint, triage: await s.storeTask('triage', complaint.processInstanceKey!) };
  }

  it('should refuse every route but discipline inspection for a 吃拿卡要 complaint, with a clear error, and transfer it to 纪检监察 with the reply due in 5 working days', async () => {
    h = await startInboxHarness({ start: MONDAY });
    const { complaint, triage } = await fileOnline(h, 'integrity.favours', '办理不动产登记时，窗口人员暗示请客送礼才能尽快办理。');
    const office = await h.as('complaints');

    for (const route of ['agency', 'center', 'on-the-spot', 'joint']) {
      const refused = await office.post(`/api/tasks/${triage.userTaskKey}/completion`, { variables: { route, triageNote: '' } });
      expect(refused.status, route).to.equal(400);
      expect(refused.body.errors!.map((e) => e.field)).to.deep.equal(['variables.route']);
      expect(refused.body.detail).to.contain('不廉洁：吃、拿、卡、要').and.contain('只能移交纪检监察部门');
    }
    // nothing was routed meanwhile
    expect((await h.store.complaints.getByNumber(complaint.complaintNumber))!).to.deep.include({ route: null, status: 'registered' });
    expect((await h.store.tasks.get(triage.userTaskKey))!.state).to.equal('created');

    await completeTask(office, triage.userTaskKey, { route: 'discipline', triageNote: '涉及吃拿卡要，移交纪检监察部门' });
    const routed = await h.until('the complaint transferred', async () => {
      const c = (await h!.store.complaints.getByNumber(complaint.complaintNumber))!;
      return c.route === 'discipline' && c;
    });
    expect(routed).to.deep.include({ agency: '纪检监察机关', status: 'routed', opinionDueAt: null });
    expect(routed.replyDueAt?.toISOString()).to.equal(REPLY_DUE);
    const [transferred] = (await h.store.audit.forTarget('complaint', routed.id)).filter((a) => a.action === 'complaint-transferred');
    expect(transferred.detail).to.deep.include({ route: 'discipline', transferredTo: '纪检监察机关', replyDueAt: REPLY_DUE });
    const transfer = await h.storeTask('transferDiscipline', complaint.processInstanceKey!);
    expect(transfer.dueAt?.toISOString()).to.equal(REPLY_DUE);
  });

  it('should still let a complaint on another ground go to the agency concerned', async () => {
    h = await startInboxHarness({ start: MONDAY });
    const { complaint, triage } = await fileOnline(h, 'rule-breaking.arbitrary-return', '材料齐全却被窗口以格式不对为由退件。');
    await completeTask(await h.as('complaints'), triage.userTaskKey, { route: 'agency', triageNote: '' });
    const routed = await h.until('the complaint routed', async () => {
      const c = (await h!.store.complaints.getByNumber(complaint.complaintNumber))!;
      return c.route === 'agency' && c;
    });
    expect(routed.opinionDueAt?.toISOString()).to.equal('2026-03-04T09:30:00.000Z');
  });
});
