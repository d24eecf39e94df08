import { expect } from 'chai';
import { seedCatalogue } from '../../../domain/catalogue/catalogue.js';
import { verifyVerificationCode } from '../../../domain/privacy/verification-code.js';
import type { Case } from '../../../domain/store/index.js';
import type { Receipt } from '../../../web/intake/receipt.js';
import { bodyAs, startWebOn, startWebSystem, type WebSystem } from '../../support/web-system.js';
import { startWebHarness, type ApiClient, type WebHarness } from '../../support/web.js';

/** 收件登记 and 网上申报 through the API: the store, the engine and the inbox they reach. */

// Thursday 26 November 2026, 10:00 China time
const START = '2026-11-26T02:00:00Z';

interface Registration {
  caseNumber: string;
  processInstanceKey: string;
  receipt: Receipt;
}

interface InboxPage {
  tasks: Array<{ name: string; elementId: string; caseNumber: string | null; processInstanceKey: string }>;
}

const PERSON = { kind: 'person', name: '张明', idNumber: '110101199003070011', phone: '13800138000' };
const ORGANISATION = { kind: 'organisation', name: '县书法家协会', creditCode: '51530000MJ0018001X', contact: '王五', phone: '0874-3100999' };
/** 社会团体成立登记 (承诺件, 民政局), which may also be applied for online */
const MZ_002 = 'MZ-002';

let keys = 0;
const newKey = () => `registration-key-${Date.now()}-${++keys}`;

function windowRegistration(overrides: Record<string, unknown> = {}) {
  return {
    registrationKey: newKey(),
    itemCode: MZ_002,
    applicant: ORGANISATION,
    materials: [
      { code: 'application', provided: true, originals: 1, copies: 0 },
      { code: 'charter', provided: true, originals: 1, copies: 2, note: '章程草案' },
    ],
    ...overrides,
  };
}

describe('web/api intake', function () {
  this.timeout(60_000);

  describe('against the whole system', () => {
    let h: WebSystem;
    let clerk: ApiClient;

    before(async () => {
      h = await startWebSystem({ start: START });
      clerk = await h.web.as('mz-clerk-a');
    });

    after(async () => {
      await h?.stop();
    });

    async function caseOf(caseNumber: string): Promise<Case> {
      const found = await h.store.cases.getByNumber(caseNumber);
      expect(found, caseNumber).to.not.equal(undefined);
      return found!;
    }

    it('should register a walk-in case, start its process, and put 材料审查 in the window\'s inbox at once', async () => {
      const request = windowRegistration();

      const res = await clerk.post('/api/intake/cases', request);

      expect(res.status).to.equal(201);
      const { caseNumber, processInstanceKey, receipt } = bodyAs<Registration>(res);
      expect(caseNumber).to.match(/^SH20261126-\d{4}$/);
      // the receipt carries what the applicant takes home, the numbers masked
      expect(receipt).to.deep.include({ caseNumber, centerName: '县政务服务中心', channel: 'window', channelLabel: '窗口收件', registeredBy: '王芳', reissued: false, window: '一楼 B区 9号窗口' });
      expect(receipt.applicant).to.deep.equal({ kind: 'organisation', name: '县书法家协会', identifier: '515300********001X', phone: '********0999', contact: '王五' });
      expect(receipt.item).to.deep.equal({ code: MZ_002, name: '社会团体成立登记', caseTypeLabel: '承诺件' });
      expect(receipt.department).to.deep.equal({ code: 'MZ', name: '县民政局', location: '一楼 B区 9号窗口' });
      expect(receipt.timeLimit.promisedDays).to.equal(20);
      expect(receipt.materials.find((m) => m.code === 'charter')).to.deep.include({ provided: true, originals: 1, copies: 2, note: '章程草案' });
      expect(receipt.materials.filter((m) => !m.provided).length).to.be.greaterThan(0);
      // the case is in the store with its process instance, and only the code's hash
      const stored = await caseOf(caseNumber);
      expect(stored).to.include({ processInstanceKey, itemCode: MZ_002, departmentCode: 'MZ', status: 'registered', stage: '登记' });
      expect(await verifyVerificationCode(receipt.verificationCode, stored.verificationHash!)).to.equal(true);
      const events = await h.store.cases.events(stored.id);
      expect(events.map((e) => [e.kind, e.actor])).to.deep.equal([
        ['registered', 'mz-clerk-a'],
        ['materials-received', 'mz-clerk-a'],
      ]);
      expect(events[1].detail).to.deep.equal({ channel: 'window', materials: request.materials });
      // the applicant's message carries number and code (in-app: no SMS configured)
      const messages = await h.store.outbox.list({ caseId: stored.id });
      expect(messages.map((m) => m.channel)).to.deep.equal(['inapp']);
      expect(messages[0].body).to.contain(caseNumber).and.contain(`查询码：${receipt.verificationCode}`);
      // the process adopted the case: case-register made no second one
      const task = await h.task('materialCheck', { processInstanceKey });
      expect(task).to.not.equal(undefined);
      expect((await h.store.cases.list({ departmentCode: 'MZ' })).filter((c) => c.itemCode === MZ_002)).to.have.length(1);
      // and the clerk sees it in the inbox
      const inbox = bodyAs<InboxPage>(await clerk.get('/api/tasks'));
      expect(inbox.tasks.find((t) => t.caseNumber === caseNumber)).to.deep.include({ name: '材料审查', processInstanceKey });
      // the applicant opens it with the printed code
      const looked = await (await h.web.anonymous()).post('/api/public/lookup', { caseNumber, verificationCode: receipt.verificationCode });
      expect(looked.status).to.equal(200);
      const [audit] = await h.store.audit.forTarget('case', stored.id);
      expect(audit).to.deep.include({ actor: 'mz-clerk-a', action: 'case.register' });
    });

    it('should register one case and start one process for a repeated request, answering a fresh code that replaces the first', async () => {
      const request = windowRegistration({ applicant: PERSON, itemCode: 'MZ-001', materials: [{ code: 'id-card', provided: true, originals: 1 }] });

      const [first, second] = await Promise.all([clerk.post('/api/intake/cases', request), clerk.post('/api/intake/cases', request)]);
      const third = await clerk.post('/api/intake/cases', request);

      expect([first.status, second.status].sort()).to.deep.equal([200, 201]);
      expect(third.status).to.equal(200);
      const answers = [first, second, third].map((r) => bodyAs<Registration>(r));
      expect(new Set(answers.map((a) => a.caseNumber)).size).to.equal(1);
      expect(new Set(answers.map((a) => a.processInstanceKey)).size).to.equal(1);
      expect(answers[2].receipt.reissued).to.equal(true);
      const stored = await caseOf(answers[0].caseNumber);
      // only the last code opens the case
      expect(await verifyVerificationCode(answers[2].receipt.verificationCode, stored.verificationHash!)).to.equal(true);
      const earlier = answers.slice(0, 2).map((a) => a.receipt.verificationCode).filter((c) => c !== answers[2].receipt.verificationCode);
      for (const code of earlier) expect(await verifyVerificationCode(code, stored.verificationHash!)).to.equal(false);
      const events = (await h.store.cases.events(stored.id)).map((e) => e.kind);
      expect(events.filter((k) => k === 'verification-code-reissued')).to.have.length(2);
      expect(events.filter((k) => k === 'materials-received')).to.have.length(1);
      // one process instance: one 材料审查
      await h.task('materialCheck', { processInstanceKey: answers[0].processInstanceKey });
      const instances = await h.engine.client.searchProcessInstances({ filter: { processDefinitionId: 'immediate-case' } });
      expect((instances.items as unknown as Array<{ processInstanceKey: string }>).filter((i) => String(i.processInstanceKey) === answers[0].processInstanceKey)).to.have.length(1);
      expect((await h.store.cases.list()).filter((c) => c.applicant.idNumber === PERSON.idNumber)).to.have.length(1);
      // the same key for another application is refused
      const reused = await clerk.post('/api/intake/cases', windowRegistration({ registrationKey: request.registrationKey }));
      expect(reused.status).to.equal(409);
    });

    it('should keep the case when the engine is down (503), and start it on the retry with the same key', async () => {
      let failures = 1;
      const flaky = new Proxy(h.engine.client, {
        get(target, property, receiver) {
          if (property === 'createProcessInstance' && failures > 0) {
            return () => {
              failures -= 1;
              return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:8080'));
            };
          }
          const value: unknown = Reflect.get(target, property, receiver);
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      const web = await startWebOn({ store: h.store, camunda: flaky, clock: () => h.now() });
      try {
        const browser = await web.as('mz-clerk-b');
        const request = windowRegistration();

        const down = await browser.post('/api/intake/cases', request);

        expect(down.status).to.equal(503);
        expect(down.body).to.include({ code: 'engine-unavailable' });
        expect(down.body.detail).to.contain('不会重复登记');
        const waiting = (await h.store.cases.list()).find((c) => c.applicant.contact === '王五' && c.processInstanceKey === null);
        expect(waiting, 'the case registered without a process').to.not.equal(undefined);

        const retried = await browser.post('/api/intake/cases', request);

        expect(retried.status).to.equal(200);
        const answer = bodyAs<Registration>(retried);
        expect(answer.caseNumber).to.equal(waiting!.caseNumber);
        expect((await caseOf(answer.caseNumber)).processInstanceKey).to.equal(answer.processInstanceKey);
        await h.task('materialCheck', { processInstanceKey: answer.processInstanceKey });
      } finally {
        await web.close();
      }
    });

    it('should take an online application for an item that allows it, and put its first task in the department window\'s inbox', async () => {
      const applicant = await h.web.anonymous();
      const formRes = await applicant.get(`/api/public/applications/form?item=${MZ_002}`);
      expect(formRes.status).to.equal(200);
      const { form, data } = bodyAs<{ form: { id: string }; data: { materials: Array<{ code: string; provided: boolean; note: string }> } }>(formRes);
      expect(form.id).to.equal('application-intake');

      const res = await applicant.post('/api/public/applications', {
        registrationKey: newKey(),
        itemCode: MZ_002,
        applicant: { kind: 'person', name: '李华', idNumber: '11010519491231002X', phone: '13912345678', email: '' },
        materials: data.materials.map((m) => ({ code: m.code, provided: m.code === 'application', note: '' })),
      });

      expect(res.status).to.equal(201);
      const { caseNumber, processInstanceKey, receipt } = bodyAs<Registration>(res);
      expect(receipt).to.deep.include({ channel: 'online', channelLabel: '网上申报', registeredBy: null });
      const stored = await caseOf(caseNumber);
      expect((await h.store.cases.events(stored.id)).map((e) => e.actor)).to.deep.equal(['申请人（网上）', '申请人（网上）']);
      await h.task('materialCheck', { processInstanceKey });
      const inbox = bodyAs<InboxPage>(await clerk.get('/api/tasks'));
      expect(inbox.tasks.find((t) => t.caseNumber === caseNumber)).to.deep.include({ name: '材料审查' });
    });
  });

  describe('refusals (nothing is stored, no engine reached)', () => {
    let web: WebHarness;

    before(async () => {
      web = await startWebHarness({ config: { applicationRateLimit: 3 } });
      await web.store.catalogue.publish(seedCatalogue(), web.now());
    });

    after(async () => {
      await web?.stop();
    });

    async function nothingStored(): Promise<void> {
      expect(await web.store.cases.list()).to.deep.equal([]);
      expect((await web.store.audit.search({ limit: 10, offset: 0, action: 'case.register' })).total).to.equal(0);
    }

    it('should refuse a resident ID or credit code whose check character does not match, naming the field', async () => {
      const clerk = web.client();
      await clerk.login('mz-clerk-a');

      const badId = await clerk.post('/api/intake/cases', windowRegistration({ applicant: { ...PERSON, idNumber: '110101199003070012' } }));
      const badCode = await clerk.post('/api/intake/cases', windowRegistration({ applicant: { ...ORGANISATION, creditCode: '51530000MJ0018001Y' } }));
      const noContact = await clerk.post('/api/intake/cases', windowRegistration({ applicant: { ...ORGANISATION, contact: '' }, materials: [{ code: 'nonsense', provided: true }] }));

      expect(badId.status).to.equal(400);
      expect(badId.body).to.include({ code: 'validation', field: 'applicant.idNumber' });
      expect(badId.body.detail).to.contain('校验位');
      expect(badCode.body).to.include({ code: 'validation', field: 'applicant.creditCode' });
      expect(noContact.body.errors!.map((e) => e.field)).to.deep.equal(['applicant.contact', 'materials.0.code']);
      await nothingStored();
    });

    it('should refuse an item of another department, and a joint item to anyone but its lead window', async () => {
      const clerk = web.client();
      await clerk.login('mz-clerk-a');
      const zjClerk = web.client();
      await zjClerk.login('zj-clerk-a');

      const foreign = await clerk.post('/api/intake/cases', windowRegistration({ itemCode: 'ZRZY-001' }));
      const joint = await zjClerk.post('/api/intake/cases', windowRegistration({ itemCode: 'ZJ-001' }));
      const reviewer = web.client();
      await reviewer.login('mz-reviewer');
      const wrongRole = await reviewer.post('/api/intake/cases', windowRegistration());

      expect(foreign.status).to.equal(403);
      expect(foreign.body.detail).to.contain('本部门');
      expect(joint.status).to.equal(403);
      expect(joint.body.detail).to.contain('牵头窗口');
      expect(wrongRole.status).to.equal(403);
      await nothingStored();
    });

    it('should offer a window only the items it registers, found by name or code', async () => {
      const clerk = web.client();
      await clerk.login('mz-clerk-a');
      const lead = web.client();
      await lead.login('zj-lead');

      const all = bodyAs<{ items: Array<{ code: string }> }>(await clerk.get('/api/intake/items'));
      const found = bodyAs<{ items: Array<{ code: string }> }>(await clerk.get(`/api/intake/items?q=${encodeURIComponent('社会团体')}`));
      const leads = bodyAs<{ items: Array<{ code: string }> }>(await lead.get('/api/intake/items'));
      const zjClerk = web.client();
      await zjClerk.login('zj-clerk-a');

      expect(all.items.map((i) => i.code)).to.deep.equal(['MZ-001', 'MZ-002']);
      expect(found.items.map((i) => i.code)).to.deep.equal(['MZ-002']);
      expect(leads.items.map((i) => i.code)).to.deep.equal(['ZJ-001']);
      expect(bodyAs<{ items: unknown[] }>(await zjClerk.get('/api/intake/items')).items).to.deep.equal([]);
      expect((await web.client().get('/api/intake/items')).status).to.equal(401);
    });

    it('should check an online application against the intake form and the identity rules, refuse items not open online, and limit submissions per address', async () => {
      const applicant = web.client();
      await applicant.fetchCsrfToken();
      const { data } = bodyAs<{ data: { materials: Array<{ code: string }> } }>(await applicant.get(`/api/public/applications/form?item=${MZ_002}`));
      const submission = (overrides: Record<string, unknown>) => ({
        registrationKey: newKey(),
        itemCode: MZ_002,
        applicant: { kind: 'person', name: '李华', idNumber: '11010519491231002X', phone: '13912345678', email: '' },
        materials: data.materials.map((m) => ({ code: m.code, provided: true, note: '' })),
        ...overrides,
      });

      const notOnline = await applicant.get('/api/public/applications/form?item=MZ-001');
      const byForm = await applicant.post('/api/public/applications', submission({ applicant: { kind: 'person', name: '', idNumber: '11010519491231002X', phone: '', email: '' } }));
      const byChecksum = await applicant.post('/api/public/applications', submission({ applicant: { kind: 'person', name: '李华', idNumber: '110105194912310021', phone: '13912345678', email: '' } }));
      const atWindowOnly = await applicant.post('/api/public/applications', submission({ itemCode: 'MZ-001' }));
      const limited = await applicant.post('/api/public/applications', submission({}));

      expect(notOnline.status).to.equal(404);
      expect(byForm.status).to.equal(400);
      expect(byForm.body.errors!.map((e) => e.field)).to.include.members(['applicant.name', 'applicant.phone']);
      expect(byChecksum.body).to.include({ code: 'validation', field: 'applicant.idNumber' });
      expect(atWindowOnly.body).to.include({ code: 'validation', field: 'itemCode' });
      expect(limited.status).to.equal(429);
      expect(limited.body.code).to.equal('rate-limited');
      await nothingStored();
    });
  });
});
