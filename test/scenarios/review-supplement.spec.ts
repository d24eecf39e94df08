import { expect } from 'chai';
import { plain } from '../support/case-flow.js';
import { completeTask, startInboxHarness, type InboxHarness } from '../support/inbox.js';

/**
 * An accepted case asks for more materials during review: the reviewer lists them, the window
 * issues a 补齐申请材料通知书, and the days from the notice to the day the materials arrive are
 * not counted (working days, as the Art. 45 pause), so the due date moves on by that many.
 * SCJG-002 食品经营许可 (promised, 5 working days) accepted Monday 2 March 2026, 09:00 in Beijing:
 * due Monday 9 March, 17:30. The notice goes out Tuesday 3 March; the materials arrive Friday
 * 6 March: 4, 5 and 6 March are not counted, and the case is due Thursday 12 March, 17:30.
 */
const MONDAY = '2026-03-02T01:00:00Z';
const MATERIALS = ['application', 'business-license', 'layout', 'safety-rules', 'safety-manager', 'power-of-attorney'];

describe('scenarios/review-supplement', function () {
  this.timeout(90_000);
  let h: InboxHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('should issue the notice from review, stop the clock from the notice to the day the materials arrive, move the due date by those working days and finish on time', async () => {
    h = await startInboxHarness({ start: MONDAY });
    const { caseNumber, processInstanceKey } = await h.startCase('promised-case', 'SCJG-002', MATERIALS);
    const clerk = await h.as('scjg-clerk-a');
    await completeTask(clerk, (await h.storeTask('materialCheck', processInstanceKey)).userTaskKey, { verifiedMaterials: MATERIALS, materialsComplete: true, fixedOnSpot: '' });
    await completeTask(clerk, (await h.storeTask('acceptanceDecision', processInstanceKey)).userTaskKey, { accepted: true });
    const accepted = await h.until('the deadline', async () => (await h!.store.cases.getByNumber(caseNumber))?.dueAt ?? undefined);
    expect(accepted.toISOString()).to.equal('2026-03-09T09:30:00.000Z');

    // Tuesday: the reviewer needs the kitchen's ventilation layout redone
    await h.setTime('2026-03-03T02:00:00Z');
    const review = await h.storeTask('departmentReview', processInstanceKey);
    await completeTask(await h.as('scjg-reviewer'), review.userTaskKey, {
      reviewAction: 'supplement',
      reviewMissing: [{ code: 'layout', reason: '布局流程图未标明排烟设施位置' }],
    });
    await completeTask(await h.as('scjg-clerk-a'), (await h.caseTask('confirmNotice', caseNumber)).userTaskKey, { noticeDelivery: 'sms', supplementDays: 10, noticeNote: '', notifiedOnce: true });
    const theCase = (await h.store.cases.getByNumber(caseNumber))!;
    const notice = await h.until('the supplement notice', async () => (await h!.store.notices.listForCase(theCase.id)).find((n) => n.kind === 'supplement'));
    const text = plain(notice.html);
    expect(text).to.contain('本中心已于2026年3月2日受理。在审查过程中，需要补正下列材料（共1项）').and.contain('布局流程图未标明排烟设施位置');
    expect(text).to.contain('自本通知书送达之日起至补正材料送达之日止的期间不计算在承诺办结时限内').and.contain('10个工作日内补齐');
    const inapp = await h.until('the notice in the applicant’s inbox', async () => (await h!.store.outbox.list({ caseId: theCase.id })).find((m) => m.noticeId === notice.id && m.recipient === `case:${caseNumber}`));
    expect(inapp.body).to.contain('布局流程图未标明排烟设施位置');
    const waiting = await h.until('the clock stopped', async () => {
      const c = (await h!.store.cases.getByNumber(caseNumber))!;
      return c.suspendedSince !== null && c.status === 'supplementing' && c;
    });
    expect(waiting.suspendedSince!.toISOString()).to.equal('2026-03-03T02:00:00.000Z');

    // Friday: the applicant hands in the new layout at the window
    await h.setTime('2026-03-06T03:00:00Z');
    const window = await h.as('scjg-clerk-a');
    const supplied = await h.until('the supplement recorded', async () => {
      const res = await window.post(`/api/cases/${caseNumber}/supplements`, { noticeNumber: notice.number, idempotencyKey: 'review-supplement-0001', materials: [{ code: 'layout', received: 'original' }] });
      return res.status !== 409 && res;
    });
    expect(supplied.status, JSON.stringify(supplied.body)).to.equal(201);

    // the review goes on with the deadline three working days later, and the case is accepted again
    const again = await h.storeTask('departmentReview', processInstanceKey, (t) => t.userTaskKey !== review.userTaskKey);
    const resumed = (await h.store.cases.getByNumber(caseNumber))!;
    expect([resumed.status, resumed.stage, resumed.suspendedSince, resumed.suspendedWorkingDays]).to.deep.equal(['accepted', '材料已补齐，继续审查', null, 3]);
    expect(resumed.dueAt!.toISOString()).to.equal('2026-03-12T09:30:00.000Z');
    const found = await fetch(`${h.engine.url}/v2/variables/search`, {
      method: 'POST',
      headers: { ...h.engine.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ filter: { scopeKey: processInstanceKey, name: 'dueAt' } }),
    }).then((r) => r.json() as Promise<{ items: Array<{ value: string }> }>);
    // the process's timers read the moved deadline too
    expect(found.items.map((v) => JSON.parse(v.value) as string)).to.deep.equal(['2026-03-12T09:30:00.000Z']);
    const [clock] = (await h.store.cases.events(theCase.id)).filter((e) => e.kind === 'clock-resumed');
    expect(clock.detail).to.deep.include({ workingDays: 3 });

    // reviewed Tuesday 10 March, approved Wednesday 11 March: both steps within their own limits
    await h.setTime('2026-03-10T02:00:00Z');
    await completeTask(await h.as('scjg-reviewer'), again.userTaskKey, { reviewAction: 'decide', decision: 'approve', opinion: '补正后的布局流程图符合要求' });
    await h.setTime('2026-03-11T02:00:00Z');
    await completeTask(await h.as('scjg-head'), (await h.storeTask('headApproval', processInstanceKey)).userTaskKey, { decision: 'approve', opinion: '准予许可' });
    const done = await h.until('the case completed', async () => {
      const c = (await h!.store.cases.getByNumber(caseNumber))!;
      return c.status === 'completed' && c;
    });
    // Wednesday 11 March is after the first due date and before the moved one: on time, no card
    expect([done.result, done.onTime]).to.deep.equal(['approved', true]);
    expect((await h.store.supervision.listForCase(done.id)).filter((r) => r.kind !== 'warning')).to.deep.equal([]);
  });
});
