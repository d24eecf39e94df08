import type { CamundaRestClient } from '@camunda8/sdk';
import { expect } from 'chai';
import { createDispatcher } from '../../../domain/notify/index.js';
import type { Complaint } from '../../../domain/store/index.js';
import { createHttpSmsSender } from '../../../notify/index.js';
import { startSmsGateway, type TestSmsGateway } from '../../support/mail.js';
import { startScenario, type Scenario } from '../../support/scenario.js';
import { bodyAs, startWebOn, startWebSystem, type WebOn, type WebSystem } from '../../support/web-system.js';
import { ONLINE_COMPLAINT } from '../../support/complaint-form.js';
import type { ApiClient } from '../../support/web.js';

/**
 * 投诉登记 through the web app, online and at the complaint office, against the whole system:
 * the real engine, every diagram, every worker. The web app registers the complaint, then
 * starts its process; complaint-register adopts it.
 */

// Monday 2 November 2026, 10:00 China time; 5 working days on: Monday 9 November, 17:30
const START = '2026-11-02T02:00:00Z';
const REPLY_DUE = '2026-11-09T09:30:00.000Z';

const complaint = ONLINE_COMPLAINT;

interface Receipt {
  complaintNumber: string;
  verificationCode: string;
  channel: string;
  ground: string;
  registeredAt: string;
  replyDueAt: string | null;
  replyWorkingDays: number;
  sentTo: { sms: string | null; email: string | null };
  centerName: string;
}

let keys = 0;
const newKey = () => `test-submission-${String(++keys).padStart(6, '0')}`;

describe('web/api complaints (registration by the web app)', function () {
  this.timeout(60_000);
  let h: WebSystem;
  afterEach(async () => {
    await h?.stop();
  });

  async function lookUp(browser: ApiClient, complaintNumber: string, verificationCode: string) {
    return browser.post('/api/public/complaints/lookup', { complaintNumber, verificationCode });
  }

  /** the complaint with its process instance, once complaint-register has passed it on to triage */
  async function adopted(complaintNumber: string): Promise<Complaint> {
    const linked = (await h.store.complaints.getByNumber(complaintNumber))!;
    expect(linked.processInstanceKey).to.match(/^\d+$/);
    await h.task('triage', { processInstanceKey: linked.processInstanceKey! });
    return linked;
  }

  describe('online (/api/public/complaints)', () => {
    it('should answer the complaint number and its code, which finds the complaint with its reply limit on the lookup', async () => {
      h = await startWebSystem({ start: START });
      const browser = await h.web.anonymous();

      const res = await browser.post('/api/public/complaints', { ...complaint, submissionKey: newKey() });

      expect(res.status).to.equal(201);
      const receipt = bodyAs<Receipt>(res);
      expect(receipt).to.deep.include({
        channel: 'online',
        ground: '不热情服务：未一次性告知所需材料，造成多次往返',
        registeredAt: START.replace('Z', '.000Z'),
        replyDueAt: REPLY_DUE,
        replyWorkingDays: 5,
        centerName: '县政务服务中心',
      });
      expect(receipt.complaintNumber).to.match(/^TS20261102-\d{4}$/);
      expect(receipt.verificationCode).to.match(/^\d{6}$/);
      // no SMS gateway and no SMTP server configured: nothing is claimed to have been sent
      expect(receipt.sentTo).to.deep.equal({ sms: null, email: null });
      expect((await h.store.outbox.list()).map((m) => m.channel)).to.deep.equal(['inapp']);

      const found = await lookUp(browser, receipt.complaintNumber, receipt.verificationCode);
      expect(found.status).to.equal(200);
      expect(found.body).to.deep.include({ complaintNumber: receipt.complaintNumber, status: 'registered', statusLabel: '已登记', channel: 'online', replyDueAt: REPLY_DUE });

      // one process instance, which adopted the complaint: no second number, code or message
      const stored = await adopted(receipt.complaintNumber);
      expect(await h.store.complaints.list()).to.have.length(1);
      expect(await h.store.outbox.forRecipient(`complaint:${receipt.complaintNumber}`, 'inapp')).to.have.length(1);
      const variables = await h.variables(stored.processInstanceKey!);
      expect(variables).to.include({ complaintNumber: receipt.complaintNumber, complaintChannel: 'online' });
      // complaint-register links it only if it runs before the web app records the key
      const actions = (await h.store.audit.forTarget('complaint', stored.id)).map((e) => e.action).filter((a) => a !== 'complaint-process-linked');
      expect(actions).to.deep.equal(['complaint.submit-online', 'complaint.process-started']);
    });

    it('should answer a repeat of the same submission with the same complaint and a fresh code, registering and starting nothing more', async () => {
      h = await startWebSystem({ start: START });
      const browser = await h.web.anonymous();
      const submissionKey = newKey();

      const first = bodyAs<Receipt>(await browser.post('/api/public/complaints', { ...complaint, submissionKey }));
      const repeat = await browser.post('/api/public/complaints', { ...complaint, submissionKey });

      expect(repeat.status).to.equal(201);
      const second = bodyAs<Receipt>(repeat);
      expect(second.complaintNumber).to.equal(first.complaintNumber);
      expect(second.verificationCode).to.match(/^\d{6}$/);
      // the new code works; the one it replaced does not (unless chance drew the same digits)
      expect((await lookUp(browser, first.complaintNumber, second.verificationCode)).status).to.equal(200);
      if (second.verificationCode !== first.verificationCode) expect((await lookUp(browser, first.complaintNumber, first.verificationCode)).status).to.equal(404);

      const stored = await adopted(first.complaintNumber);
      expect(await h.store.complaints.list()).to.have.length(1);
      const triage = await h.engine.client.searchUserTasks({ filter: { elementId: 'triage' } });
      expect(triage.items).to.have.length(1);
      const actions = (await h.store.audit.forTarget('complaint', stored.id)).map((e) => e.action);
      expect(actions.filter((a) => a === 'complaint.process-started')).to.have.length(1);
      expect(actions.filter((a) => a === 'complaint.code-reissued')).to.have.length(1);
      // the in-app message with the code that works comes last
      const messages = await h.store.outbox.forRecipient(`complaint:${first.complaintNumber}`, 'inapp');
      expect(messages.at(-1)!.body).to.contain(`查询码：${second.verificationCode}`);

      // the same key with other answers is refused, and changes nothing
      const changed = await browser.post('/api/public/complaints', { ...complaint, complaintContent: '另一件事：窗口工作人员态度生硬，语言不文明。', submissionKey });
      expect(changed.status).to.equal(409);
      expect(changed.body.code).to.equal('conflict');
      expect((await lookUp(browser, first.complaintNumber, second.verificationCode)).status).to.equal(200);
    });

    it('should refuse a submission without its key or with fields the form refuses, naming the field and storing nothing', async () => {
      h = await startWebSystem({ start: START });
      const browser = await h.web.anonymous();

      const keyless = await browser.post('/api/public/complaints', complaint);
      const wrong = await browser.post('/api/public/complaints', { ...complaint, ground: 'fees.tips', complainant: { name: '', phone: '13812345678', address: '' }, submissionKey: newKey() });

      expect(keyless.status).to.equal(400);
      expect(keyless.body.field).to.equal('submissionKey');
      expect(wrong.status).to.equal(400);
      expect(wrong.body.errors!.map((e) => e.field)).to.have.members(['ground', 'complainant.name']);
      expect(await h.store.complaints.list()).to.deep.equal([]);
      expect(await h.store.outbox.list()).to.deep.equal([]);
      expect((await h.store.audit.search({ limit: 10, offset: 0, targetType: 'complaint' })).total).to.equal(0);
    });

    describe('with an SMS gateway', () => {
      let gateway: TestSmsGateway;
      before(async () => {
        gateway = await startSmsGateway();
      });
      after(async () => {
        await gateway.close();
      });

      it('should say the code went by SMS when the SMS channel is configured, and send it', async () => {
        h = await startWebSystem({ start: START, notifyChannels: ['sms'] });
        const browser = await h.web.anonymous();

        const receipt = bodyAs<Receipt>(await browser.post('/api/public/complaints', { ...complaint, submissionKey: newKey() }));

        expect(receipt.sentTo).to.deep.equal({ sms: '138****5678', email: null });
        const dispatcher = createDispatcher({ store: h.store, channels: { sms: createHttpSmsSender({ gatewayUrl: gateway.url, timeoutMs: 5000 }) }, clock: () => h.now(), log: () => {} });
        await dispatcher.runOnce();
        const [sms] = gateway.requests;
        expect(sms.to).to.equal('13812345678');
        expect(sms.text).to.contain(`投诉编号${receipt.complaintNumber}，查询码${receipt.verificationCode}`);
      });
    });
  });

  describe('at the complaint office (/api/complaints)', () => {
    const oral = { ...complaint, complaintChannel: 'oral' };

    it('should let only the complaint office register, and refuse everyone else before anything is stored', async () => {
      h = await startWebSystem({ start: START });

      const anonymous = await (await h.web.anonymous()).post('/api/complaints', { ...oral, submissionKey: newKey() });
      const clerk = await (await h.web.as('mz-clerk-a')).post('/api/complaints', { ...oral, submissionKey: newKey() });

      expect(anonymous.status).to.equal(401);
      expect(clerk.status).to.equal(403);
      expect(await h.store.complaints.list()).to.deep.equal([]);
    });

    it('should register an oral complaint with the clerk as actor, answer number and code for the receipt, and put its triage in the office inbox', async () => {
      h = await startWebSystem({ start: START });
      const office = await h.web.as('complaints');

      const res = await office.post('/api/complaints', { ...oral, submissionKey: newKey() });

      expect(res.status).to.equal(201);
      const receipt = bodyAs<Receipt>(res);
      expect(receipt).to.deep.include({ channel: 'oral', replyDueAt: REPLY_DUE });
      const stored = await adopted(receipt.complaintNumber);
      expect(stored).to.deep.include({ channel: 'oral', targetDepartmentCode: 'GA' });
      const [registered] = (await h.store.audit.forTarget('complaint', stored.id)).filter((e) => e.action === 'complaint.register-at-office');
      expect(registered.actor).to.equal('complaints');
      expect(registered.detail).to.deep.include({ complaintNumber: receipt.complaintNumber, channel: 'oral', address: '城关镇建设路12号' });
      expect((await lookUp(await h.web.anonymous(), receipt.complaintNumber, receipt.verificationCode)).body).to.include({ channel: 'oral' });

      type Listed = { elementId: string; name: string; processInstanceKey: string; caseNumber: string | null; complaint: unknown };
      const inbox = await h.until('投诉分流 in the office inbox', async () => {
        const page = bodyAs<{ tasks: Listed[] }>(await office.get('/api/tasks'));
        return page.tasks.find((t) => t.elementId === 'triage' && t.processInstanceKey === stored.processInstanceKey);
      });
      expect(inbox.name).to.equal('投诉分流');
      // the task names its complaint as a case task names its case, the complainant masked
      expect(inbox.caseNumber).to.equal(null);
      expect(inbox.complaint).to.deep.equal({ number: receipt.complaintNumber, complainant: '王*', ground: '不热情服务：未一次性告知所需材料，造成多次往返', replyDueAt: REPLY_DUE });
      const byNumber = bodyAs<{ tasks: Listed[] }>(await office.get(`/api/tasks?caseNumber=${receipt.complaintNumber}`));
      expect(byNumber.tasks.map((t) => t.elementId)).to.deep.equal(['triage']);
      const otherNumber = bodyAs<{ tasks: Listed[] }>(await office.get('/api/tasks?caseNumber=TS19990101'));
      expect(otherNumber.tasks).to.deep.equal([]);
    });

    it('should refuse a major complaint made orally with a field error, and an online one, storing nothing', async () => {
      h = await startWebSystem({ start: START });
      const office = await h.web.as('complaints');

      const major = await office.post('/api/complaints', { ...oral, isMajor: true, submissionKey: newKey() });
      const online = await office.post('/api/complaints', { ...oral, complaintChannel: 'online', submissionKey: newKey() });

      expect(major.status).to.equal(400);
      expect(major.body.field).to.equal('complaintChannel');
      expect(major.body.detail).to.contain('涉及事项较大的投诉应当采取书面形式');
      expect(online.status).to.equal(400);
      expect(online.body.field).to.equal('complaintChannel');
      expect(await h.store.complaints.list()).to.deep.equal([]);
      expect(await h.store.outbox.list()).to.deep.equal([]);

      // the same matter in writing is registered
      expect((await office.post('/api/complaints', { ...oral, isMajor: true, complaintChannel: 'written', submissionKey: newKey() })).status).to.equal(201);
    });
  });
});

describe('web/api complaints while the engine cannot start the process', function () {
  this.timeout(60_000);
  let s: Scenario;
  let web: WebOn;
  afterEach(async () => {
    await web?.close();
    await s?.stop();
  });

  it('should answer 503 in Chinese, and complete the same complaint when the page retries with its key', async () => {
    s = await startScenario({ start: START });
    let engineDown = true;
    // the engine refuses process starts while down; everything else reaches it
    const camunda = Object.create(s.engine.client) as CamundaRestClient;
    camunda.createProcessInstance = ((request: Parameters<CamundaRestClient['createProcessInstance']>[0]) => {
      if (engineDown) return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:8080'));
      return s.engine.client.createProcessInstance(request);
    });
    web = await startWebOn({ store: s.store, camunda, clock: () => s.now() });
    const browser = await web.anonymous();
    const submissionKey = newKey();

    const refused = await browser.post('/api/public/complaints', { ...complaint, submissionKey });

    expect(refused.status).to.equal(503);
    expect(refused.body.code).to.equal('engine-unavailable');
    expect(refused.body.detail).to.contain('请稍后再点「提交投诉」重试（不会重复登记）');
    const [waiting] = await s.store.complaints.list();
    expect(waiting.processInstanceKey).to.equal(null);

    engineDown = false;
    const retried = await browser.post('/api/public/complaints', { ...complaint, submissionKey });

    expect(retried.status).to.equal(201);
    const receipt = bodyAs<Receipt>(retried);
    expect(receipt.complaintNumber).to.equal(waiting.complaintNumber);
    expect(await s.store.complaints.list()).to.have.length(1);
    const started = (await s.store.complaints.getByNumber(receipt.complaintNumber))!;
    expect(started.processInstanceKey).to.match(/^\d+$/);
    await s.task('triage', { processInstanceKey: started.processInstanceKey! });
    expect((await browser.post('/api/public/complaints/lookup', { complaintNumber: receipt.complaintNumber, verificationCode: receipt.verificationCode })).status).to.equal(200);
  });
});
