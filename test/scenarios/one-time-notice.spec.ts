import { expect } from 'chai';
import { plain } from '../support/case-flow.js';
import { completeTask, MZ_002_HANDED_IN, MZ_002_MATERIALS, MZ_002_MISSING, startInboxHarness, type InboxHarness } from '../support/inbox.js';

/**
 * 一次性告知: an application gets ONE list of what is missing or wrong. After the applicant
 * supplied what the 补齐申请材料通知书 listed, the check may find a supplied material still
 * wrong and say so, but may not ask for a material handed in at the start (a second, different
 * list is what complaint ground 一.3 punishes). MZ-002 社会团体成立登记 (promised, 20 working
 * days), registered Monday 2 March 2026, 09:00 in Beijing, without the sponsor's approval and the
 * meeting minutes.
 */
const MONDAY = '2026-03-02T01:00:00Z';
const MISSING = MZ_002_MISSING;
const HANDED_IN = MZ_002_HANDED_IN;

describe('scenarios/one-time-notice', function () {
  this.timeout(90_000);
  let h: InboxHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  async function supplementNotices(s: InboxHarness, caseNumber: string, count: number) {
    const theCase = (await s.store.cases.getByNumber(caseNumber))!;
    return s.until(`${count} supplement notice(s)`, async () => {
      const found = (await s.store.notices.listForCase(theCase.id)).filter((n) => n.kind === 'supplement');
      return found.length === count && found;
    });
  }

  /** the applicant hands the materials in at the window; the clerk records them against the open notice */
  async function handIn(s: InboxHarness, caseNumber: string, noticeNumber: string, codes: string[], key: string) {
    const clerk = await s.as('mz-clerk-a');
    // 409 until the case waits on the notice (its validity recorded)
    const res = await s.until('the supplement recorded', async () => {
      const answer = await clerk.post(`/api/cases/${caseNumber}/supplements`, { noticeNumber, idempotencyKey: key, materials: codes.map((code) => ({ code, received: 'original' })) });
      return answer.status !== 409 && answer;
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
  }

  it('should refuse a second list naming a material handed in at the start, let the check name a supplied material still wrong in a notice about that supplement only, and accept once it is right', async () => {
    h = await startInboxHarness({ start: MONDAY });
    const { caseNumber, processInstanceKey } = await h.startCase('promised-case', 'MZ-002', MZ_002_MATERIALS.map((code) => ({ code, provided: !MISSING.includes(code) })));
    const clerk = await h.as('mz-clerk-a');

    // the one-time notice lists both
    const first = await h.storeTask('materialCheck', processInstanceKey);
    await completeTask(clerk, first.userTaskKey, {
      verifiedMaterials: HANDED_IN,
      materialsComplete: false,
      missing: [
        { code: 'sponsor-approval', reason: '未提交业务主管单位同意成立的批准文件' },
        { code: 'meeting-minutes', reason: '未提交发起人会议纪要' },
      ],
      fixedOnSpot: '',
    });
    await completeTask(clerk, (await h.caseTask('confirmNotice', caseNumber)).userTaskKey, { noticeDelivery: 'in-person', supplementDays: null, noticeNote: '', notifiedOnce: true });
    const [notice] = await supplementNotices(h, caseNumber, 1);

    // Tuesday: both are handed in
    await h.setTime('2026-03-03T02:00:00Z');
    await handIn(h, caseNumber, notice.number, MISSING, 'one-time-notice-0001');
    const recheck = await h.storeTask('materialCheck', processInstanceKey, (t) => t.userTaskKey !== first.userTaskKey);
    const again = await h.as('mz-clerk-a');
    const form = await again.get(`/api/tasks/${recheck.userTaskKey}/form`);
    expect((form.body as unknown as { variables: { notifiedMaterials: string[] } }).variables.notifiedMaterials).to.deep.equal(MISSING);

    // the charter was handed in at the start and passed: it cannot be asked for now
    const refused = await again.post(`/api/tasks/${recheck.userTaskKey}/completion`, {
      variables: {
        verifiedMaterials: MZ_002_MATERIALS.filter((c) => c !== 'charter'),
        materialsComplete: false,
        missing: [{ code: 'charter', reason: '章程缺少会员入会条件' }],
        fixedOnSpot: '',
      },
    });
    expect(refused.status).to.equal(400);
    expect(refused.body.errors!.map((e) => e.field)).to.deep.equal(['variables.missing.0.code']);
    expect(refused.body.detail).to.contain('一次性告知：「经会员大会通过的章程（原件1份）」不在已发出的补齐申请材料通知书所列材料中');
    expect((await h.store.tasks.get(recheck.userTaskKey))!.state).to.equal('created');

    // half an hour later: the supplied minutes lack the founders' signatures, which may be said, about that supplement only
    await h.setTime('2026-03-03T02:30:00Z');
    const later = await h.as('mz-clerk-a');
    await completeTask(later, recheck.userTaskKey, {
      verifiedMaterials: MZ_002_MATERIALS.filter((c) => c !== 'meeting-minutes'),
      materialsComplete: false,
      missing: [{ code: 'meeting-minutes', reason: '补正的会议纪要无发起人签字' }],
      fixedOnSpot: '',
    });
    await completeTask(later, (await h.caseTask('confirmNotice', caseNumber, (t) => t.createdAt.getTime() > Date.parse('2026-03-03T00:00:00Z'))).userTaskKey, {
      noticeDelivery: 'in-person',
      supplementDays: 10,
      noticeNote: '',
      notifiedOnce: true,
    });
    const [, second] = await supplementNotices(h, caseNumber, 2);
    const text = plain(second.html);
    expect(text).to.contain(`按本中心2026年3月2日《补齐申请材料通知书》（${notice.number}）补正的材料`).and.contain('本通知书只涉及该次补正的材料');
    expect(text).to.contain('共1项').and.contain('补正的会议纪要无发起人签字').and.not.contain('业务主管单位');
    expect(text).to.contain('以上为补正材料中仍需补正的全部内容').and.contain('10个工作日内补齐');

    // Wednesday: signed minutes; accepted, the 20 working days counted from acceptance
    await h.setTime('2026-03-04T02:00:00Z');
    await handIn(h, caseNumber, second.number, ['meeting-minutes'], 'one-time-notice-0002');
    const last = await h.storeTask('materialCheck', processInstanceKey, (t) => ![first.userTaskKey, recheck.userTaskKey].includes(t.userTaskKey));
    await completeTask(await h.as('mz-clerk-a'), last.userTaskKey, { verifiedMaterials: MZ_002_MATERIALS, materialsComplete: true, fixedOnSpot: '' });
    await completeTask(await h.as('mz-clerk-a'), (await h.storeTask('acceptanceDecision', processInstanceKey)).userTaskKey, { accepted: true });
    const accepted = await h.until('the case accepted with its deadline', async () => {
      const c = (await h!.store.cases.getByNumber(caseNumber))!;
      return c.dueAt !== null && c;
    });
    expect(accepted.dueAt!.toISOString()).to.equal('2026-04-01T09:30:00.000Z');
    expect(await supplementNotices(h, caseNumber, 2)).to.have.length(2);
  });
});
