import { expect } from 'chai';
import { plain } from '../support/case-flow.js';
import { completeTask, startInboxHarness, type InboxHarness } from '../support/inbox.js';

/**
 * 服务承诺制, 不得擅自减免: a fee is waived (减免) only with the window head's approval, or that of
 * whoever covers the head post while the head is away (AB岗). The waiver and the quantities are
 * asked on the form that decides the fees (here 窗口负责人审批 of ZRZY-001 不动产转移登记, which
 * publishes the registration fee, 80.00元/件, and the fee for each further certificate, 10.00元/本);
 * a waiver the person has no authority for is a form error, never an incident. The head 马超 is on
 * leave Monday 2 to Wednesday 4 March 2026; 孙浩 (zrzy-clerk-b) is the head post's B holder.
 */
const MONDAY = '2026-03-02T01:00:00Z';
const THURSDAY = '2026-03-05T02:00:00Z';
const MATERIALS = ['application', 'identity', 'title-certificate', 'sale-contract', 'tax-receipt', 'co-owner-consent'];
const STAND_IN = 'zrzy-clerk-b';

describe('scenarios/fee-waiver', function () {
  this.timeout(90_000);
  let h: InboxHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  async function start(): Promise<InboxHarness> {
    const s = await startInboxHarness({ start: MONDAY });
    await s.store.staff.setHolders('zrzy-head', ['zrzy-head', STAND_IN]);
    await s.store.staff.addAbsence({ staffId: 'zrzy-head', startsAt: new Date('2026-03-01T16:00:00Z'), endsAt: new Date('2026-03-04T16:00:00Z'), reason: '年休假' });
    return s;
  }

  /** a ZRZY-001 case checked, accepted and approved by the reviewer, its head approval open */
  async function atHeadApproval(s: InboxHarness) {
    const started = await s.startCase('promised-case', 'ZRZY-001', MATERIALS);
    const clerk = await s.as('zrzy-clerk-a');
    await completeTask(clerk, (await s.storeTask('materialCheck', started.processInstanceKey)).userTaskKey, { verifiedMaterials: MATERIALS, materialsComplete: true, fixedOnSpot: '' });
    await completeTask(clerk, (await s.storeTask('acceptanceDecision', started.processInstanceKey)).userTaskKey, { accepted: true });
    const reviewer = await s.as('zrzy-reviewer');
    await completeTask(reviewer, (await s.storeTask('departmentReview', started.processInstanceKey)).userTaskKey, { reviewAction: 'decide', decision: 'approve', opinion: '权属清晰，材料齐全，符合转移登记条件' });
    const approval = await s.storeTask('headApproval', started.processInstanceKey);
    return { ...started, approval };
  }

  async function completionNotice(s: InboxHarness, caseNumber: string): Promise<string> {
    const theCase = (await s.store.cases.getByNumber(caseNumber))!;
    return s.until('the completion notice in the applicant’s inbox', async () => {
      const [notice] = (await s.store.notices.listForCase(theCase.id)).filter((n) => n.kind === 'completion');
      if (!notice) return undefined;
      return (await s.store.outbox.list({ caseId: theCase.id })).find((m) => m.noticeId === notice.id && m.recipient === `case:${caseNumber}`)?.body;
    });
  }

  const approveWith = (extra: Record<string, unknown>) => ({
    decision: 'approve',
    opinion: '准予转移登记',
    fees: [
      { code: 'registration', quantity: 1 },
      { code: 'extra-certificate', quantity: 2 },
    ],
    ...extra,
  });

  it('should let the head post’s stand-in waive the registration fee while the head is away, and tell the applicant the waived fee and the total', async () => {
    h = await start();
    const { caseNumber, approval } = await atHeadApproval(h);
    expect([approval.assignee, approval.coveringFor]).to.deep.equal([STAND_IN, 'zrzy-head']);

    const standIn = await h.as(STAND_IN);
    await completeTask(standIn, approval.userTaskKey, approveWith({ feeWaiverRequested: true, feeWaiver: { feeCode: 'registration', reason: '申请人为最低生活保障对象，凭低保证减免登记费' } }));

    const text = plain(await completionNotice(h, caseNumber));
    expect(text).to.contain('不动产登记费（住宅类）；收费标准：80.00元/件；数量：1；金额（元）：80.00（已依规减免）');
    expect(text).to.contain('不动产权属证书工本费（第二本起）；收费标准：10.00元/本；数量：2；金额（元）：20.00').and.contain('合计应缴20.00元');
    const theCase = (await h.store.cases.getByNumber(caseNumber))!;
    expect((await h.store.cases.fees(theCase.id)).map((f) => [f.feeCode, f.amountFen, f.waived, f.waivedBy])).to.deep.equal([
      ['registration', 8000, true, STAND_IN],
      ['extra-certificate', 2000, false, null],
    ]);
    const [waived] = (await h.store.audit.forTarget('case', theCase.id)).filter((a) => a.action === 'fee-waived');
    expect(waived.actor).to.equal(STAND_IN);
    expect(waived.detail).to.deep.include({ feeCode: 'registration', reason: '申请人为最低生活保障对象，凭低保证减免登记费' });
  });

  it('should refuse the waiver as a form error once the head is back, leave the task open with no incident, and charge in full when approved without it', async () => {
    h = await start();
    const { caseNumber, processInstanceKey, approval } = await atHeadApproval(h);
    expect(approval.assignee).to.equal(STAND_IN);

    // Thursday: the head is back, so the stand-in no longer holds the head's authority
    await h.setTime(THURSDAY);
    const standIn = await h.as(STAND_IN);
    const refused = await standIn.post(`/api/tasks/${approval.userTaskKey}/completion`, {
      variables: approveWith({ feeWaiverRequested: true, feeWaiver: { feeCode: 'registration', reason: '申请人家庭困难，申请减免登记费' } }),
    });
    expect(refused.status).to.equal(400);
    expect(refused.body.errors!.map((e) => e.field)).to.deep.equal(['variables.feeWaiver.feeCode']);
    expect(refused.body.detail).to.contain('减免收费须经本部门窗口负责人');

    // nothing moved: the task is open in the store and the engine, no fee, no notice, no incident
    expect((await h.store.tasks.get(approval.userTaskKey))!.state).to.equal('created');
    const [open] = (await h.engine.client.searchUserTasks({ filter: { userTaskKey: approval.userTaskKey } })).items as unknown as Array<{ state: string }>;
    expect(open.state).to.equal('CREATED');
    const theCase = (await h.store.cases.getByNumber(caseNumber))!;
    expect(await h.store.cases.fees(theCase.id)).to.deep.equal([]);
    expect((await h.store.notices.listForCase(theCase.id)).map((n) => n.kind)).to.not.include('completion');

    await completeTask(standIn, approval.userTaskKey, approveWith({ feeWaiverRequested: false }));
    const text = plain(await completionNotice(h, caseNumber));
    expect(text).to.contain('数量：2；金额（元）：20.00').and.contain('合计应缴100.00元').and.not.contain('减免');
    const done = (await h.store.cases.getByNumber(caseNumber))!;
    expect([done.status, done.result]).to.deep.equal(['completed', 'approved']);
    expect((await h.store.cases.fees(done.id)).map((f) => [f.feeCode, f.amountFen, f.waived])).to.deep.equal([
      ['registration', 8000, false],
      ['extra-certificate', 2000, false],
    ]);
    expect((await h.engine.client.searchIncidents({ filter: { processInstanceKey } })).items).to.deep.equal([]);
  });
});
