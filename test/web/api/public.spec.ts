import { expect } from 'chai';
import { seedCatalogue } from '../../../domain/catalogue/catalogue.js';
import { hashVerificationCode } from '../../../domain/privacy/verification-code.js';
import type { Case, Complaint } from '../../../domain/store/index.js';
import { registeredComplaintWithCode } from '../../support/public-case.js';
import { bodyAs } from '../../support/web-system.js';
import { startWebHarness, type ApiClient, type WebHarness } from '../../support/web.js';

interface GuideItem {
  code: string;
  name: string;
  caseTypeLabel: string;
  department: { code: string; name: string; location: string };
  legalBasis: string;
  conditions: string[];
  materials: Array<{ code: string; name: string; required: boolean; sample: string | null }>;
  timeLimit: { statutoryDays: number; promisedDays: number; text: string };
  fees: Array<{ code: string; amountFen: number; basis: string }>;
  result: string;
  window: string;
  jointDepartments: Array<{ code: string }>;
}

interface CaseLookup {
  caseNumber: string;
  itemName: string;
  department: { name: string; location: string };
  applicantName: string;
  stage: string;
  status: string;
  statusLabel: string;
  acceptedAt: string | null;
  dueAt: string | null;
  completedAt: string | null;
  messages: Array<{ subject: string | null; body: string }>;
  notices: Array<{ number: string; title: string }>;
}

const CODE = '246810';

describe('web/api public', () => {
  let web: WebHarness;
  let browser: ApiClient;

  beforeEach(async () => {
    web = await startWebHarness({ config: { lookupRateLimit: 50 } });
    await web.store.catalogue.publish(seedCatalogue(), web.now());
    browser = web.client();
    await browser.fetchCsrfToken();
  });
  afterEach(() => web.stop());

  /** 社会团体成立登记 by 县书法家协会, accepted, with its acceptance notice and in-app messages */
  async function acceptedCase(): Promise<Case> {
    const c = await web.store.cases.create({
      itemCode: 'MZ-002',
      caseType: 'promised',
      departmentCode: 'MZ',
      applicant: { kind: 'organisation', name: '县书法家协会', idNumber: null, phone: '13900139000', email: null },
      actor: 'test',
      verificationHash: await hashVerificationCode(CODE),
    });
    await web.store.cases.update(c.id, {
      status: 'accepted',
      stage: '部门审查',
      acceptedAt: new Date('2026-11-26T02:00:00Z'),
      dueAt: new Date('2026-12-24T09:30:00Z'),
    });
    await web.store.outbox.enqueue({ channel: 'inapp', recipient: `case:${c.caseNumber}`, subject: `受理回执（${c.caseNumber}）`, body: `办件编号：${c.caseNumber}\n查询码：${CODE}`, caseId: c.id, idempotencyKey: 'receipt' });
    await web.store.outbox.enqueue({ channel: 'sms', recipient: '13900139000', body: 'sms copy', caseId: c.id, idempotencyKey: 'sms' });
    await web.store.outbox.enqueue({ channel: 'inapp', recipient: 'group:supervision', body: 'not for the applicant', caseId: c.id, idempotencyKey: 'group' });
    await web.store.notices.issue({ caseId: c.id, kind: 'acceptance', numberPrefix: 'SL', title: '受理通知书', html: '<p>受理</p>', idempotencyKey: 'acceptance' });
    return (await web.store.cases.get(c.id))!;
  }

  describe('guide', () => {
    it('should publish every item with its five disclosures: basis, conditions, materials with samples, time limit, fees with basis, result, window', async () => {
      const res = await browser.get('/api/public/guide');
      expect(res.status).to.equal(200);
      const guide = bodyAs<{ items: GuideItem[]; departments: Array<{ code: string }>; total: number }>(res);
      expect(guide.total).to.equal(seedCatalogue().items.length);
      expect(guide.departments.map((d) => d.code)).to.include.members(['MZ', 'ZJ', 'ZRZY']);

      const transfer = guide.items.find((i) => i.code === 'ZRZY-001')!;
      expect(transfer.legalBasis).to.not.equal('');
      expect(transfer.conditions).to.not.be.empty;
      expect(transfer.materials.map((m) => m.code)).to.include('title-certificate');
      expect(transfer.materials.some((m) => m.sample !== null)).to.equal(true);
      expect(transfer.timeLimit.promisedDays).to.be.greaterThan(0);
      expect(transfer.timeLimit.text).to.match(/^法定 \d+ 个工作日，承诺 \d+ 个工作日$/);
      expect(transfer.fees.map((f) => f.code)).to.deep.equal(['registration', 'extra-certificate']);
      expect(transfer.fees.every((f) => f.basis !== '')).to.equal(true);
      expect(transfer.result).to.not.equal('');
      expect(transfer.department).to.deep.equal({ code: 'ZRZY', name: '县自然资源局', location: '二楼 C区 15–16号窗口' });
      expect(transfer.caseTypeLabel).to.equal('承诺件');
      expect(guide.items.find((i) => i.code === 'ZJ-001')!.jointDepartments.length).to.be.greaterThan(0);
    });

    it('should find items by department and by keyword in name, basis, conditions or materials', async () => {
      const mz = bodyAs<{ items: GuideItem[] }>(await browser.get('/api/public/guide?department=MZ'));
      expect(mz.items.map((i) => i.code)).to.deep.equal(['MZ-001', 'MZ-002']);

      const byName = bodyAs<{ items: GuideItem[] }>(await browser.get(`/api/public/guide?q=${encodeURIComponent('结婚')}`));
      expect(byName.items.map((i) => i.code)).to.deep.equal(['MZ-001']);

      const byMaterial = bodyAs<{ items: GuideItem[] }>(await browser.get(`/api/public/guide?q=${encodeURIComponent('验资')}`));
      expect(byMaterial.items.map((i) => i.code)).to.include('MZ-002');

      const both = bodyAs<{ items: GuideItem[]; total: number }>(await browser.get(`/api/public/guide?department=GA&q=${encodeURIComponent('结婚')}`));
      expect(both).to.deep.include({ items: [], total: 0 });

      const bad = await browser.get('/api/public/guide?department=mz');
      expect(bad.status).to.equal(400);
      expect(bad.body).to.include({ code: 'validation', field: 'department', in: 'query' });
    });
  });

  describe('case lookup', () => {
    it("should show the case to whoever holds its number and code: item, stage, dates, the applicant's messages and notices, the name masked", async () => {
      const c = await acceptedCase();

      const res = await browser.post('/api/public/lookup', { caseNumber: c.caseNumber, verificationCode: CODE });

      expect(res.status).to.equal(200);
      const found = bodyAs<CaseLookup>(res);
      expect(found).to.deep.include({
        caseNumber: c.caseNumber,
        itemName: '社会团体成立登记',
        applicantName: '县书**协会',
        stage: '部门审查',
        status: 'accepted',
        statusLabel: '已受理',
        acceptedAt: '2026-11-26T02:00:00.000Z',
        dueAt: '2026-12-24T09:30:00.000Z',
        completedAt: null,
      });
      expect(found.department).to.deep.include({ name: '县民政局', location: '一楼 B区 9号窗口' });
      // only what was sent to the applicant in-app, not the SMS copy or a section's inbox
      expect(found.messages.map((m) => m.subject)).to.deep.equal([`受理回执（${c.caseNumber}）`]);
      expect(found.notices.map((n) => n.title)).to.deep.equal(['受理通知书']);
      expect(JSON.stringify(found)).to.not.contain('13900139000').and.not.contain('县书法家协会');
    });

    it('should answer a wrong code exactly as an unknown case number, revealing nothing', async () => {
      const c = await acceptedCase();

      const wrongCode = await browser.post('/api/public/lookup', { caseNumber: c.caseNumber, verificationCode: '135790' });
      const unknown = await browser.post('/api/public/lookup', { caseNumber: 'SH20261126-0999', verificationCode: CODE });

      expect(wrongCode.status).to.equal(404);
      expect(unknown.status).to.equal(404);
      expect(wrongCode.body).to.deep.equal(unknown.body);
      expect(wrongCode.body).to.include({ code: 'not-found', detail: '未找到该办件，请核对办件编号和查询码' });
      expect(JSON.stringify(wrongCode.body)).to.not.contain(c.caseNumber);
    });

    it('should not open a case that has no code (registered at the window before codes were given)', async () => {
      const c = await web.store.cases.create({
        itemCode: 'MZ-001',
        caseType: 'immediate',
        departmentCode: 'MZ',
        applicant: { kind: 'person', name: '张明', idNumber: null, phone: null, email: null },
        actor: 'test',
      });
      expect((await browser.post('/api/public/lookup', { caseNumber: c.caseNumber, verificationCode: '000000' })).status).to.equal(404);
    });
  });

  describe('complaint lookup', () => {
    async function repliedComplaint(): Promise<Complaint> {
      const c = await registeredComplaintWithCode(web.store, CODE);
      await web.store.complaints.update(c.id, {
        status: 'replied',
        route: 'center',
        replyDueAt: new Date('2026-12-03T09:30:00Z'),
        replyKind: 'written',
        replyText: '经核查情况属实，已对窗口人员批评教育。',
        repliedAt: new Date('2026-11-27T03:00:00Z'),
        verified: true,
      });
      await web.store.outbox.enqueue({ channel: 'inapp', recipient: `complaint:${c.complaintNumber}`, subject: '投诉登记回执', body: `投诉编号：${c.complaintNumber}`, idempotencyKey: 'c-receipt' });
      return c;
    }

    it('should show the complainant the status and the reply, and answer anyone else 404', async () => {
      const c = await repliedComplaint();

      const res = await browser.post('/api/public/complaints/lookup', { complaintNumber: c.complaintNumber, verificationCode: CODE });
      const wrong = await browser.post('/api/public/complaints/lookup', { complaintNumber: c.complaintNumber, verificationCode: '999999' });

      expect(res.status).to.equal(200);
      expect(res.body).to.deep.include({
        complaintNumber: c.complaintNumber,
        complainantName: '王*',
        status: 'replied',
        statusLabel: '已答复',
        ground: '不热情服务：未一次性告知所需材料，造成多次往返',
        replyDueAt: '2026-12-03T09:30:00.000Z',
        reply: { kind: 'written', text: '经核查情况属实，已对窗口人员批评教育。', repliedAt: '2026-11-27T03:00:00.000Z' },
      });
      expect(bodyAs<{ messages: Array<{ subject: string }> }>(res).messages.map((m) => m.subject)).to.deep.equal(['投诉登记回执']);
      expect(JSON.stringify(res.body)).to.not.contain('13812345678');
      expect(wrong.status).to.equal(404);
      expect(wrong.body).to.include({ code: 'not-found' });
    });
  });

  describe('rating and supplements refused before the engine is asked', () => {
    it('should refuse a rating before the case is completed, a second rating, and one after the 30-day rating period', async () => {
      const c = await acceptedCase();
      const rating = { caseNumber: c.caseNumber, verificationCode: CODE, rating: 'satisfied' };

      const early = await browser.post('/api/public/rating', rating);
      expect(early.status).to.equal(409);
      expect(early.body).to.include({ code: 'conflict', detail: '办件办结后才能评价' });

      await web.store.cases.update(c.id, { status: 'completed', completedAt: new Date('2026-10-20T02:00:00Z'), onTime: true, result: 'approved' });
      const late = await browser.post('/api/public/rating', rating);
      expect(late.body).to.include({ code: 'conflict', detail: '评价期已过（办结后 30 日内可评价）' });

      await web.store.evaluations.rate({ caseId: c.id, level: 'very-satisfied' });
      const second = await browser.post('/api/public/rating', rating);
      expect(second.body).to.include({ code: 'conflict', detail: '该办件已经评价过，每件只能评价一次' });

      const wrongCode = await browser.post('/api/public/rating', { ...rating, verificationCode: '111111' });
      expect(wrongCode.status).to.equal(404);
      const badLevel = await browser.post('/api/public/rating', { ...rating, rating: 'great' });
      expect(badLevel.body).to.include({ code: 'validation', field: 'rating' });
    });

    it("should refuse a supplement when no notice waits for one, and a material that is not the item's", async () => {
      const c = await acceptedCase();
      const supplement = { caseNumber: c.caseNumber, verificationCode: CODE, materials: [{ code: 'charter', provided: true }] };

      const none = await browser.post('/api/public/supplements', supplement);
      expect(none.status).to.equal(409);
      expect(none.body).to.include({ code: 'conflict' });

      await web.store.notices.issue({ caseId: c.id, kind: 'supplement', numberPrefix: 'BZ', title: '补齐申请材料通知书', html: '', idempotencyKey: 'supplement' });
      const unrelated = await browser.post('/api/public/supplements', { ...supplement, materials: [{ code: 'charter', provided: true }, { code: 'marriage-certificate', provided: true }] });
      expect(unrelated.status).to.equal(400);
      expect(unrelated.body).to.include({ code: 'validation', field: 'materials.1.code', in: 'body' });
      // nothing was recorded as received
      expect((await web.store.audit.search({ limit: 10, offset: 0, action: 'case.supplement-submitted' })).total).to.equal(0);
    });
  });

  describe('online complaint refused by its form', () => {
    it('should name the field the complaint-registration form refuses, and store nothing', async () => {
      const res = await browser.post('/api/public/complaints', {
        submissionKey: 'refused-00000000000001',
        complainant: { name: '王五', phone: '12345', address: '' },
        ground: 'poor-service.rude',
        isMajor: false,
        targetWindow: '县公安局（户政）',
        targetStaff: '',
        relatedCaseNumber: '',
        complaintContent: '太短',
      });
      expect(res.status).to.equal(400);
      expect(res.body.code).to.equal('validation');
      expect(res.body.errors!.map((e) => e.field)).to.have.members(['complainant.phone', 'complaintContent']);
      expect((await web.store.audit.search({ limit: 10, offset: 0, action: 'complaint.submit-online' })).total).to.equal(0);
      expect(await web.store.complaints.list()).to.deep.equal([]);
      expect(await web.store.outbox.list()).to.deep.equal([]);
    });
  });

  describe('rate limits', () => {
    it('should count every code check (case and complaint look-ups, ratings, supplements) against one limit per address', async () => {
      await web.stop();
      web = await startWebHarness({ config: { lookupRateLimit: 3 } });
      browser = web.client();
      await browser.fetchCsrfToken();
      const code = { verificationCode: CODE };
      expect((await browser.post('/api/public/lookup', { caseNumber: 'SH20261126-0001', ...code })).status).to.equal(404);
      expect((await browser.post('/api/public/complaints/lookup', { complaintNumber: 'TS20261126-0001', ...code })).status).to.equal(404);
      expect((await browser.post('/api/public/rating', { caseNumber: 'SH20261126-0001', ...code, rating: 'satisfied' })).status).to.equal(404);

      const fourth = await browser.post('/api/public/supplements', { caseNumber: 'SH20261126-0001', ...code, materials: [{ code: 'charter', provided: true }] });
      expect(fourth.status).to.equal(429);
      expect(fourth.body.code).to.equal('rate-limited');
      // the guide is not limited
      expect((await browser.get('/api/public/guide')).status).to.equal(200);
    });
  });
});
