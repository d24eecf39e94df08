import { expect } from 'chai';
import { workingDaysSince } from '../../workers/working-time.js';
import { plain } from '../support/case-flow.js';
import { completeTask, jointCaseInReview, startInboxHarness, type InboxHarness } from '../support/inbox.js';

/**
 * A department asks for a material during a joint case's review (联办件): 自然资源局's reviewer
 * needs a valid land approval; the lead window (住建局's clerk) issues the 补齐申请材料通知书; the
 * clock stands still from the notice to the day the material arrives; 自然资源局 reviews again
 * while the other departments' opinions stand, and the case completes within the moved deadline.
 * ZJ-001 (5 working days) accepted Monday 2 March 2026, 09:00 in Beijing: due Monday 9 March,
 * 17:30. Notice Tuesday 3 March, material Friday 6 March: 4, 5 and 6 March are not counted.
 */
describe('scenarios/joint-review-supplement', function () {
  this.timeout(120_000);
  let h: InboxHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('should let a department ask for a material during review: the lead window issues the notice, the clock stops until it arrives, the department reviews again and the case completes on time', async () => {
    h = await startInboxHarness();
    const { caseNumber, processInstanceKey, reviews } = await jointCaseInReview(h);
    const firstDue = (await h.store.cases.getByNumber(caseNumber))!.dueAt!;
    expect(firstDue.toISOString()).to.equal('2026-03-09T09:30:00.000Z');

    // Tuesday: 自然资源局 asks for the land approval again; 住建局 approves meanwhile
    await h.setTime('2026-03-03T02:00:00Z');
    const reason = '用地批准文件已过有效期，请提交有效的用地批准文件';
    await completeTask(await h.as('zrzy-reviewer'), reviews.ZRZY.userTaskKey, { reviewAction: 'supplement', reviewMissing: [{ code: 'land-approval', reason }] });
    await completeTask(await h.as('zj-reviewer'), reviews.ZJ.userTaskKey, { reviewAction: 'decide', decision: 'approve', opinion: '施工图审查合格，同意核发' });

    // the lead window's clerk confirms and the notice goes out
    const confirm = await h.caseTask('confirmNotice', caseNumber);
    expect(confirm.candidateGroups).to.deep.equal(['window:ZJ']);
    await completeTask(await h.as('zj-clerk-a'), confirm.userTaskKey, { noticeDelivery: 'sms', supplementDays: 10, noticeNote: '', notifiedOnce: true });
    const theCase = (await h.store.cases.getByNumber(caseNumber))!;
    const notice = await h.until('the review’s supplement notice', async () => {
      const found = (await h!.store.notices.listForCase(theCase.id)).filter((n) => n.kind === 'supplement');
      return found.length === 2 && found.find((n) => plain(n.html).includes(reason));
    });
    const text = plain(notice.html);
    expect(text).to.contain('在审查过程中，需要补正下列材料（共1项）').and.contain('10个工作日内补齐');
    const waiting = await h.until('the clock stopped', async () => {
      const c = (await h!.store.cases.getByNumber(caseNumber))!;
      return c.suspendedSince !== null && c.status === 'supplementing' && c;
    });
    expect(waiting.suspendedSince!.toISOString()).to.equal('2026-03-03T02:00:00.000Z');

    // Friday: the company hands the new approval in at the lead window
    await h.setTime('2026-03-06T03:00:00Z');
    const supplied = await h.until('the supplement recorded', async () => {
      const res = await (await h!.as('zj-clerk-a')).post(`/api/cases/${caseNumber}/supplements`, { noticeNumber: notice.number, idempotencyKey: 'joint-review-supplement-0001', materials: [{ code: 'land-approval', received: 'original' }] });
      return res.status !== 409 && res;
    });
    expect(supplied.status, JSON.stringify(supplied.body)).to.equal(201);

    // 自然资源局 reviews again, with a new answer limit; the deadline moved by the three working days waited
    const again = await h.storeTask('departmentReview', processInstanceKey, (t) => t.candidateGroups.includes('review:ZRZY') && t.userTaskKey !== reviews.ZRZY.userTaskKey);
    expect(again.dueAt?.toISOString()).to.equal('2026-03-13T09:30:00.000Z');
    const resumed = (await h.store.cases.getByNumber(caseNumber))!;
    expect([resumed.status, resumed.stage, resumed.suspendedSince, resumed.suspendedWorkingDays]).to.deep.equal(['accepted', '材料已补齐，继续审查', null, 3]);
    expect(resumed.dueAt!.toISOString()).to.equal('2026-03-12T09:30:00.000Z');
    expect(workingDaysSince(await h.deps.calendar(), firstDue, resumed.dueAt!).days).to.equal(3);

    // 人社局 answers within its own limit (Monday 9 March); 自然资源局 on Tuesday 10 March; Wednesday the lead window grants
    await completeTask(await h.as('rs-reviewer'), reviews.RS.userTaskKey, { reviewAction: 'decide', decision: 'approve', opinion: '农民工工资专户已开设，同意' });
    await h.setTime('2026-03-10T02:00:00Z');
    await completeTask(await h.as('zrzy-reviewer'), again.userTaskKey, { reviewAction: 'decide', decision: 'approve', opinion: '补正后的用地批准文件有效，同意' });
    await h.setTime('2026-03-11T02:00:00Z');
    const consolidation = await h.storeTask('leadConsolidation', processInstanceKey);
    await completeTask(await h.as('zj-lead'), consolidation.userTaskKey, { reviewAction: 'decide', decision: 'approve', opinion: '各部门均同意，准予核发' });
    const done = await h.until('the case completed', async () => {
      const c = (await h!.store.cases.getByNumber(caseNumber))!;
      return c.status === 'completed' && c;
    });
    // Wednesday 11 March is after the first due date and before the moved one: on time, no card
    expect([done.result, done.onTime]).to.deep.equal(['approved', true]);
    expect((await h.store.supervision.listForCase(done.id)).filter((r) => r.kind !== 'warning')).to.deep.equal([]);
  });
});
