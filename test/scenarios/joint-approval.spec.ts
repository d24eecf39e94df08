import { expect } from 'chai';
import { caseOf, noticesOf, startCase } from '../support/case-flow.js';
import { startScenario, type OpenTask, type Scenario } from '../support/scenario.js';

/**
 * 联办件 (重大事项联合办理制) end to end: FG-001 企业投资项目核准 has the lead window FG and three
 * reviewing departments (FG, ZRZY, STHJ); ZJ-001 建筑工程施工许可 has ZJ, ZRZY, RS. Time starts on
 * Monday 2 March 2026, 09:00 in Beijing, a plain working week.
 */
const START = '2026-03-02T01:00:00Z';

const company = { name: '县清源能源科技有限公司', kind: 'company', creditCode: '91530000MA6K278X1B', phone: '13812345678' };

const startJoint = (h: Scenario, itemCode: string, materials: Array<{ code: string; provided: boolean }>) => startCase(h, 'joint-approval', { itemCode, applicant: company, materials });

/** every open task of one element in the engine */
async function openTasks(h: Scenario, elementId: string, processInstanceKey?: string): Promise<OpenTask[]> {
  const found = await h.engine.client.searchUserTasks({
    filter: { elementId, state: 'CREATED', ...(processInstanceKey ? { processInstanceKey } : {}) },
  } as never);
  return found.items as unknown as OpenTask[];
}

async function reviewTasks(h: Scenario, count: number): Promise<Map<string, OpenTask>> {
  const tasks = await h.until(`${count} department reviews`, async () => {
    const found = await openTasks(h, 'departmentReview');
    return found.length === count && found;
  });
  return new Map(tasks.map((t) => [t.candidateGroups[0], t]));
}

/** accepts the application with all materials verified (no supplement), no site inspection */
async function acceptComplete(h: Scenario, key: string, verified: string[]) {
  await h.complete(await h.task('materialCheck', { processInstanceKey: key }), { verifiedMaterials: verified, materialsComplete: true, fixedOnSpot: '' });
  await h.complete(await h.task('acceptanceDecision', { processInstanceKey: key }), { accepted: true, siteInspectionNeeded: false });
}

async function inappTexts(h: Scenario, caseNumber: string): Promise<string[]> {
  const theCase = await caseOf(h, caseNumber);
  const rows = await h.store.outbox.list({ caseId: theCase.id });
  return rows.filter((r) => r.channel === 'inapp' && r.recipient === `case:${caseNumber}`).map((r) => r.body);
}

const FG_MATERIALS = ['application-report', 'business-license', 'site-opinion', 'eia', 'energy-review'];

describe('scenarios/joint-approval', function () {
  this.timeout(60_000);
  let h: Scenario | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('should list every department’s missing materials in ONE notice grouped by department, review in parallel per department, and explain a department’s refusal with its reason', async () => {
    h = await startScenario({ start: START });
    const { key, caseNumber } = await startJoint(h, 'FG-001', [
      { code: 'application-report', provided: true },
      { code: 'business-license', provided: true },
    ]);

    // the lead window checks every department's materials at once
    const check = await h.task('materialCheck', { processInstanceKey: key });
    expect(check.candidateGroups).to.deep.equal(['window:FG']);
    await h.complete(check, {
      // the application report was handed in but is deficient: listed for correction, not as verified
      verifiedMaterials: ['business-license'],
      materialsComplete: false,
      missing: [
        { code: 'site-opinion', reason: '未提交用地预审与选址意见书申请材料' },
        { code: 'eia', reason: '未提交环境影响报告表' },
        { code: 'application-report', reason: '项目申请报告缺少经济和社会影响分析章节' },
      ],
      fixedOnSpot: '营业执照复印件已当场加盖公章',
    });
    await h.complete(await h.task('confirmNotice'), { noticeDelivery: 'in-person', supplementDays: null, noticeNote: '', notifiedOnce: true });

    const [supplement] = await h.until('the supplement notice', async () => {
      const found = await noticesOf(h!, caseNumber, 'supplement');
      return found.length > 0 && found;
    });
    const text = (await h.until('the notice in the outbox', async () => (await inappTexts(h!, caseNumber)).find((t) => t.includes(supplement.number))));
    // one notice, grouped by department, each group under the department's name and window
    const zrzy = text.indexOf('【县自然资源局（二楼 C区 15–16号窗口）】');
    const sthj = text.indexOf('【市生态环境局县分局（二楼 C区 21号窗口）】');
    const fg = text.indexOf('【县发展和改革局（二楼 C区 20号窗口）】');
    expect([zrzy, sthj, fg].every((i) => i > 0), text).to.equal(true);
    expect(text.indexOf('建设项目用地预审与选址意见书申请材料', zrzy)).to.be.lessThan(sthj);
    expect(text.indexOf('环境影响报告书（表）', sthj)).to.be.lessThan(fg);
    expect(text.indexOf('项目申请报告缺少经济和社会影响分析章节', fg)).to.be.greaterThan(fg);
    expect(text).to.include('共3项').and.include('本中心不再要求补正其他材料').and.include('营业执照复印件已当场加盖公章');
    // the clock stands still while the applicant supplements
    await h.until('the clock suspended', async () => (await caseOf(h!, caseNumber)).suspendedSince !== null);

    // the applicant brings everything two days later; the lead window checks again and accepts
    await h.setTime('2026-03-04T02:00:00Z');
    // buffered for an hour: the call activity may still be on its way to the receive task
    await h.engine.client.publishMessage({
      name: 'supplement-received',
      correlationKey: caseNumber,
      timeToLive: 3_600_000,
      variables: { materials: FG_MATERIALS.map((code) => ({ code, provided: true })) },
    });
    await acceptComplete(h, key, FG_MATERIALS);

    // still exactly one supplement notice for the submission
    expect(await noticesOf(h, caseNumber, 'supplement')).to.have.length(1);
    await h.until('the acceptance notice', async () => (await noticesOf(h!, caseNumber, 'acceptance')).length === 1);

    // three departments review at once, each in its own group with its own due date (5 working days)
    const reviews = await reviewTasks(h, 3);
    expect([...reviews.keys()].sort()).to.deep.equal(['review:FG', 'review:STHJ', 'review:ZRZY']);
    for (const t of reviews.values()) expect(t.dueDate, t.candidateGroups[0]).to.equal('2026-03-11T09:30:00.000Z');
    const stored = await h.store.tasks.list({ caseId: (await caseOf(h, caseNumber)).id, state: 'created' });
    const storedReviews = stored.filter((t) => t.elementId === 'departmentReview');
    expect(storedReviews.map((t) => t.departmentCode).sort()).to.deep.equal(['FG', 'STHJ', 'ZRZY']);
    expect(new Set(storedReviews.map((t) => t.userTaskKey)).size).to.equal(3);

    await h.complete(reviews.get('review:FG')!, { reviewAction: 'decide', decision: 'approve', opinion: '符合产业政策' });
    await h.complete(reviews.get('review:ZRZY')!, { reviewAction: 'decide', decision: 'approve', opinion: '用地符合国土空间规划' });
    const sthjReason = '项目位于饮用水水源二级保护区内，环境影响报告表结论不成立';
    await h.complete(reviews.get('review:STHJ')!, { reviewAction: 'decide', decision: 'reject', opinion: '不同意', refusalReason: sthjReason });

    // the lead window's consolidation shows each department's opinion, the refusal with its reason
    const consolidation = await h.task('leadConsolidation', { processInstanceKey: key });
    expect(consolidation.candidateGroups).to.deep.equal(['lead:FG']);
    const { reviews: collected } = (await h.variables(key)) as { reviews: Array<Record<string, unknown>> };
    expect(collected).to.have.deep.members([
      { departmentCode: 'FG', decision: 'approve', opinion: '符合产业政策', refusalReason: null, deemedConsent: false },
      { departmentCode: 'ZRZY', decision: 'approve', opinion: '用地符合国土空间规划', refusalReason: null, deemedConsent: false },
      { departmentCode: 'STHJ', decision: 'reject', opinion: '不同意', refusalReason: sthjReason, deemedConsent: false },
    ]);

    await h.complete(consolidation, {
      reviewAction: 'decide',
      decision: 'reject',
      opinion: '市生态环境局县分局不同意，不予核准',
      refusalReason: `市生态环境局县分局意见：${sthjReason}`,
    });
    const [result] = await h.until('the result notice', async () => {
      const found = await noticesOf(h!, caseNumber, 'completion');
      return found.length > 0 && found;
    });
    const resultText = (await h.until('the result in the outbox', async () => (await inappTexts(h!, caseNumber)).find((t) => t.includes(result.number))));
    expect(resultText).to.include('决定不予许可（办理）').and.include(`理由：市生态环境局县分局意见：${sthjReason}`);
    expect(resultText).to.include('联办部门意见').and.include(`部门：市生态环境局县分局；意见：不同意：${sthjReason}`);
    expect(resultText).to.include('部门：县自然资源局；意见：同意：用地符合国土空间规划');
    expect(resultText).to.include('依法申请行政复议或者提起行政诉讼');

    const done = await caseOf(h, caseNumber);
    expect(done.status).to.equal('completed');
    expect(done.result).to.equal('rejected');
  });

  it('should complete as approved when every department approves', async () => {
    h = await startScenario({ start: START });
    const all = ['application', 'land-approval', 'planning-permit', 'contract', 'drawing-review', 'quality-safety', 'wage-account', 'funding'];
    const { key, caseNumber } = await startJoint(h, 'ZJ-001', all.map((code) => ({ code, provided: true })));
    await acceptComplete(h, key, all);

    const reviews = await reviewTasks(h, 3);
    expect([...reviews.keys()].sort()).to.deep.equal(['review:RS', 'review:ZJ', 'review:ZRZY']);
    for (const [group, t] of reviews) await h.complete(t, { reviewAction: 'decide', decision: 'approve', opinion: `${group} 同意` });

    const consolidation = await h.task('leadConsolidation', { processInstanceKey: key });
    expect(consolidation.candidateGroups).to.deep.equal(['lead:ZJ']);
    await h.complete(consolidation, { reviewAction: 'decide', decision: 'approve', opinion: '各部门均同意，准予核发' });

    const [result] = await h.until('the result notice', async () => {
      const found = await noticesOf(h!, caseNumber, 'completion');
      return found.length > 0 && found;
    });
    const text = (await h.until('the result in the outbox', async () => (await inappTexts(h!, caseNumber)).find((t) => t.includes(result.number))));
    expect(text).to.include('准予许可（办理）').and.include('办理结果：建筑工程施工许可证');
    for (const name of ['县住房和城乡建设局', '县自然资源局', '县人力资源和社会保障局']) expect(text).to.include(name);
    expect(text).to.not.include('不同意');

    const done = await caseOf(h, caseNumber);
    expect(done.status).to.equal('completed');
    expect(done.result).to.equal('approved');
    expect(done.onTime).to.equal(true);
    expect(await noticesOf(h, caseNumber, 'supplement')).to.have.length(0);
  });

  it('should take a department that does not answer by its deadline as consenting (默许) and card the overdue step', async () => {
    h = await startScenario({ start: START });
    const { key, caseNumber } = await startJoint(h, 'FG-001', FG_MATERIALS.map((code) => ({ code, provided: true })));
    await acceptComplete(h, key, FG_MATERIALS);

    const reviews = await reviewTasks(h, 3);
    const silent = reviews.get('review:ZRZY')!;
    expect(silent.dueDate).to.equal('2026-03-09T09:30:00.000Z');
    await h.complete(reviews.get('review:FG')!, { reviewAction: 'decide', decision: 'approve', opinion: '符合产业政策' });
    await h.complete(reviews.get('review:STHJ')!, { reviewAction: 'decide', decision: 'approve', opinion: '同意环评结论' });

    // ZRZY says nothing; its deadline passes (the case deadline, 15 working days, is far away)
    await h.setTime('2026-03-09T09:31:00Z');
    const consolidation = await h.task('leadConsolidation', { processInstanceKey: key });
    const { reviews: collected } = (await h.variables(key)) as { reviews: Array<Record<string, unknown>> };
    expect(collected.find((r) => r.departmentCode === 'ZRZY')).to.deep.equal({
      departmentCode: 'ZRZY',
      decision: 'approve',
      opinion: '逾期未答复，视为同意',
      refusalReason: null,
      deemedConsent: true,
    });
    expect(collected.filter((r) => r.deemedConsent === true)).to.have.length(1);

    // a yellow card for the step, naming the silent department's task; no card for the case itself
    const theCase = await caseOf(h, caseNumber);
    const cards = await h.until('the step-overdue card', async () => {
      const found = (await h!.store.supervision.listForCase(theCase.id)).filter((r) => r.kind === 'yellow-card');
      return found.length > 0 && found;
    });
    expect(cards).to.have.length(1);
    expect(cards[0].reason).to.include('联办部门审查').and.include('ZRZY');
    expect(cards[0].userTaskKey).to.equal(silent.userTaskKey);
    const events = await h.store.cases.events(theCase.id);
    expect(events.filter((e) => e.kind === 'supervision')).to.have.length(1);
    const toSupervision = (await h.store.outbox.list({ caseId: theCase.id })).filter((r) => r.recipient === 'group:supervision');
    expect(toSupervision.map((r) => r.subject)).to.deep.equal([`电子监察黄牌：${caseNumber}`]);

    await h.complete(consolidation, { reviewAction: 'decide', decision: 'approve', opinion: '县自然资源局逾期未答复，视为同意；准予核准' });
    const [result] = await h.until('the result notice', async () => {
      const found = await noticesOf(h!, caseNumber, 'completion');
      return found.length > 0 && found;
    });
    const text = (await h.until('the result in the outbox', async () => (await inappTexts(h!, caseNumber)).find((t) => t.includes(result.number))));
    expect(text).to.include('部门：县自然资源局；意见：逾期未答复，视为同意');
    expect((await caseOf(h, caseNumber)).result).to.equal('approved');
  });
});
