import { expect } from 'chai';
import { seedCatalogue } from '../../domain/catalogue/catalogue.js';
import { createScryptLimiter, type ScryptLimiter } from '../../web/auth/password.js';
import { registeredCaseWithCode, registeredComplaintWithCode } from '../support/public-case.js';
import { ONLINE_COMPLAINT } from '../support/complaint-form.js';
import { ApiClient, startWebHarness, type WebHarness } from '../support/web.js';

/**
 * Issue 11 (scrypt work off the request path bounded): each 查询码 check derives scrypt (16 MiB),
 * asked for by anyone without log-in. The public look-ups run it through a bounded limiter of
 * their own; here its one slot is held, as a flood of look-ups would hold it.
 */

const CODE = '246810';
const WRONG = '000001';

/** Holds the limiter's one slot until the answer is called, as a running check's scrypt does. */
function saturate(limiter: ScryptLimiter): () => Promise<void> {
  let release!: () => void;
  const held = limiter.run(() => new Promise<void>((resolve) => (release = resolve)));
  return () => {
    release();
    return held;
  };
}

describe('security: 查询码 checks within a scrypt bound', () => {
  let web: WebHarness;
  let codes: ScryptLimiter;
  let passwords: ScryptLimiter;
  let browser: ApiClient;

  beforeEach(async () => {
    codes = createScryptLimiter({ concurrency: 1, queue: 0 });
    passwords = createScryptLimiter({ concurrency: 1, queue: 0 });
    // one wrong code locks the number: a failure counted by a refused check would show at once
    web = await startWebHarness({ config: { lookupRateLimit: 1000, lookupLockoutFailures: 1 }, codeLimiter: codes, scryptLimiter: passwords });
    await web.store.catalogue.publish(seedCatalogue(), web.now());
    browser = web.client();
    await browser.fetchCsrfToken();
  });
  afterEach(() => web.stop());

  it('should refuse every code-checking look-up with 429 and Retry-After while the checks are saturated, counting no failure against the number, and bound them apart from log-ins', async () => {
    const c = await registeredCaseWithCode(web.store, CODE);
    const complaint = await registeredComplaintWithCode(web.store, CODE);
    const asCase = { caseNumber: c.caseNumber, verificationCode: WRONG };
    const upload = new FormData();
    for (const [name, value] of Object.entries({ ...asCase, idempotencyKey: 'upload-key-1', materials: JSON.stringify([{ code: 'M1' }]) })) upload.set(name, value);

    const free = saturate(codes);
    const refused = [
      await browser.post('/api/public/lookup', asCase),
      await browser.post('/api/public/complaints/lookup', { complaintNumber: complaint.complaintNumber, verificationCode: WRONG }),
      await browser.post('/api/public/rating', { ...asCase, rating: 'satisfied' }),
      await browser.post('/api/public/supplements', { ...asCase, materials: [{ code: 'M1', provided: true }] }),
      await browser.request('post', '/api/public/supplements/uploads', { formData: upload }),
      await browser.post('/api/public/notices', { ...asCase, noticeNumber: 'SL20261126-0001' }),
      await browser.post('/api/public/complaints/notices', { complaintNumber: complaint.complaintNumber, verificationCode: WRONG, noticeNumber: 'TS20261126-0001' }),
    ];
    // anonymous look-ups holding their slots leave staff log-ins theirs
    expect((await web.client().login('mz-clerk-a')).status, 'a log-in meanwhile').to.equal(201);
    await free();

    for (const [i, res] of refused.entries()) {
      expect(res.status, `request ${i}`).to.equal(429);
      expect(res.body.code).to.equal('rate-limited');
      expect(res.body.detail).to.equal('当前查询的人数较多，请稍后再试');
      expect(res.headers.get('retry-after')).to.equal('1');
    }
    // nothing counted: with one failure locking the number, the right codes still open both
    expect((await browser.post('/api/public/lookup', { caseNumber: c.caseNumber, verificationCode: CODE })).status).to.equal(200);
    expect((await browser.post('/api/public/complaints/lookup', { complaintNumber: complaint.complaintNumber, verificationCode: CODE })).status).to.equal(200);
    // and log-ins holding theirs leave the look-ups theirs
    const freePasswords = saturate(passwords);
    const lookup = await browser.post('/api/public/lookup', { caseNumber: c.caseNumber, verificationCode: CODE });
    await freePasswords();
    expect(lookup.status).to.equal(200);
  });

  it('should refuse a public complaint while the code work is saturated with 429 before deriving its new code, filing nothing', async () => {
    const free = saturate(codes);
    const res = await browser.post('/api/public/complaints', { ...ONLINE_COMPLAINT, submissionKey: 'complaint-key-0001' });
    await free();
    expect(res.status).to.equal(429);
    expect(res.body).to.include({ code: 'rate-limited', detail: '当前提交的人数较多，请稍后再试' });
    expect(res.headers.get('retry-after')).to.equal('1');
    expect(await web.store.db.selectFrom('complaints').select('id').execute()).to.deep.equal([]);
  });

  it('should not count look-ups refused as busy against the address', async () => {
    await web.stop();
    web = await startWebHarness({ config: { lookupRateLimit: 2 }, codeLimiter: codes, scryptLimiter: passwords });
    browser = web.client();
    await browser.fetchCsrfToken();
    const c = await registeredCaseWithCode(web.store, CODE);

    const free = saturate(codes);
    for (let i = 0; i < 3; i += 1) {
      const refused = await browser.post('/api/public/lookup', { caseNumber: c.caseNumber, verificationCode: CODE });
      expect(refused.status, `try ${i}`).to.equal(429);
      expect(refused.body.detail, `try ${i}`).to.equal('当前查询的人数较多，请稍后再试');
    }
    await free();
    expect((await browser.post('/api/public/lookup', { caseNumber: c.caseNumber, verificationCode: CODE })).status).to.equal(200);
  });
});
