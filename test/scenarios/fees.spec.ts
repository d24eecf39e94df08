import { expect } from 'chai';
import { awaitEvents, awaitNotices, caseOf, noticesOf, outboxOf, plain, startCase } from '../support/case-flow.js';
import { startScenario, type OpenTask, type Scenario } from '../support/scenario.js';

/**
 * 服务承诺制: fees only per the published standard (收费标准及依据), with an official receipt; no
 * unauthorised waiver. The deciding form offers only the item's published paid fees (itemFees),
 * fee-assess charges them after an approval, and the 办结通知书 tells the applicant each fee,
 * its standard and basis, and the total. Monday 1 June 2026, 10:00 in Beijing.
 */
const START = '2026-06-01T02:00:00Z';

describe('scenarios/fees', function () {
  this.timeout(60_000);
  let h: Scenario | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  /** A promised case accepted and reviewed, waiting for the window head's approval. */
  async function reviewed(s: Scenario, itemCode: string) {
    const item = (await s.store.catalogue.getItem(itemCode))!;
    const codes = item.materials.map((m) => m.code);
    const started = await startCase(s, 'promised-case', { itemCode, materials: codes.map((code) => ({ code, provided: true })) });
    await s.complete(await s.task('materialCheck', { processInstanceKey: started.key }), { verifiedMaterials: codes, materialsComplete: true, fixedOnSpot: '' });
    await s.complete(await s.task('acceptanceDecision', { processInstanceKey: started.key }), { accepted: true });
    await s.complete(await s.task('departmentReview', { processInstanceKey: started.key }), { reviewAction: 'decide', decision: 'approve', opinion: '符合条件' });
    const approval = await s.task('headApproval', { processInstanceKey: started.key });
    return { ...started, item, approval };
  }

  it('should charge only the published fees the window head chose and list each, with its standard and basis, and the total in the 办结通知书', async () => {
    h = await startScenario({ start: START });
    // 不动产转移登记 publishes two paid fees: the registration fee and the fee for a second certificate
    const { key, caseNumber, item, approval } = await reviewed(h, 'ZRZY-001');
    expect(approval.candidateGroups).to.deep.equal(['head:ZRZY']);
    expect((await h.variables(key)).itemFees).to.deep.equal([
      { value: 'registration', label: '不动产登记费（住宅类）：80.00元/件', amountFen: 8000 },
      { value: 'extra-certificate', label: '不动产权属证书工本费（第二本起）：10.00元/本', amountFen: 1000 },
    ]);

    // the form will not let an approval charge nothing (an unauthorised waiver) or a fee the item does not publish
    const approve = { decision: 'approve', opinion: '准予登记' };
    for (const fees of [undefined, [], ['express-handling']]) {
      const data = fees === undefined ? approve : { ...approve, fees: fees.map((code) => ({ code, quantity: 1 })), feeWaiverRequested: false };
      await h.complete(approval, data).then(
        () => expect.fail(`an approval with fees ${JSON.stringify(fees)} was accepted`),
        (e: Error) => expect(e.message).to.contain('rejects the submission'),
      );
    }

    await h.setTime('2026-06-03T06:00:00Z');
    await h.complete(approval, { ...approve, fees: [{ code: 'registration', quantity: 1 }], feeWaiverRequested: false });

    // charged in case_fees at the published amount, not waived, the total in the process
    const [notice] = await awaitNotices(h, caseNumber, 'completion');
    const done = await caseOf(h, caseNumber);
    expect([done.status, done.result, done.onTime]).to.deep.equal(['completed', 'approved', true]);
    const fees = await h.store.cases.fees(done.id);
    expect(fees.map((f) => [f.feeCode, f.amountFen, f.waived])).to.deep.equal([['registration', 8000, false]]);
    expect((await h.variables(key)).feeTotalFen).to.equal(8000);
    const [assessed] = await awaitEvents(h, caseNumber, 'fees-assessed');
    expect(assessed.detail).to.deep.include({ totalFen: 8000 });

    // the applicant reads what is owed and on what basis, and that an official receipt is given
    const registration = item.fees.find((f) => f.code === 'registration')!;
    const text = plain(notice.html);
    expect(text).to.contain('不动产登记费（住宅类）').and.contain('80.00元/件').and.contain(registration.basis);
    expect(text).to.contain('合计应缴80.00元').and.contain('正式票据').and.contain('不收取任何其他费用');
    expect(text).not.to.contain('不动产权属证书工本费');
    const inapp = (await outboxOf(h, caseNumber)).find((m) => m.noticeId === notice.id && m.recipient === `case:${caseNumber}`);
    expect(inapp?.body).to.contain('合计应缴80.00元');
    // assessed before the result was delivered
    const kinds = (await h.store.cases.events(done.id)).map((e) => (e.kind === 'notice-issued' ? `notice:${(e.detail as { kind: string }).kind}` : e.kind));
    expect(kinds.indexOf('fees-assessed')).to.be.greaterThan(kinds.indexOf('completed')).and.lessThan(kinds.indexOf('notice:completion'));
  });

  it('should charge the single published fee of 居民身份证换领 once it is ticked, and charge nothing when the head refuses', async () => {
    h = await startScenario({ start: START });
    const granted = await reviewed(h, 'GA-001');
    const refused = await reviewed(h, 'GA-001');

    await h.complete(granted.approval, { decision: 'approve', opinion: '同意换领', fees: [{ code: 'id-card-fee', quantity: 1 }], feeWaiverRequested: false });
    await h.complete(refused.approval, { decision: 'reject', opinion: '不同意', refusalReason: '原居民身份证尚在有效期内且未损坏，不符合换领条件' });

    const [grantedNotice] = await awaitNotices(h, granted.caseNumber, 'completion');
    expect((await h.store.cases.fees((await caseOf(h, granted.caseNumber)).id)).map((f) => [f.feeCode, f.amountFen])).to.deep.equal([['id-card-fee', 2000]]);
    expect(plain(grantedNotice.html)).to.contain('居民身份证工本费').and.contain('20.00元/证').and.contain('合计应缴20.00元');

    const [refusedNotice] = await awaitNotices(h, refused.caseNumber, 'completion');
    const refusedCase = await caseOf(h, refused.caseNumber);
    expect(refusedCase.result).to.equal('rejected');
    expect(await h.store.cases.fees(refusedCase.id)).to.deep.equal([]);
    expect((await h.store.cases.events(refusedCase.id)).filter((e) => e.kind === 'fees-assessed')).to.deep.equal([]);
    expect(plain(refusedNotice.html)).not.to.contain('工本费').and.not.contain('应缴');
  });

  it('should charge nothing for a free item and say so in the 办结通知书, on the promised, the immediate and the joint diagram', async () => {
    h = await startScenario({ start: START });
    // 食品经营许可（新办）: the form shows no fee list, so none can be sent
    const promised = await reviewed(h, 'SCJG-002');
    expect((await h.variables(promised.key)).itemFees).to.deep.equal([]);
    await h.complete(promised.approval, { decision: 'approve', opinion: '同意', fees: [{ code: 'none', quantity: 1 }] }).then(
      () => expect.fail('a fee list was accepted for a free item'),
      (e: Error) => expect(e.message).to.contain('rejects the submission'),
    );
    await h.complete(promised.approval, { decision: 'approve', opinion: '同意' });

    // 个体工商户变更登记 handled on the spot
    const item = (await h.store.catalogue.getItem('SCJG-001'))!;
    const codes = item.materials.map((m) => m.code);
    const immediate = await startCase(h, 'immediate-case', { itemCode: 'SCJG-001', materials: codes.map((code) => ({ code, provided: true })) });
    await h.complete(await h.task('materialCheck', { processInstanceKey: immediate.key }), { verifiedMaterials: codes, materialsComplete: true, fixedOnSpot: '' });
    await h.complete(await h.task('acceptanceDecision', { processInstanceKey: immediate.key }), { accepted: true });
    await h.complete(await h.task('handleOnTheSpot', { processInstanceKey: immediate.key }), { decision: 'approve', opinion: '当场办结' });

    // 建筑工程施工许可 (joint): the lead window decides after the departments' reviews
    const joint = await h.store.catalogue.getItem('ZJ-001');
    const jointCodes = joint!.materials.map((m) => m.code);
    const lead = await startCase(h, 'joint-approval', { itemCode: 'ZJ-001', materials: jointCodes.map((code) => ({ code, provided: true })) });
    await h.complete(await h.task('materialCheck', { processInstanceKey: lead.key }), { verifiedMaterials: jointCodes, materialsComplete: true, fixedOnSpot: '' });
    await h.complete(await h.task('acceptanceDecision', { processInstanceKey: lead.key }), { accepted: true, siteInspectionNeeded: false });
    const reviews = await h.until('3 department reviews', async () => {
      const found = await h!.engine.client.searchUserTasks({ filter: { elementId: 'departmentReview', state: 'CREATED', processInstanceKey: lead.key } } as never);
      return found.items.length === 3 && (found.items as unknown as OpenTask[]);
    });
    for (const t of reviews) await h.complete(t, { reviewAction: 'decide', decision: 'approve', opinion: '同意' });
    await h.complete(await h.task('leadConsolidation', { processInstanceKey: lead.key }), { reviewAction: 'decide', decision: 'approve', opinion: '各部门均同意' });

    for (const { key, caseNumber } of [promised, immediate, lead]) {
      const [notice] = await awaitNotices(h, caseNumber, 'completion');
      const done = await caseOf(h, caseNumber);
      expect(await h.store.cases.fees(done.id), caseNumber).to.deep.equal([]);
      const [assessed] = await awaitEvents(h, caseNumber, 'fees-assessed');
      expect(assessed.detail).to.deep.include({ totalFen: 0, lines: [] });
      expect((await h.variables(key)).feeTotalFen).to.equal(0);
      expect(plain(notice.html)).to.contain('本事项不收取任何费用').and.not.contain('应缴');
      expect(await noticesOf(h, caseNumber, 'completion')).to.have.length(1);
    }
  });
});
