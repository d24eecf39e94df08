import { expect } from 'chai';
import { moveDeadline } from '../../workers/working-time.js';
import { awaitEvents, awaitNotices, caseOf, noticesOf, ORGANISATION, outboxOf, PERSON, plain, startCase, type StartedCase } from '../support/case-flow.js';
import { startScenario, type Scenario } from '../support/scenario.js';

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

describe('scenarios/promised-case', function () {
  this.timeout(60_000);
  let h: Scenario;
  afterEach(async () => {
    await h?.stop();
  });

  /** Receives a promised case with complete materials and accepts it at once. */
  async function acceptedCase(itemCode: string, applicant: object = PERSON): Promise<StartedCase> {
    const item = (await h.store.catalogue.getItem(itemCode))!;
    const codes = item.materials.map((m) => m.code);
    const started = await startCase(h, 'promised-case', { itemCode, applicant, materials: codes.map((code) => ({ code, provided: true })) });
    await h.complete(await h.task('materialCheck', { processInstanceKey: started.key }), { verifiedMaterials: codes, materialsComplete: true, fixedOnSpot: '' });
    await h.complete(await h.task('acceptanceDecision', { processInstanceKey: started.key }), { accepted: true });
    await awaitNotices(h, started.caseNumber, 'acceptance');
    return started;
  }

  async function supervision(caseNumber: string) {
    const c = await caseOf(h, caseNumber);
    return h.store.supervision.listForCase(c.id);
  }

  it('should set the due date of a 20-working-day case accepted on 2026-09-30 past the National Day holiday to 2026-11-03 17:30 China time, on the case, in the process and in the 受理通知书', async () => {
    // Wednesday 30 September 2026, 10:00 China time: the last working day before 国庆节
    const accepted = '2026-09-30T02:00:00Z';
    h = await startScenario({ start: accepted });
    const item = (await h.store.catalogue.getItem('MZ-002'))!;
    expect(item.caseType).to.equal('promised');
    expect(item.promisedDays).to.equal(20);

    const { key, caseNumber } = await acceptedCase('MZ-002', ORGANISATION);

    const calendar = await h.deps.calendar();
    const expected = calendar.dueAt(new Date(accepted), 20);
    expect(expected.date).to.equal('2026-11-03');
    expect(expected.unknownYears).to.deep.equal([]);
    expect(expected.dueAt.toISOString()).to.equal('2026-11-03T09:30:00.000Z');

    const theCase = await caseOf(h, caseNumber);
    expect(theCase.status).to.equal('accepted');
    expect(iso(theCase.acceptedAt)).to.equal(new Date(accepted).toISOString());
    expect(iso(theCase.dueAt)).to.equal('2026-11-03T09:30:00.000Z');
    expect(iso(theCase.warnAt)).to.equal(expected.warnAt.toISOString());
    expect(theCase.calendarFlag).to.equal(null);

    const vars = await h.variables(key);
    expect(vars.dueAt).to.equal('2026-11-03T09:30:00.000Z');
    expect(vars.warnAt).to.equal(expected.warnAt.toISOString());

    const [notice] = await noticesOf(h, caseNumber, 'acceptance');
    expect(notice.title).to.equal('受理通知书');
    const text = plain(notice.html);
    expect(text).to.contain('受理日期为2026年9月30日');
    expect(text).to.contain('承诺办结时限为20个工作日');
    expect(text).to.contain('将于2026年11月3日17:30前办结');
    const toApplicant = (await outboxOf(h, caseNumber)).filter((m) => m.noticeId === notice.id && m.recipient === `case:${caseNumber}`);
    expect(toApplicant).to.have.length(1);

    // the review step's task carries its own limit, inside the case's
    const review = await h.task('departmentReview', { processInstanceKey: key });
    expect(review.candidateGroups).to.deep.equal(['review:MZ']);
  });

  it('should count an application as accepted as of receipt when the center does not say what is missing within 5 working days (Art. 32)', async () => {
    // Monday 2 November 2026, 10:00 China time
    const received = '2026-11-02T02:00:00Z';
    h = await startScenario({ start: received });
    const item = (await h.store.catalogue.getItem('SCJG-002'))!;
    const { key, caseNumber } = await startCase(h, 'promised-case', {
      itemCode: 'SCJG-002',
      materials: item.materials.map((m) => ({ code: m.code, provided: true })),
    });
    const check = await h.task('materialCheck', { processInstanceKey: key });
    const calendar = await h.deps.calendar();
    const checkDue = calendar.dueAt(new Date(received), 5);
    expect(check.dueDate && new Date(check.dueDate).toISOString()).to.equal(checkDue.dueAt.toISOString());

    // nobody looks at the materials; the fifth working day's office hours end (Monday 9 November 17:30)
    await h.setTime(new Date(checkDue.dueAt.getTime() + 60_000));
    const [acceptance] = await awaitNotices(h, caseNumber, 'acceptance');

    const vars = await h.variables(key);
    expect(vars.acceptedAsOfReceipt).to.equal(true);
    const theCase = await caseOf(h, caseNumber);
    expect(theCase.status).to.equal('accepted');
    expect(iso(theCase.acceptedAt)).to.equal(new Date(received).toISOString());
    const due = calendar.dueAt(new Date(received), item.promisedDays);
    expect(iso(theCase.dueAt), 'the deadline counts from receipt').to.equal(due.dueAt.toISOString());
    expect(vars.dueAt).to.equal(due.dueAt.toISOString());

    const text = plain(acceptance.html);
    expect(text).to.contain('未在收到申请材料之日起5个工作日内一次性告知');
    expect(text).to.contain('自收到申请材料之日起即为受理');
    expect(text).to.contain('2026年11月2日');

    // the clerk can no longer ask for anything: the check is over, the review is open
    const open = await h.engine.client.searchUserTasks({ filter: { processInstanceKey: key, state: 'CREATED' } } as never);
    expect((open.items as unknown as Array<{ elementId: string }>).map((t) => t.elementId)).to.not.include('materialCheck');
    await h.task('departmentReview', { processInstanceKey: key });
    expect(await noticesOf(h, caseNumber, 'supplement')).to.deep.equal([]);
  });

  it('should move the due date by the approved extension days and tell the applicant the reason and the new date; a second extension is refused by the process', async () => {
    const accepted = '2026-11-02T02:00:00Z';
    h = await startScenario({ start: accepted });
    const { key, caseNumber } = await acceptedCase('WJ-001', ORGANISATION);
    const before = (await caseOf(h, caseNumber)).dueAt!;

    await h.complete(await h.task('departmentReview', { processInstanceKey: key }), { reviewAction: 'extension' });
    const request = await h.task('extensionRequest', { processInstanceKey: key });
    const reason = '需会同县疾控中心对场所空气质量进行复核';
    await h.complete(request, { extensionDays: 7, extensionReason: reason });
    const approval = await h.task('extensionApproval', { processInstanceKey: key });
    expect(approval.candidateGroups).to.deep.equal(['head:WJ']);
    await h.complete(approval, { extensionApproved: true });

    const [notice] = await awaitNotices(h, caseNumber, 'extension');
    const calendar = await h.deps.calendar();
    const moved = moveDeadline(calendar, before, 7);
    const theCase = await caseOf(h, caseNumber);
    expect(iso(theCase.dueAt)).to.equal(moved.dueAt.toISOString());
    expect(iso(theCase.warnAt)).to.equal(moved.warnAt.toISOString());
    expect(theCase.extensionDays).to.equal(7);
    const review = await h.task('departmentReview', { processInstanceKey: key });
    expect((await h.variables(key)).dueAt).to.equal(moved.dueAt.toISOString());

    expect(notice.title).to.equal('延期办理告知书');
    const text = plain(notice.html);
    expect(text).to.contain(reason);
    expect(text).to.contain('延长7个工作日');
    // 10 working days from Monday 2 November end on 16 November; 7 more end on Wednesday 25 November
    expect(moved.dueAt.toISOString()).to.equal('2026-11-25T09:30:00.000Z');
    expect(text).to.contain('延长后的办结时限为2026年11月25日17:30');
    expect((await outboxOf(h, caseNumber)).some((m) => m.noticeId === notice.id && m.recipient === `case:${caseNumber}`)).to.equal(true);

    // a second request: Art. 42 allows one extension, the reviewer is sent back to decide
    await h.complete(review, { reviewAction: 'extension' });
    const again = await h.until('department review again', async () => {
      const found = await h.engine.client.searchUserTasks({ filter: { elementId: 'departmentReview', state: 'CREATED', processInstanceKey: key } } as never);
      return (found.items as unknown as Array<{ userTaskKey: string }>).find((t) => String(t.userTaskKey) !== String(review.userTaskKey));
    });
    expect(again).to.not.equal(undefined);
    const tasks = await h.store.tasks.list({ processInstanceKey: key });
    expect(tasks.filter((t) => t.elementId === 'extensionRequest')).to.have.length(1);
    expect(iso((await caseOf(h, caseNumber)).dueAt)).to.equal(moved.dueAt.toISOString());
    expect((await caseOf(h, caseNumber)).extensionDays).to.equal(7);
    expect(await noticesOf(h, caseNumber, 'extension')).to.have.length(1);
  });

  it('should leave the due date as it was when the window head refuses the extension', async () => {
    h = await startScenario({ start: '2026-11-02T02:00:00Z' });
    const { key, caseNumber } = await acceptedCase('WJ-001', ORGANISATION);
    const before = (await caseOf(h, caseNumber)).dueAt!;

    await h.complete(await h.task('departmentReview', { processInstanceKey: key }), { reviewAction: 'extension' });
    await h.complete(await h.task('extensionRequest', { processInstanceKey: key }), { extensionDays: 5, extensionReason: '申请人需补充场所平面图说明' });
    await h.complete(await h.task('extensionApproval', { processInstanceKey: key }), { extensionApproved: false, extensionOpinion: '补充说明不属于延期事由，应在时限内审查完毕' });

    await h.task('departmentReview', { processInstanceKey: key });
    const theCase = await caseOf(h, caseNumber);
    expect(iso(theCase.dueAt)).to.equal(before.toISOString());
    expect(theCase.extensionDays).to.equal(0);
    expect((await h.variables(key)).dueAt).to.equal(before.toISOString());
    expect(await noticesOf(h, caseNumber, 'extension')).to.deep.equal([]);
  });

  it('should warn one working day before the due time, give a yellow card when it passes and a red card on a repeated breach, and still complete the case late', async () => {
    // Monday 2 November 2026, 10:00 China time; 失业保险金申领 is promised in 3 working days
    const accepted = '2026-11-02T02:00:00Z';
    h = await startScenario({ start: accepted });
    const { key, caseNumber } = await acceptedCase('RS-002');
    const theCase = await caseOf(h, caseNumber);
    const calendar = await h.deps.calendar();
    const due = calendar.dueAt(new Date(accepted), 3);
    expect(iso(theCase.dueAt)).to.equal('2026-11-05T09:30:00.000Z');
    expect(iso(theCase.warnAt)).to.equal('2026-11-04T09:30:00.000Z');
    expect(due.dueAt.toISOString()).to.equal('2026-11-05T09:30:00.000Z');
    const review = await h.task('departmentReview', { processInstanceKey: key });

    // one minute before the warning nothing is recorded
    await h.setTime('2026-11-04T09:29:00Z');
    expect(await supervision(caseNumber)).to.deep.equal([]);
    // 预警 at 17:30 China time on the working day before the due day
    await h.setTime('2026-11-04T09:31:00Z');
    const [warning] = await h.until('warning', async () => {
      const list = await supervision(caseNumber);
      return list.length > 0 && list;
    });
    expect(warning.kind).to.equal('warning');
    expect(warning.reason).to.contain(caseNumber);

    // the reviewer decides on the due day, the window head's approval drags on past the due time
    await h.setTime('2026-11-05T02:00:00Z');
    await h.complete(review, { reviewAction: 'decide', decision: 'approve', opinion: '符合失业保险金申领条件' });
    const approval = await h.task('headApproval', { processInstanceKey: key });
    expect(approval.dueDate && new Date(approval.dueDate).toISOString()).to.equal('2026-11-06T09:30:00.000Z');

    await h.setTime('2026-11-05T09:31:00Z');
    const yellow = await h.until('yellow card', async () => (await supervision(caseNumber)).find((r) => r.kind === 'yellow-card'));
    expect(yellow.reason).to.contain('已超过时限');
    // the record is stored before the job completes with the card level: wait for the process to hold it
    await h.until('the card level in the process', async () => ((await h.variables(key)).cardLevel === 'yellow-card' ? true : undefined));

    // the approval step's own limit passes too: a second breach on the same case is a red card
    await h.setTime('2026-11-06T09:31:00Z');
    const red = await h.until('red card', async () => (await supervision(caseNumber)).find((r) => r.kind === 'red-card'));
    expect(red.reason).to.contain('重复违规');
    expect(red.userTaskKey).to.equal(String(approval.userTaskKey));
    expect((await supervision(caseNumber)).map((r) => r.kind)).to.deep.equal(['warning', 'yellow-card', 'red-card']);
    const toSupervision = (await outboxOf(h, caseNumber)).filter((m) => m.recipient === 'group:supervision');
    expect(toSupervision).to.have.length(3);

    await h.setTime('2026-11-09T02:00:00Z');
    await h.complete(approval, { decision: 'approve', opinion: '同意核定失业保险待遇' });
    await awaitNotices(h, caseNumber, 'completion');
    const done = await caseOf(h, caseNumber);
    expect(done.status).to.equal('completed');
    expect(done.result).to.equal('approved');
    expect(done.onTime).to.equal(false);
    expect(iso(done.completedAt)).to.equal('2026-11-09T02:00:00.000Z');
    await awaitEvents(h, caseNumber, 'evaluation-invited');
  });

  it('should refuse an application outside the department with a 不予受理通知书 stating the reason and the right window and its location', async () => {
    h = await startScenario({ start: '2026-11-02T02:00:00Z' });
    const item = (await h.store.catalogue.getItem('SCJG-002'))!;
    const { key, caseNumber } = await startCase(h, 'promised-case', {
      itemCode: 'SCJG-002',
      materials: item.materials.map((m) => ({ code: m.code, provided: true })),
    });
    await h.complete(await h.task('materialCheck', { processInstanceKey: key }), {
      verifiedMaterials: item.materials.map((m) => m.code),
      materialsComplete: true,
      fixedOnSpot: '',
    });
    const reason = '申请经营的是公共浴室，不属于食品经营许可范围，应申请公共场所卫生许可';
    await h.complete(await h.task('acceptanceDecision', { processInstanceKey: key }), { accepted: false, refusalReason: reason, redirectTo: 'WJ-001' });

    const [notice] = await awaitNotices(h, caseNumber, 'refusal');
    await h.ended(key);
    expect(notice.title).to.equal('不予受理通知书');
    const text = plain(notice.html);
    expect(text).to.contain(`不予受理的理由：${reason}`);
    expect(text).to.contain('县卫生健康局');
    expect(text).to.contain('一楼 B区 13号窗口');
    const theCase = await caseOf(h, caseNumber);
    expect(theCase.status).to.equal('refused');
    expect(theCase.dueAt).to.equal(null);
    const sent = (await outboxOf(h, caseNumber)).find((m) => m.noticeId === notice.id);
    expect(sent?.body).to.contain(reason);
    expect(sent?.body).to.contain('一楼 B区 13号窗口');
  });
});
