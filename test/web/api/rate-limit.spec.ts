import { expect } from 'chai';
import { startWebHarness, type WebHarness } from '../../support/web.js';

describe('web/api rate limits', () => {
  let web: WebHarness;
  beforeEach(async () => {
    web = await startWebHarness({ config: { lookupRateLimit: 3, loginRateLimit: 2 } });
  });
  afterEach(() => web.stop());

  const lookup = { caseNumber: 'SH20261126-0001', verificationCode: '123456' };

  it('should answer 429 with Retry-After once an address has used up its look-ups', async () => {
    // given an applicant who has looked up three times
    const browser = web.client();
    await browser.fetchCsrfToken();
    for (let i = 0; i < 3; i++) expect((await browser.post('/api/public/lookup', lookup)).status).to.equal(404);

    // when they try a fourth time, from another browser on the same address
    const other = web.client();
    await other.fetchCsrfToken();
    const res = await other.post('/api/public/lookup', lookup);

    // then
    expect(res.status).to.equal(429);
    expect(res.body).to.include({ code: 'rate-limited', detail: '查询过于频繁，请 15 分钟后再试' });
    expect(Number(res.headers.get('retry-after'))).to.be.within(1, 900);
    expect(res.headers.get('ratelimit-policy')).to.match(/q=3/);

    // and only the look-up is limited
    expect((await other.get('/api/session')).status).to.equal(200);
  });

  it('should limit failed log-ins per username, counting only failures', async () => {
    // given a clerk who logs in successfully twice
    await web.client().login('mz-clerk-a');
    await web.client().login('mz-clerk-a');

    // when someone fails twice on that account
    for (let i = 0; i < 2; i++) expect((await web.client().login('mz-clerk-a', 'guess')).status).to.equal(401);

    // then even the right password is refused for a while, and nothing was opened
    const blocked = await web.client().login('mz-clerk-a');
    expect(blocked.status).to.equal(429);
    expect(blocked.body.code).to.equal('rate-limited');
    expect(await web.store.db.selectFrom('sessions').select('username').execute()).to.have.length(2);

    // but other accounts on the same address still log in
    expect((await web.client().login('MZ-CLERK-B')).status).to.equal(201);
  });
});
