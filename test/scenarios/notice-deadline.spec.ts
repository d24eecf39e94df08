import { expect } from 'chai';
import { plain } from '../support/case-flow.js';
import { completeTask, MZ_002_HANDED_IN, MZ_002_MATERIALS, MZ_002_MISSING, startInboxHarness, type InboxHarness } from '../support/inbox.js';

/**
 * Art. 32: the one-time notice goes out on the spot or within 5 working days of receiving the
 * materials. A list found but not confirmed by then does not go out late: before acceptance the
 * application counts as accepted from the day the materials arrived; during review the review
 * goes on with the materials on file. Either way the overrun is carded (电子监察). MZ-002
 * 社会团体成立登记 (promised, 20 working days), Monday 2 March 2026, 09:00 in Beijing.
 */
const MONDAY = '2026-03-02T01:00:00Z';
const MISSING = MZ_002_MISSING;
const HANDED_IN = MZ_002_HANDED_IN;

describe('scenarios/notice-deadline', function () {
  this.timeout(90_000);
  let h: InboxHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  async function openElements(s: InboxHarness, caseNumber: string): Promise<string[]> {
    const theCase = (await s.store.cases.getByNumber(caseNumber))!;
    const found = await s.engine.client.searchUserTasks({ filter: { state: 'CREATED' } } as never);
    const keys = new Set((await s.store.tasks.list({ caseId: theCase.id })).map((t) => t.userTaskKey));
    return (found.items as unknown as Array<{ elementId: string; userTaskKey: string }>).filter((t) => keys.has(String(t.userTaskKey))).map((t) => t.elementId);
  }

  it('should count the application as accepted as of receipt and card the step when the one-time notice is not confirmed within 5 working days', async () => {
    h = await startInboxHarness({ start: MONDAY });
    const { caseNumber, processInstanceKey } = await h.startCase('promised-case', 'MZ-002', MZ_002_MATERIALS.map((code) => ({ code, provided: !MISSING.includes(code) })));
    const clerk = await h.as('mz-clerk-a');
    await completeTask(clerk, (await h.storeTask('materialCheck', processInstanceKey)).userTaskKey, {
      verifiedMaterials: HANDED_IN,
      materialsComplete: false,
      missing: [
        { code: 'sponsor-approval', reason: '未提交业务主管单位同意成立的批准文件' },
        { code: 'meeting-minutes', reason: '未提交发起人会议纪要' },
      ],
      fixedOnSpot: '',
    });
    // the list waits for the clerk's confirmation, due with the fifth working day's office hours
    const confirm = await h.caseTask('confirmNotice', caseNumber);
    expect(confirm.dueAt?.toISOString()).to.equal('2026-03-09T09:30:00.000Z');

    // Monday 9 March, 17:31: still not confirmed
    await h.setTime('2026-03-09T09:31:00Z');
    const theCase = (await h.store.cases.getByNumber(caseNumber))!;
    const acceptance = await h.until('the acceptance notice', async () => (await h!.store.notices.listForCase(theCase.id)).find((n) => n.kind === 'acceptance'));
    const text = plain(acceptance.html);
    expect(text).to.contain('未在收到申请材料之日起5个工作日内一次性告知').and.contain('自收到申请材料之日起即为受理').and.contain('2026年3月2日');
    const accepted = (await h.store.cases.getByNumber(caseNumber))!;
    expect([accepted.status, accepted.acceptedAt?.toISOString(), accepted.suspendedSince]).to.deep.equal(['accepted', '2026-03-02T01:00:00.000Z', null]);
    // 20 working days from receipt: Monday 30 March
    expect(accepted.dueAt?.toISOString()).to.equal('2026-03-30T09:30:00.000Z');
    expect((await h.store.notices.listForCase(theCase.id)).filter((n) => n.kind === 'supplement')).to.deep.equal([]);

    const [card] = await h.until('the card', async () => {
      const found = (await h!.store.supervision.listForCase(theCase.id)).filter((r) => r.kind === 'yellow-card');
      return found.length > 0 && found;
    });
    expect(card.reason).to.contain('「确认一次性告知清单」环节已超过时限（2026-03-09 17:30');
    const toSupervision = await h.until('the supervision section told', async () => (await h!.store.outbox.list({ caseId: theCase.id })).find((m) => m.recipient === 'group:supervision'));
    expect(toSupervision.subject).to.equal(`电子监察黄牌：${caseNumber}`);

    // nothing more can be asked: the review is open, the confirmation is gone
    await h.storeTask('departmentReview', processInstanceKey);
    expect(await openElements(h, caseNumber)).to.deep.equal(['departmentReview']);
  });

  it('should let the review go on with the materials on file, the clock never stopped, when the list the review asked for is not confirmed within 5 working days', async () => {
    h = await startInboxHarness({ start: MONDAY });
    const { caseNumber, processInstanceKey } = await h.startCase('promised-case', 'MZ-002', MZ_002_MATERIALS);
    const clerk = await h.as('mz-clerk-a');
    await completeTask(clerk, (await h.storeTask('materialCheck', processInstanceKey)).userTaskKey, { verifiedMaterials: MZ_002_MATERIALS, materialsComplete: true, fixedOnSpot: '' });
    await completeTask(clerk, (await h.storeTask('acceptanceDecision', processInstanceKey)).userTaskKey, { accepted: true });
    const dueAt = await h.until('the deadline', async () => (await h!.store.cases.getByNumber(caseNumber))?.dueAt ?? undefined);

    // Tuesday 3 March: the reviewer asks for the charter again
    await h.setTime('2026-03-03T02:00:00Z');
    const review = await h.storeTask('departmentReview', processInstanceKey);
    await completeTask(await h.as('mz-reviewer'), review.userTaskKey, { reviewAction: 'supplement', reviewMissing: [{ code: 'charter', reason: '章程缺少会员入会条件' }] });
    const confirm = await h.caseTask('confirmNotice', caseNumber);
    expect(confirm.dueAt?.toISOString()).to.equal('2026-03-10T09:30:00.000Z');

    // Tuesday 10 March, 17:31: the window never sent it
    await h.setTime('2026-03-10T09:31:00Z');
    const again = await h.storeTask('departmentReview', processInstanceKey, (t) => t.userTaskKey !== review.userTaskKey);
    expect(again.assignee).to.be.a('string');
    const theCase = (await h.store.cases.getByNumber(caseNumber))!;
    expect([theCase.status, theCase.stage, theCase.suspendedSince, theCase.suspendedWorkingDays]).to.deep.equal(['accepted', '逾期未告知补正，按已有材料继续审查', null, 0]);
    expect(theCase.dueAt?.toISOString(), 'the deadline did not move').to.equal(dueAt.toISOString());
    expect((await h.store.notices.listForCase(theCase.id)).filter((n) => n.kind === 'supplement')).to.deep.equal([]);
    const cards = (await h.store.supervision.listForCase(theCase.id)).filter((r) => r.kind !== 'warning');
    expect(cards.map((r) => [r.kind, r.reason.includes('「确认一次性告知清单」环节已超过时限（2026-03-10 17:30')])).to.deep.equal([['yellow-card', true]]);
    const events = (await h.store.cases.events(theCase.id)).filter((e) => e.kind === 'stage');
    expect(events.at(-1)?.cause).to.deep.include({ event: '逾期未告知补正' });
    expect(await openElements(h, caseNumber)).to.deep.equal(['departmentReview']);
  });

  it('should handle an immediate case on the spot on the materials handed in when its one-time notice is not confirmed within 5 working days', async () => {
    h = await startInboxHarness({ start: MONDAY });
    const { caseNumber, processInstanceKey } = await h.startCase('immediate-case', 'SCJG-001', [
      { code: 'application', provided: true },
      { code: 'business-license', provided: true },
      { code: 'id-card', provided: false },
    ]);
    const clerk = await h.as('scjg-clerk-a');
    await completeTask(clerk, (await h.storeTask('materialCheck', processInstanceKey)).userTaskKey, {
      verifiedMaterials: ['application', 'business-license'],
      materialsComplete: false,
      missing: [{ code: 'id-card', reason: '未提供经营者身份证' }],
      fixedOnSpot: '',
    });
    expect((await h.caseTask('confirmNotice', caseNumber)).dueAt?.toISOString()).to.equal('2026-03-09T09:30:00.000Z');

    await h.setTime('2026-03-09T09:31:00Z');
    const handling = await h.storeTask('handleOnTheSpot', processInstanceKey);
    expect(handling.assignee).to.be.a('string');
    const theCase = (await h.store.cases.getByNumber(caseNumber))!;
    expect([theCase.status, theCase.suspendedSince]).to.deep.equal(['accepted', null]);
    expect((await h.store.notices.listForCase(theCase.id)).filter((n) => n.kind === 'supplement')).to.deep.equal([]);
    expect((await h.store.supervision.listForCase(theCase.id)).map((r) => r.kind)).to.deep.equal(['yellow-card']);
    const accepted = (await h.store.cases.events(theCase.id)).find((e) => e.kind === 'stage' && (e.detail as { status: string }).status === 'accepted');
    expect(accepted?.cause).to.deep.include({ event: '逾期未告知，视为受理' });
  });
});
