import { expect } from 'chai';
import { moveDeadline } from '../../workers/working-time.js';
import { awaitChild, awaitEvents, awaitNotices, caseOf, noticesOf, ORGANISATION, outboxOf, plain, startCase } from '../support/case-flow.js';
import { startScenario, type Scenario } from '../support/scenario.js';

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

// Monday 2 November 2026, 10:00 China time
const RECEIVED = '2026-11-02T02:00:00Z';

describe('scenarios/supplement', function () {
  this.timeout(60_000);
  let h: Scenario;
  afterEach(async () => {
    await h?.stop();
  });

  /** 社会团体成立登记 handed in with three materials missing or wrong; the clerk lists them all and the notice goes out. */
  async function incompleteCase(supplementDays: number | null) {
    const item = (await h.store.catalogue.getItem('MZ-002'))!;
    const handedIn = ['application', 'charter', 'capital-proof', 'leader-info'];
    const started = await startCase(h, 'promised-case', {
      itemCode: 'MZ-002',
      applicant: ORGANISATION,
      materials: item.materials.map((m) => ({ code: m.code, provided: handedIn.includes(m.code) })),
    });
    const missing = [
      { code: 'sponsor-approval', reason: '未提交业务主管单位的批准文件' },
      { code: 'meeting-minutes', reason: '未提交发起人会议纪要' },
      { code: 'capital-proof', reason: '验资报告未加盖会计师事务所公章' },
    ];
    await h.complete(await h.task('materialCheck', { processInstanceKey: started.key }), {
      verifiedMaterials: ['application', 'charter', 'leader-info'],
      materialsComplete: false,
      missing,
      fixedOnSpot: '申请表中的联系电话笔误，已当场更正',
    });
    const confirm = await h.task('confirmNotice');
    expect(confirm.candidateGroups).to.deep.equal(['window:MZ']);
    await h.complete(confirm, { noticeDelivery: 'in-person', supplementDays, noticeNote: '', notifiedOnce: true });
    const child = await awaitChild(h, started.key, 'supplement', 'supplementDueAt');
    return { ...started, item, missing, child };
  }

  it('should give ONE 补齐申请材料通知书 listing every missing or wrong material by its catalogue name, suspend the clock while it is open, and move the deadline by exactly the working days waited; a duplicate supplement-received changes nothing', async () => {
    h = await startScenario({ start: RECEIVED });
    const { key, caseNumber, item, missing, child } = await incompleteCase(10);

    // one notice, every item, by the catalogue's name
    const [notice, ...others] = await awaitNotices(h, caseNumber, 'supplement');
    expect(others).to.deep.equal([]);
    expect(notice.title).to.equal('补齐申请材料通知书');
    const text = plain(notice.html);
    expect(text).to.contain('共3项');
    for (const m of missing) {
      const name = item.materials.find((x) => x.code === m.code)!.name;
      expect(text, name).to.contain(name);
      expect(text).to.contain(m.reason);
    }
    expect(text).to.contain('已当场更正的内容：申请表中的联系电话笔误，已当场更正');
    expect(text).to.contain('请自本通知书送达之日起10个工作日内补齐');
    expect(text).to.contain('本中心不再要求补正其他材料');
    expect((await outboxOf(h, caseNumber)).filter((m) => m.noticeId === notice.id && m.recipient === `case:${caseNumber}`)).to.have.length(1);

    // the clock stands still while the notice is open
    const suspended = await caseOf(h, caseNumber);
    expect(iso(suspended.suspendedSince)).to.equal(new Date(RECEIVED).toISOString());
    expect(suspended.dueAt).to.equal(null);
    const calendar = await h.deps.calendar();
    const validity = calendar.dueAt(new Date(RECEIVED), 10);
    expect((await h.variables(child)).supplementDueAt).to.equal(validity.dueAt.toISOString());
    // the lookup shows the case waiting for the applicant, not for the center
    expect((await caseOf(h, caseNumber)).status).to.equal('supplementing');

    // the applicant brings the rest three working days later (Thursday 5 November)
    const arrived = '2026-11-05T02:00:00Z';
    await h.setTime(arrived);
    const supplied = item.materials.map((m) => ({ code: m.code, provided: true }));
    // unbuffered, as docs/procedures.md requires of supplement-received
    const delivery = { name: 'supplement-received', correlationKey: caseNumber, messageId: `supplement:${caseNumber}:1`, timeToLive: 0, variables: { materials: supplied } };
    await h.engine.client.publishMessage(delivery);
    // the same delivery again (same messageId): nothing waits for it any more
    await h.engine.client.publishMessage(delivery);

    const [resumed] = await awaitEvents(h, caseNumber, 'clock-resumed');
    expect((resumed.detail as { workingDays: number }).workingDays).to.equal(3);
    await h.ended(child);
    const recheck = await h.task('materialCheck', { processInstanceKey: key });
    expect((await h.variables(key)).materials).to.deep.equal(supplied);

    // published again after it was correlated, under a new id: nobody waits for it
    await h.engine.client.publishMessage({ ...delivery, messageId: `supplement:${caseNumber}:again` });

    await h.complete(recheck, { verifiedMaterials: item.materials.map((m) => m.code), materialsComplete: true, fixedOnSpot: '' });
    await h.complete(await h.task('acceptanceDecision', { processInstanceKey: key }), { accepted: true });
    await awaitNotices(h, caseNumber, 'acceptance');
    await h.task('departmentReview', { processInstanceKey: key });

    const accepted = await caseOf(h, caseNumber);
    expect(accepted.suspendedSince).to.equal(null);
    expect(accepted.status).to.not.equal('supplementing');
    expect(accepted.suspendedWorkingDays).to.equal(3);
    // what the deadline would have been had the case been accepted on the day of the notice, three working days on
    const expected = moveDeadline(calendar, calendar.dueAt(new Date(RECEIVED), 20).dueAt, 3);
    expect(iso(accepted.dueAt)).to.equal(expected.dueAt.toISOString());
    expect((await h.variables(key)).dueAt).to.equal(expected.dueAt.toISOString());

    // nothing happened twice
    const events = await h.store.cases.events(accepted.id);
    expect(events.filter((e) => e.kind === 'clock-suspended')).to.have.length(1);
    expect(events.filter((e) => e.kind === 'clock-resumed')).to.have.length(1);
    expect(await noticesOf(h, caseNumber, 'supplement')).to.have.length(1);
    const supplements = await h.engine.client.searchProcessInstances({ filter: { parentProcessInstanceKey: key, processDefinitionId: 'supplement' } });
    expect(supplements.items).to.have.length(1);
  });

  it('should treat the application as withdrawn (视为撤回) when the supplement does not arrive within the notice validity, close the suspension and tell the applicant in writing', async () => {
    h = await startScenario({ start: RECEIVED });
    const { key, caseNumber, child } = await incompleteCase(5);
    const calendar = await h.deps.calendar();
    const validity = calendar.dueAt(new Date(RECEIVED), 5);
    expect((await h.variables(child)).supplementDueAt).to.equal(validity.dueAt.toISOString());

    // one minute before the validity ends the case is still waiting
    await h.setTime(new Date(validity.dueAt.getTime() - 60_000));
    expect((await caseOf(h, caseNumber)).status).to.not.equal('withdrawn');

    const expiredAt = new Date(validity.dueAt.getTime() + 60_000);
    await h.setTime(expiredAt);
    await h.ended(key);
    const withdrawn = await caseOf(h, caseNumber);
    expect(withdrawn.status).to.equal('withdrawn');
    expect(withdrawn.stage).to.equal('视为撤回');
    expect(withdrawn.dueAt).to.equal(null);
    expect(await noticesOf(h, caseNumber, 'acceptance')).to.deep.equal([]);
    // the suspension is closed: the case no longer reads as waiting, and the days waited are the applicant's
    expect(withdrawn.suspendedSince).to.equal(null);
    const waited = calendar.workingDaysBetween('2026-11-02', '2026-11-09').days;
    expect(withdrawn.suspendedWorkingDays).to.equal(waited);
    const [closed] = await awaitEvents(h, caseNumber, 'clock-closed');
    expect(closed.detail).to.deep.include({ workingDays: waited, status: 'withdrawn' });

    // told in writing, once: which case, which supplement notice, treated as withdrawn, may apply again
    const [supplementNotice] = await noticesOf(h, caseNumber, 'supplement');
    const [notice, ...more] = await noticesOf(h, caseNumber, 'withdrawn');
    expect(more).to.deep.equal([]);
    expect(notice.title).to.equal('视为撤回申请告知书');
    const text = plain(notice.html);
    expect(text).to.contain(caseNumber).and.contain('社会团体成立登记');
    expect(text).to.contain(`《补齐申请材料通知书》（${supplementNotice.number}）`).and.contain('补正期限为5个工作日');
    expect(text).to.contain('本次申请视为撤回').and.contain('可以在备齐材料后重新提出申请');
    expect(expiredAt.toISOString()).to.equal('2026-11-09T09:31:00.000Z');
    expect(text).to.contain('截至2026年11月9日17:31补正期限届满');
    const inapp = (await outboxOf(h, caseNumber)).filter((m) => m.noticeId === notice.id && m.recipient === `case:${caseNumber}`);
    expect(inapp).to.have.length(1);
    expect(inapp[0].body).to.contain('本次申请视为撤回');
    // a late supplement finds nothing to resume
    await h.engine.client.publishMessage({ name: 'supplement-received', correlationKey: caseNumber, timeToLive: 0, variables: { materials: [] } });
    const events = await h.store.cases.events(withdrawn.id);
    expect(events.filter((e) => e.kind === 'clock-resumed')).to.deep.equal([]);
  });

  it('should end an immediate, a joint and a reported case as withdrawn with the written notice when their supplement notices expire', async () => {
    h = await startScenario({ start: RECEIVED });
    const cases: Array<{ diagram: string; itemCode: string; missing: string; key: string; caseNumber: string }> = [];
    for (const [diagram, itemCode, missing] of [
      ['immediate-case', 'SCJG-001', 'id-card'],
      ['joint-approval', 'ZJ-001', 'funding'],
      ['reported-case', 'ZRZY-002', 'planning-map'],
    ] as const) {
      const item = (await h.store.catalogue.getItem(itemCode))!;
      const handedIn = item.materials.map((m) => m.code).filter((code) => code !== missing);
      const started = await startCase(h, diagram, { itemCode, materials: item.materials.map((m) => ({ code: m.code, provided: m.code !== missing })) });
      await h.complete(await h.task('materialCheck', { processInstanceKey: started.key }), {
        verifiedMaterials: handedIn,
        materialsComplete: false,
        missing: [{ code: missing, reason: '未提交' }],
        fixedOnSpot: '',
      });
      await h.complete(await h.task('confirmNotice'), { noticeDelivery: 'in-person', supplementDays: 5, noticeNote: '', notifiedOnce: true });
      await awaitChild(h, started.key, 'supplement', 'supplementDueAt');
      cases.push({ diagram, itemCode, missing, ...started });
    }

    await h.setTime('2026-11-09T09:31:00Z');
    for (const { diagram, key, caseNumber } of cases) {
      await h.ended(key);
      const withdrawn = await caseOf(h, caseNumber);
      expect([withdrawn.status, withdrawn.suspendedSince], diagram).to.deep.equal(['withdrawn', null]);
      const [notice, ...more] = await noticesOf(h, caseNumber, 'withdrawn');
      expect(more, diagram).to.deep.equal([]);
      const [supplementNotice] = await noticesOf(h, caseNumber, 'supplement');
      expect(plain(notice.html), diagram).to.contain(supplementNotice.number).and.contain('本次申请视为撤回');
      expect((await outboxOf(h, caseNumber)).filter((m) => m.noticeId === notice.id && m.recipient === `case:${caseNumber}`), diagram).to.have.length(1);
    }
  });

  it('should handle an immediate case on the spot once the one-time notice is answered, the waiting days recorded as the applicant\'s', async () => {
    h = await startScenario({ start: RECEIVED });
    const item = (await h.store.catalogue.getItem('SCJG-001'))!;
    const { key, caseNumber } = await startCase(h, 'immediate-case', {
      itemCode: 'SCJG-001',
      materials: [
        { code: 'application', provided: true },
        { code: 'business-license', provided: true },
      ],
    });
    await h.complete(await h.task('materialCheck', { processInstanceKey: key }), {
      verifiedMaterials: ['application', 'business-license'],
      materialsComplete: false,
      missing: [
        { code: 'id-card', reason: '未提供经营者身份证' },
        { code: 'power-of-attorney', reason: '委托代理人办理，缺少委托书' },
      ],
      fixedOnSpot: '',
    });
    await h.complete(await h.task('confirmNotice'), { noticeDelivery: 'in-person', supplementDays: null, noticeNote: '', notifiedOnce: true });
    const child = await awaitChild(h, key, 'supplement', 'supplementDueAt');
    const [notice] = await awaitNotices(h, caseNumber, 'supplement');
    const text = plain(notice.html);
    expect(text).to.contain('共2项');
    for (const code of ['id-card', 'power-of-attorney']) expect(text).to.contain(item.materials.find((m) => m.code === code)!.name);
    expect(text).to.contain('30个工作日内补齐');

    await h.setTime('2026-11-03T02:00:00Z');
    const supplied = item.materials.map((m) => ({ code: m.code, provided: true }));
    await h.engine.client.publishMessage({ name: 'supplement-received', correlationKey: caseNumber, messageId: `supplement:${caseNumber}:1`, timeToLive: 0, variables: { materials: supplied } });
    await h.ended(child);
    await h.complete(await h.task('materialCheck', { processInstanceKey: key }), { verifiedMaterials: supplied.map((m) => m.code), materialsComplete: true, fixedOnSpot: '' });
    await h.complete(await h.task('acceptanceDecision', { processInstanceKey: key }), { accepted: true });
    await h.complete(await h.task('handleOnTheSpot', { processInstanceKey: key }), { decision: 'approve', opinion: '材料补齐，当场办理' });
    await awaitNotices(h, caseNumber, 'completion');

    const done = await caseOf(h, caseNumber);
    expect(done.status).to.equal('completed');
    expect(done.onTime).to.equal(true);
    expect(done.suspendedWorkingDays).to.equal(1);
    expect(done.suspendedSince).to.equal(null);
    expect(iso(done.acceptedAt)).to.equal('2026-11-03T02:00:00.000Z');
    expect(await noticesOf(h, caseNumber, 'supplement')).to.have.length(1);
  });
});
