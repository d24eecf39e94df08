import { expect } from 'chai';
import { caseOf, startCase } from '../support/case-flow.js';
import { startScenario, type Scenario } from '../support/scenario.js';

/**
 * 上报件 (上报事项负责办理制): ZRZY-002 农用地转用审批（县级初审转报）. The county window checks and
 * accepts the application, gives its preliminary opinion and forwards the case upward within 3
 * working days; the higher level answers by the message higher-level-decision (correlated by the
 * case number) and the window, not the higher level, tells the applicant. Monday 2 March 2026,
 * 09:00 in Beijing.
 */
const START = '2026-03-02T01:00:00Z';
const MATERIALS = ['request', 'conversion-plan', 'farmland-plan', 'planning-map'];

const startReported = (h: Scenario) =>
  startCase(h, 'reported-case', {
    itemCode: 'ZRZY-002',
    applicant: { name: '县工业园区管理委员会', kind: 'organisation', creditCode: '11530000MB0122456X', phone: '13700002222' },
    materials: MATERIALS.map((code) => ({ code, provided: true })),
  });

async function accept(h: Scenario, key: string) {
  await h.complete(await h.task('materialCheck', { processInstanceKey: key }), { verifiedMaterials: MATERIALS, materialsComplete: true, fixedOnSpot: '' });
  await h.complete(await h.task('acceptanceDecision', { processInstanceKey: key }), { accepted: true });
}

async function noticeText(h: Scenario, caseNumber: string, kind: string): Promise<string> {
  return h.until(`the ${kind} notice`, async () => {
    const theCase = await caseOf(h, caseNumber);
    const notices = (await h.store.notices.listForCase(theCase.id)).filter((n) => n.kind === kind);
    if (notices.length !== 1) return undefined;
    const rows = await h.store.outbox.list({ caseId: theCase.id });
    return rows.find((r) => r.channel === 'inapp' && r.recipient === `case:${caseNumber}` && r.noticeId === notices[0].id)?.body;
  });
}

describe('scenarios/reported-case', function () {
  this.timeout(60_000);
  let h: Scenario | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('should forward within 3 working days and let the window, not the higher level, tell the applicant the higher level’s decision', async () => {
    h = await startScenario({ start: START });
    const { key, caseNumber } = await startReported(h);
    await accept(h, key);

    // the preliminary opinion is due at the forward deadline: 3 working days after acceptance
    const preliminary = await h.task('preliminaryOpinion', { processInstanceKey: key });
    expect(preliminary.candidateGroups).to.deep.equal(['window:ZRZY']);
    expect(preliminary.dueDate).to.equal('2026-03-05T09:30:00.000Z');
    expect((await h.variables(key)).forwardDueAt).to.equal('2026-03-05T09:30:00.000Z');

    await h.setTime('2026-03-03T03:00:00Z');
    await h.complete(preliminary, { decision: 'approve', opinion: '符合国土空间规划和年度计划，耕地占补平衡已落实，同意上报' });
    const forwarded = await noticeText(h, caseNumber, 'forwarded');
    expect(forwarded).to.include('已于2026年3月3日上报').and.include('本窗口继续负责跟踪办理');
    expect((await caseOf(h, caseNumber)).stage).to.equal('已上报上级机关');

    // the higher level's approval arrives later, correlated by the case number
    await h.setTime('2026-03-04T06:00:00Z');
    await h.engine.client.publishMessage({
      name: 'higher-level-decision',
      correlationKey: caseNumber,
      timeToLive: 3_600_000,
      variables: { decision: 'approve', opinion: '省人民政府批准该宗农用地转用' },
    });

    const result = await noticeText(h, caseNumber, 'completion');
    expect(result).to.include('准予许可（办理）').and.include('省人民政府批准该宗农用地转用');
    // signed by the county window that took the case
    expect(result).to.include('办理窗口：县自然资源局　二楼 C区 15号窗口');
    const done = await caseOf(h, caseNumber);
    expect([done.status, done.result, done.onTime]).to.deep.equal(['completed', 'approved', true]);
    expect(await h.store.supervision.listForCase(done.id)).to.deep.equal([]);
    // on the case timeline: forwarded, told so, then the result told by the window
    const events = (await h.store.cases.events(done.id)).map((e) => (e.kind === 'notice-issued' ? `notice:${(e.detail as { kind: string }).kind}` : e.kind));
    const at = (kind: string) => events.indexOf(kind);
    expect(at('forwarded')).to.be.greaterThan(at('notice:acceptance'));
    expect(at('notice:forwarded')).to.be.greaterThan(at('forwarded'));
    expect(at('notice:completion')).to.be.greaterThan(at('notice:forwarded'));
    // every notice went to the applicant's in-app inbox of the case, none to the higher level
    const recipients = new Set((await h.store.outbox.list({ caseId: done.id })).filter((r) => r.noticeId !== null).map((r) => r.recipient));
    expect([...recipients]).to.deep.equal([`case:${caseNumber}`]);
  });

  it('should not count the higher level’s time: a decision 14 working days after the forward completes on time, with no warning or card, and the applicant is told so', async () => {
    h = await startScenario({ start: START });
    const { key, caseNumber } = await startReported(h);
    await accept(h, key);

    // the acceptance notice promises the forward within 3 working days, not a completion date
    const acceptance = await noticeText(h, caseNumber, 'acceptance');
    expect(acceptance).to.include('本中心自受理之日起3个工作日内（2026年3月5日17:30前）完成初审并上报上级机关');
    expect(acceptance).to.include('上级机关审批所需时间不计算在本中心的办理时限内').and.include('收到上级机关的决定后即书面告知');
    expect(acceptance).to.not.include('承诺办结时限');

    // forwarded on Tuesday 3 March, in time
    const forwardedAt = '2026-03-03T03:00:00Z';
    await h.setTime(forwardedAt);
    await h.complete(await h.task('preliminaryOpinion', { processInstanceKey: key }), { decision: 'approve', opinion: '同意上报' });
    const forwarded = await noticeText(h, caseNumber, 'forwarded');
    expect(forwarded).to.include('已于2026年3月3日上报').and.include('3个工作日内上报');
    expect(forwarded).to.include('上级机关审批所需时间不计算在本中心的办理时限内').and.include('收到上级机关的决定后即书面告知');
    // the clock stands still from the forward
    const waiting = await caseOf(h, caseNumber);
    expect(waiting.suspendedSince?.toISOString()).to.equal(new Date(forwardedAt).toISOString());
    const [suspended] = (await h.store.cases.events(waiting.id)).filter((e) => e.kind === 'clock-suspended');
    expect(suspended.detail).to.deep.include({ reason: 'higher-level' });

    // the higher level answers 14 working days later (Monday 23 March), long after the 3-day deadline
    const decidedAt = '2026-03-23T06:00:00Z';
    const calendar = await h.deps.calendar();
    expect(calendar.workingDaysBetween('2026-03-03', '2026-03-23').days).to.equal(14);
    await h.setTime(decidedAt);
    await h.engine.client.publishMessage({
      name: 'higher-level-decision',
      correlationKey: caseNumber,
      timeToLive: 3_600_000,
      variables: { decision: 'approve', opinion: '省人民政府批准该宗农用地转用' },
    });

    const result = await noticeText(h, caseNumber, 'completion');
    expect(result).to.include('准予许可（办理）');
    const done = await caseOf(h, caseNumber);
    expect([done.status, done.result, done.onTime]).to.deep.equal(['completed', 'approved', true]);
    expect(done.suspendedSince).to.equal(null);
    expect(done.suspendedWorkingDays).to.equal(14);
    // the deadline moved on by the 14 working days the higher level took: Thursday 5 March → Wednesday 25 March
    expect(done.dueAt?.toISOString()).to.equal('2026-03-25T09:30:00.000Z');
    expect((await h.variables(key)).dueAt).to.equal('2026-03-25T09:30:00.000Z');
    // no warning, no card: nothing watched the wait
    expect(await h.store.supervision.listForCase(done.id)).to.deep.equal([]);
    const [resumed] = (await h.store.cases.events(done.id)).filter((e) => e.kind === 'clock-resumed');
    expect(resumed.detail).to.deep.include({ workingDays: 14 });
  });

  it('should tell the applicant a refusal by the higher level with its reason', async () => {
    h = await startScenario({ start: START });
    const { key, caseNumber } = await startReported(h);
    await accept(h, key);
    await h.complete(await h.task('preliminaryOpinion', { processInstanceKey: key }), { decision: 'approve', opinion: '同意上报' });
    await noticeText(h, caseNumber, 'forwarded');

    await h.engine.client.publishMessage({
      name: 'higher-level-decision',
      correlationKey: caseNumber,
      timeToLive: 3_600_000,
      variables: { decision: 'reject', opinion: '拟占用永久基本农田，不符合农用地转用条件' },
    });
    const result = await noticeText(h, caseNumber, 'completion');
    expect(result).to.include('决定不予许可（办理）').and.include('理由：拟占用永久基本农田，不符合农用地转用条件');
    expect((await caseOf(h, caseNumber)).result).to.equal('rejected');
  });

  it('should card the window when the forward deadline passes before the case is forwarded, and complete the case late with that one card although the higher level’s time is not counted', async () => {
    h = await startScenario({ start: START });
    const { key, caseNumber } = await startReported(h);
    await accept(h, key);
    const preliminary = await h.task('preliminaryOpinion', { processInstanceKey: key });

    await h.setTime('2026-03-05T09:31:00Z');
    const theCase = await caseOf(h, caseNumber);
    const [card, ...more] = await h.until('the forward card', async () => {
      const found = (await h!.store.supervision.listForCase(theCase.id)).filter((r) => r.kind === 'yellow-card' || r.kind === 'red-card');
      return found.length > 0 && found;
    });
    expect(more).to.deep.equal([]);
    expect(card.kind).to.equal('yellow-card');
    expect(card.reason).to.include('「上报」环节');
    expect(card.userTaskKey).to.equal(preliminary.userTaskKey);

    // the task stays open (the window must still forward it) and the case goes on
    const still = await h.task('preliminaryOpinion', { processInstanceKey: key });
    expect(still.userTaskKey).to.equal(preliminary.userTaskKey);
    await h.complete(still, { decision: 'approve', opinion: '同意上报' });
    await noticeText(h, caseNumber, 'forwarded');

    // the higher level takes 10 working days: its time is not counted, but the deadline had passed before
    // the forward, so nothing moves it and the case is late; the wait itself adds no card
    await h.setTime('2026-03-19T06:00:00Z');
    await h.engine.client.publishMessage({
      name: 'higher-level-decision',
      correlationKey: caseNumber,
      timeToLive: 3_600_000,
      variables: { decision: 'approve', opinion: '同意' },
    });
    await noticeText(h, caseNumber, 'completion');
    const done = await caseOf(h, caseNumber);
    expect([done.status, done.onTime]).to.deep.equal(['completed', false]);
    expect(done.dueAt?.toISOString()).to.equal('2026-03-05T09:30:00.000Z');
    const cards = (await h.store.supervision.listForCase(done.id)).filter((r) => r.kind === 'yellow-card' || r.kind === 'red-card');
    expect(cards.map((r) => r.id)).to.deep.equal([card.id]);
  });
});
