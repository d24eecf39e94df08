import { expect } from 'chai';
import { seedCatalogue } from '../../domain/catalogue/catalogue.js';
import { createWebApp } from '../../web/app.js';
import { createLogger } from '../../web/log.js';
import { startWebServer } from '../../web/server.js';
import { sdkClient } from '../support/engine.js';
import { registeredCaseWithCode, registeredComplaintWithCode } from '../support/public-case.js';
import { ApiClient, expectRefusedToOthers, startWebHarness, type WebHarness } from '../support/web.js';

/**
 * Issue 11: the 6-digit 查询码 could be brute-forced (20 tries per address per 15 minutes, no
 * per-case limit, no lockout, no re-issue; IPv6 counted by /56). Now each number counts its
 * wrong codes from anywhere and locks with back-off, the window issues a new code, and an
 * address is an IPv4 address or an IPv6 /64.
 */

const CODE = '246810';
const WRONG = '000001';
const MINUTE = 60_000;

describe('security: 查询码 brute force', () => {
  let web: WebHarness;
  let browser: ApiClient;

  beforeEach(async () => {
    // the per-address limit out of the way: these tests are about the per-number one
    web = await startWebHarness({ config: { lookupRateLimit: 1000, lookupLockoutFailures: 5 } });
    await web.store.catalogue.publish(seedCatalogue(), web.now());
    browser = web.client();
    await browser.fetchCsrfToken();
  });
  afterEach(() => web.stop());

  const registeredCase = () => registeredCaseWithCode(web.store, CODE);

  const lookUp = (client: ApiClient, caseNumber: string, verificationCode: string) => client.post('/api/public/lookup', { caseNumber, verificationCode });

  it('should lock a case number after five wrong codes, refuse even the right code while locked, and open again after 15 minutes', async () => {
    const c = await registeredCase();

    // given four wrong codes: each the usual 404
    for (let i = 0; i < 4; i++) expect((await lookUp(browser, c.caseNumber, WRONG)).status).to.equal(404);

    // when the fifth is wrong
    const fifth = await lookUp(browser, c.caseNumber, WRONG);

    // then the applicant is told the number is locked, until when (China time), and that the window issues a new code
    expect(fifth.status).to.equal(429);
    expect(fifth.body.code).to.equal('rate-limited');
    expect(fifth.body.detail).to.equal(
      '查询码连续输错次数过多，该办件的网上查询已暂停，请于 2026-11-26 09:15 后再试；如忘记查询码，可携带身份证件到办件受理窗口重新领取查询码（原查询码随即失效）',
    );
    expect(fifth.body).to.include({ retryAt: '2026-11-26T01:15:00.000Z' });
    expect(fifth.headers.get('retry-after')).to.equal('900');

    // and from another browser even the right code is refused until then
    const other = web.client();
    await other.fetchCsrfToken();
    web.advance(14 * MINUTE);
    const locked = await lookUp(other, c.caseNumber, CODE);
    expect(locked.status).to.equal(429);
    expect(locked.headers.get('retry-after')).to.equal('60');
    // as are the other routes that check a code
    expect((await other.post('/api/public/notices', { caseNumber: c.caseNumber, verificationCode: CODE, noticeNumber: 'SL20261126-0001' })).status).to.equal(429);

    web.advance(MINUTE);
    expect((await lookUp(other, c.caseNumber, CODE)).status).to.equal(200);
  });

  it('should lock longer each time (15, 30, 60 minutes), and forget wrong codes once the right one is given', async () => {
    const c = await registeredCase();
    const lockFor = async () => {
      for (let i = 0; i < 4; i++) await lookUp(browser, c.caseNumber, WRONG);
      const res = await lookUp(browser, c.caseNumber, WRONG);
      expect(res.status).to.equal(429);
      return Number(res.headers.get('retry-after')) / 60;
    };
    expect(await lockFor()).to.equal(15);
    web.advance(15 * MINUTE);
    expect(await lockFor()).to.equal(30);
    web.advance(30 * MINUTE);
    expect(await lockFor()).to.equal(60);
    web.advance(60 * MINUTE);

    // the right code clears the count: four wrong, the right one, four wrong again is not five in a row
    const other = (await registeredCase()).caseNumber;
    for (let i = 0; i < 4; i++) await lookUp(browser, other, WRONG);
    expect((await lookUp(browser, other, CODE)).status).to.equal(200);
    for (let i = 0; i < 4; i++) expect((await lookUp(browser, other, WRONG)).status).to.equal(404);
    expect((await lookUp(browser, other, CODE)).status).to.equal(200);
  });

  it('should lock a number that does not exist the same way, so a lockout does not tell which numbers exist', async () => {
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await lookUp(browser, 'SH20261126-0999', WRONG));
    expect(answers.map((a) => a.status)).to.deep.equal([404, 404, 404, 404, 429]);
    expect(answers[4].body.detail).to.match(/^查询码连续输错次数过多，该办件的网上查询已暂停，请于 2026-11-26 09:15 后再试/);

    // complaints count per complaint number, with the complaint office as the place to go
    for (let i = 0; i < 4; i++) await browser.post('/api/public/complaints/lookup', { complaintNumber: 'TS20261126-0001', verificationCode: WRONG });
    const complaint = await browser.post('/api/public/complaints/lookup', { complaintNumber: 'TS20261126-0001', verificationCode: WRONG });
    expect(complaint.status).to.equal(429);
    expect(complaint.body.detail).to.contain('该投诉的网上查询已暂停').and.contain('到中心投诉处或致电投诉处重新领取查询码');
  });

  it('should let the complaint office re-issue a locked complaint\'s code: old code void, lock lifted, new code sent, audited; others refused', async () => {
    const c = await registeredComplaintWithCode(web.store, CODE);
    const lookUpComplaint = (code: string) => browser.post('/api/public/complaints/lookup', { complaintNumber: c.complaintNumber, verificationCode: code });
    for (let i = 0; i < 4; i++) await lookUpComplaint(WRONG);
    expect((await lookUpComplaint(WRONG)).status).to.equal(429);

    const path = `/api/complaints/${c.complaintNumber}/verification-code`;
    await expectRefusedToOthers(web, ['mz-clerk-a'], [['post', path, {}]]);

    const office = web.client();
    await office.login('complaints');
    const reissued = await office.post(path, {});
    expect(reissued.status).to.equal(201);
    const code = String((reissued.body as { verificationCode?: string }).verificationCode);
    expect(code).to.match(/^\d{6}$/).and.not.equal(CODE);

    // the new code went out as at filing, the old one opens nothing, the lock is gone
    const sent = (await web.store.outbox.list()).filter((m) => m.body.includes(code));
    expect(sent.length).to.be.greaterThan(0);
    expect((await lookUpComplaint(CODE)).status).to.equal(404);
    expect((await lookUpComplaint(code)).status).to.equal(200);
    const stored = await web.store.complaints.getByNumber(c.complaintNumber);
    expect(JSON.stringify(stored)).to.not.contain(code);
  });

  it('should count the wrong codes sent to every app instance on one database together', async () => {
    const c = await registeredCase();
    const second = await startWebServer(
      createWebApp({ store: web.store, camunda: sdkClient('http://127.0.0.1:9'), config: web.config, clock: () => web.now(), log: createLogger(() => {}) }),
      0,
      '127.0.0.1',
    );
    try {
      const there = new ApiClient(second.url);
      await there.fetchCsrfToken();
      // three wrong codes here, two there
      for (let i = 0; i < 3; i++) expect((await lookUp(browser, c.caseNumber, WRONG)).status).to.equal(404);
      expect((await lookUp(there, c.caseNumber, WRONG)).status).to.equal(404);
      expect((await lookUp(there, c.caseNumber, WRONG)).status).to.equal(429);
      // and the first instance holds the lock too
      expect((await lookUp(browser, c.caseNumber, CODE)).status).to.equal(429);
    } finally {
      await second.close();
    }
  });

  it("should let the case's window issue a new code: the old one stops working, the lock is lifted, the applicant is sent the new one, audited", async () => {
    const c = await registeredCase();
    for (let i = 0; i < 5; i++) await lookUp(browser, c.caseNumber, WRONG);

    // a reviewer of the department may read the case but not issue codes; another department's clerk does not see it
    const reviewer = web.client();
    await reviewer.login('mz-reviewer');
    expect((await reviewer.post(`/api/cases/${c.caseNumber}/verification-code`, {})).status).to.equal(403);
    const stranger = web.client();
    await stranger.login('zj-clerk-a');
    expect((await stranger.post(`/api/cases/${c.caseNumber}/verification-code`, {})).status).to.equal(404);

    // when the window clerk issues a new code
    const clerk = web.client();
    await clerk.login('mz-clerk-a');
    const issued = await clerk.post(`/api/cases/${c.caseNumber}/verification-code`, {});

    // then
    expect(issued.status).to.equal(201);
    const { verificationCode, sentBy } = issued.body as unknown as { verificationCode: string; sentBy: string[] };
    expect(verificationCode).to.match(/^\d{6}$/);
    expect(sentBy).to.include('inapp');
    expect((await lookUp(browser, c.caseNumber, CODE)).status).to.equal(404);
    const found = await lookUp(browser, c.caseNumber, verificationCode);
    expect(found.status).to.equal(200);
    const sent = (await web.store.outbox.forRecipient(`case:${c.caseNumber}`, 'inapp')).map((m) => m.body);
    expect(sent.some((body) => body.includes(`查询码：${verificationCode}`) && body.includes('原查询码不再有效'))).to.equal(true);
    const audit = await web.store.db.selectFrom('audit_log').select(['actor', 'action', 'detail']).where('action', '=', 'case.verification-code-reissued').execute();
    expect(audit).to.have.length(1);
    expect(audit[0].actor).to.equal('mz-clerk-a');
    expect(audit[0].detail).to.not.contain(verificationCode);
    const events = await web.store.cases.events(c.id);
    expect(events.map((e) => e.kind)).to.include('verification-code-reissued');
  });

  it('should count an IPv6 client by its /64 and an IPv4 client by its address', async () => {
    await web.stop();
    web = await startWebHarness({ config: { lookupRateLimit: 2, trustProxy: 'loopback' } });
    const from = async (address: string) => {
      const client = web.client();
      await client.fetchCsrfToken();
      return (await client.post('/api/public/lookup', { caseNumber: `SH20261126-00${address.length}`, verificationCode: WRONG }, { headers: { 'x-forwarded-for': address } })).status;
    };
    // two addresses of one /64 share a limit
    expect(await from('2001:db8:1:1::a')).to.equal(404);
    expect(await from('2001:db8:1:1::b')).to.equal(404);
    expect(await from('2001:db8:1:1:ffff::c')).to.equal(429);
    // the neighbouring /64 of the same /56 does not
    expect(await from('2001:db8:1:2::a')).to.equal(404);
    // IPv4 addresses count one by one
    expect(await from('203.0.113.7')).to.equal(404);
    expect(await from('203.0.113.7')).to.equal(404);
    expect(await from('203.0.113.7')).to.equal(429);
    expect(await from('203.0.113.8')).to.equal(404);
  });
});
