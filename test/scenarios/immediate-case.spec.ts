import { expect } from 'chai';
import { verifyVerificationCode } from '../../domain/privacy/verification-code.js';
import { awaitEvents, awaitNotices, caseOf, outboxOf, plain, startCase } from '../support/case-flow.js';
import { startScenario, type Scenario } from '../support/scenario.js';

// Monday 28 September 2026, 10:00 China time: an ordinary working day
const MONDAY_MORNING = '2026-09-28T02:00:00Z';

describe('scenarios/immediate-case', function () {
  this.timeout(60_000);
  let h: Scenario;
  afterEach(async () => {
    await h?.stop();
  });

  it('should handle an immediate case with complete materials on the spot: registered, accepted, completed on time, 办结通知 and evaluation invitation sent', async () => {
    h = await startScenario({ start: MONDAY_MORNING });
    const materials = ['application', 'id-card', 'business-license', 'power-of-attorney'];
    const { key, caseNumber } = await startCase(h, 'immediate-case', {
      itemCode: 'SCJG-001',
      materials: materials.map((code) => ({ code, provided: true })),
    });

    // registration: the applicant gets the case number and a verification code that matches the stored hash
    const registered = await caseOf(h, caseNumber);
    expect(registered.caseType).to.equal('immediate');
    expect(registered.departmentCode).to.equal('SCJG');
    const receipt = (await outboxOf(h, caseNumber)).find((m) => m.channel === 'inapp' && m.subject?.startsWith('办件登记回执'));
    expect(receipt, 'registration receipt in the outbox').to.not.equal(undefined);
    expect(receipt!.recipient).to.equal(`case:${caseNumber}`);
    expect(receipt!.body).to.contain(`办件编号：${caseNumber}`);
    const code = /查询码：(\d{6})/.exec(receipt!.body)?.[1];
    expect(code, 'verification code in the receipt').to.match(/^\d{6}$/);
    expect(await verifyVerificationCode(code!, registered.verificationHash!)).to.equal(true);

    const check = await h.task('materialCheck', { processInstanceKey: key });
    expect(check.candidateGroups).to.deep.equal(['window:SCJG']);
    await h.complete(check, { verifiedMaterials: materials, materialsComplete: true, fixedOnSpot: '' });
    const decision = await h.task('acceptanceDecision', { processInstanceKey: key });
    await h.complete(decision, { accepted: true });
    const handling = await h.task('handleOnTheSpot', { processInstanceKey: key });
    await h.complete(handling, { decision: 'approve', opinion: '材料齐全，当场办理变更登记' });

    await awaitNotices(h, caseNumber, 'completion');
    await awaitEvents(h, caseNumber, 'evaluation-invited');

    const done = await caseOf(h, caseNumber);
    expect(done.status).to.equal('completed');
    expect(done.result).to.equal('approved');
    expect(done.onTime).to.equal(true);
    expect(done.dueAt, 'an immediate case has no promised deadline').to.equal(null);
    expect(done.acceptedAt?.toISOString()).to.equal(new Date(MONDAY_MORNING).toISOString());
    expect(done.completedAt?.toISOString()).to.equal(new Date(MONDAY_MORNING).toISOString());
    expect(done.receivedAt.toISOString()).to.equal(new Date(MONDAY_MORNING).toISOString());

    const [completion] = await awaitNotices(h, caseNumber, 'completion');
    expect(completion.title).to.equal('办结通知书');
    const text = plain(completion.html);
    expect(text).to.contain(caseNumber);
    expect(text).to.contain('个体工商户变更登记（名称变更）');

    const outbox = await outboxOf(h, caseNumber);
    const toApplicant = outbox.filter((m) => m.channel === 'inapp' && m.recipient === `case:${caseNumber}`);
    expect(toApplicant.some((m) => m.noticeId === completion.id), 'the 办结通知 reaches the applicant').to.equal(true);
    expect(toApplicant.filter((m) => m.subject?.startsWith('邀请你评价'))).to.have.length(1);
    // nothing else: no acceptance notice, no deadline, no supervision for a case handled at once
    expect((await h.store.notices.listForCase(done.id)).map((n) => n.kind)).to.deep.equal(['completion']);
    expect(await h.store.supervision.listForCase(done.id)).to.deep.equal([]);

    // the applicant rates the service and the procedure ends
    await h.engine.client.publishMessage({ name: 'evaluation-submitted', correlationKey: caseNumber, variables: { rating: 'very-satisfied', comment: '当场办结' } });
    await h.ended(key);
    expect((await h.store.evaluations.get(done.id))?.level).to.equal('very-satisfied');
  });
});
