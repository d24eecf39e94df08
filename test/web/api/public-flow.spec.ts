import { expect } from 'chai';
import type { Case, Complaint } from '../../../domain/store/index.js';
import { createWorkers } from '../../../workers/index.js';
import { awaitChild, awaitEvents, caseOf, ORGANISATION, startCase } from '../../support/case-flow.js';
import { ONLINE_COMPLAINT } from '../../support/complaint-form.js';
import { bodyAs, startWebSystem, type WebSystem } from '../../support/web-system.js';

/** The public API against the whole system: the real engine, every diagram, every worker. */

// Monday 2 November 2026, 10:00 China time
const START = '2026-11-02T02:00:00Z';

const complaint = ONLINE_COMPLAINT;

describe('web/api public, end to end', function () {
  this.timeout(60_000);
  let h: WebSystem;
  afterEach(async () => {
    await h?.stop();
  });

  /** The code the applicant was sent in-app with the receipt (case-register, complaint-register). */
  async function codeSentTo(recipient: string): Promise<string> {
    return h.until(`the code sent to ${recipient}`, async () => {
      const receipt = (await h.store.outbox.forRecipient(recipient, 'inapp')).find((m) => /查询码：\d{6}/.test(m.body));
      return receipt && /查询码：(\d{6})/.exec(receipt.body)![1];
    });
  }

  it('should register an online complaint end to end, answer its number and code once, and limit submissions per address', async () => {
    h = await startWebSystem({ start: START, config: { complaintRateLimit: 1 } });
    const browser = await h.web.anonymous();

    const res = await browser.post('/api/public/complaints', { ...complaint, complaintChannel: 'oral', submissionKey: 'flow-0000000000000001' });

    expect(res.status).to.equal(201);
    const receipt = bodyAs<{ complaintNumber: string; verificationCode: string; sentTo: { sms: string | null } }>(res);
    expect(receipt.complaintNumber).to.match(/^TS20261102-\d{4}$/);
    expect(receipt.verificationCode).to.match(/^\d{6}$/);
    // no SMS gateway configured: the receipt does not claim one
    expect(receipt.sentTo.sms).to.equal(null);

    // registered as an online complaint, whatever the page said, and its process started with the number
    const stored = (await h.store.complaints.getByNumber(receipt.complaintNumber)) as Complaint;
    expect(stored).to.deep.include({ channel: 'online', targetDepartmentCode: 'GA', groundItem: '1.3' });
    const triage = await h.task('triage', { processInstanceKey: stored.processInstanceKey! });
    expect(triage.processInstanceKey).to.equal(stored.processInstanceKey);
    const [submitted] = await h.store.audit.forTarget('complaint', stored.id).then((entries) => entries.filter((e) => e.action === 'complaint.submit-online'));
    expect(submitted.detail).to.deep.include({ complaintNumber: receipt.complaintNumber, ip: '127.0.0.1' });

    // the complainant follows it with the code on the receipt
    const followed = await browser.post('/api/public/complaints/lookup', { complaintNumber: receipt.complaintNumber, verificationCode: receipt.verificationCode });
    expect(followed.status).to.equal(200);
    expect(followed.body).to.include({ status: 'registered', channel: 'online' });

    // a second complaint from the same address within the window is refused, and starts nothing
    const again = await (await h.web.anonymous()).post('/api/public/complaints', { ...complaint, submissionKey: 'flow-0000000000000002' });
    expect(again.status).to.equal(429);
    expect(again.body.code).to.equal('rate-limited');
    expect(await h.store.complaints.list()).to.have.length(1);
  });

  /** 个体工商户变更登记 (即办件) handled on the spot; answers once the applicant is invited to rate. */
  async function completedCase(): Promise<{ key: string; theCase: Case; code: string }> {
    const { key, caseNumber } = await startCase(h, 'immediate-case', {
      itemCode: 'SCJG-001',
      materials: ['application', 'id-card', 'business-license', 'power-of-attorney'].map((code) => ({ code, provided: true })),
    });
    await h.complete(await h.task('materialCheck', { processInstanceKey: key }), {
      verifiedMaterials: ['application', 'id-card', 'business-license', 'power-of-attorney'],
      materialsComplete: true,
      fixedOnSpot: '',
    });
    await h.complete(await h.task('acceptanceDecision', { processInstanceKey: key }), { accepted: true });
    await h.complete(await h.task('handleOnTheSpot', { processInstanceKey: key }), { decision: 'approve', opinion: '材料齐全，准予变更登记。' });
    await awaitEvents(h, caseNumber, 'evaluation-invited');
    return { key, theCase: await caseOf(h, caseNumber), code: await codeSentTo(`case:${caseNumber}`) };
  }

  it('should take one rating per case: the rating reaches the evaluation process, a second one is refused as a duplicate', async () => {
    h = await startWebSystem({ start: START });
    const { key, theCase, code } = await completedCase();
    const browser = await h.web.anonymous();
    const looked = await browser.post('/api/public/lookup', { caseNumber: theCase.caseNumber, verificationCode: code });
    expect(looked.body).to.include({ status: 'completed', statusLabel: '已办结' });

    // the workers are held back, so nothing is recorded yet: only the engine knows of the first rating
    await h.workers.stop();
    const first = await browser.post('/api/public/rating', { caseNumber: theCase.caseNumber, verificationCode: code, rating: 'basically-satisfied', comment: '等候时间稍长' });
    const second = await browser.post('/api/public/rating', { caseNumber: theCase.caseNumber, verificationCode: code, rating: 'very-dissatisfied' });

    expect(first.status).to.equal(202);
    expect(first.body).to.deep.equal({ caseNumber: theCase.caseNumber, rating: 'basically-satisfied', status: 'submitted' });
    // refused by the engine: a message with this case's messageId is still buffered
    expect(second.status).to.equal(409);
    expect(second.body).to.include({ code: 'conflict', detail: '该办件已经评价过，每件只能评价一次' });

    // the workers come back and record the one rating
    const workers = createWorkers({ camunda: h.engine.client, deps: h.deps });
    try {
      await h.ended(key);
      const evaluation = await h.until('the rating', () => h.store.evaluations.get(theCase.id));
      expect(evaluation).to.deep.include({ level: 'basically-satisfied', comment: '等候时间稍长', followUpState: null });
      expect((await h.store.cases.events(theCase.id)).filter((e) => e.kind === 'rated')).to.have.length(1);
    } finally {
      await workers.stop();
    }

    // once recorded, the store answers for it
    const later = await browser.post('/api/public/rating', { caseNumber: theCase.caseNumber, verificationCode: code, rating: 'satisfied' });
    expect(later.status).to.equal(409);
    expect((await h.store.audit.forTarget('case', theCase.id)).filter((e) => e.action === 'case.rating-submitted')).to.have.length(1);
  });

  it('should hand the applicant’s supplement to the open supplement notice once, however often it is submitted', async () => {
    h = await startWebSystem({ start: START });
    const item = (await h.store.catalogue.getItem('MZ-002'))!;
    const handedIn = ['application', 'charter', 'capital-proof', 'leader-info'];
    const { key, caseNumber } = await startCase(h, 'promised-case', {
      itemCode: 'MZ-002',
      applicant: ORGANISATION,
      materials: item.materials.map((m) => ({ code: m.code, provided: handedIn.includes(m.code) })),
    });
    await h.complete(await h.task('materialCheck', { processInstanceKey: key }), {
      verifiedMaterials: ['application', 'charter', 'leader-info'],
      materialsComplete: false,
      missing: [
        { code: 'sponsor-approval', reason: '未提交业务主管单位的批准文件' },
        { code: 'meeting-minutes', reason: '未提交发起人会议纪要' },
      ],
      fixedOnSpot: '',
    });
    await h.complete(await h.task('confirmNotice'), { noticeDelivery: 'online', supplementDays: 10, noticeNote: '', notifiedOnce: true });
    const child = await awaitChild(h, key, 'supplement', 'supplementDueAt');
    const code = await codeSentTo(`case:${caseNumber}`);
    const browser = await h.web.anonymous();

    // the lookup shows the notice and that the clock stands still
    const looked = await browser.post('/api/public/lookup', { caseNumber, verificationCode: code });
    expect(looked.body).to.include({ suspended: true });
    const [notice] = bodyAs<{ notices: Array<{ number: string; title: string }> }>(looked).notices.filter((n) => n.title === '补齐申请材料通知书');

    // two working days later the applicant supplies the rest online, and the page submits twice
    await h.setTime('2026-11-04T02:00:00Z');
    const materials = item.materials.map((m) => ({ code: m.code, provided: true }));
    const [first, second] = await Promise.all([
      browser.post('/api/public/supplements', { caseNumber, verificationCode: code, materials }),
      browser.post('/api/public/supplements', { caseNumber, verificationCode: code, materials }),
    ]);
    expect([first.status, second.status]).to.deep.equal([202, 202]);
    expect(first.body).to.deep.equal({ caseNumber, noticeNumber: notice.number, status: 'received' });
    expect(second.body).to.deep.equal(first.body);

    // correlated once: the notice's wait ended, the clock resumed once, the materials are the case's
    await h.ended(child);
    const [resumed] = await awaitEvents(h, caseNumber, 'clock-resumed');
    expect((resumed.detail as { workingDays: number }).workingDays).to.equal(2);
    await h.task('materialCheck', { processInstanceKey: key });
    expect((await h.variables(key)).materials).to.deep.equal(materials);
    const theCase = await caseOf(h, caseNumber);
    expect((await h.store.cases.events(theCase.id)).filter((e) => e.kind === 'clock-resumed')).to.have.length(1);
    expect((await h.store.audit.forTarget('case', theCase.id)).filter((e) => e.action === 'case.supplement-submitted')).to.have.length(1);

    // submitted again later: the same answer, nothing correlated again
    const late = await browser.post('/api/public/supplements', { caseNumber, verificationCode: code, materials });
    expect(late.status).to.equal(202);
    expect((await h.store.cases.events(theCase.id)).filter((e) => e.kind === 'clock-resumed')).to.have.length(1);
  });
});
