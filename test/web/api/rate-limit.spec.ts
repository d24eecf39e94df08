import { expect } from 'chai';
import { createWebApp } from '../../../web/app.js';
import { createLogger } from '../../../web/log.js';
import { startWebServer } from '../../../web/server.js';
import { sdkClient } from '../../support/engine.js';
import { ApiClient, startWebHarness, type WebHarness } from '../../support/web.js';

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

  it('should count the requests to every app instance on one database against one limit', async () => {
    // given a second app instance on the same database, behind the same load balancer
    const other = await startWebServer(
      createWebApp({ store: web.store, camunda: sdkClient('http://127.0.0.1:9'), config: web.config, clock: () => web.now(), log: createLogger(() => {}) }),
      0,
      '127.0.0.1',
    );
    try {
      const first = web.client();
      await first.fetchCsrfToken();
      const second = new ApiClient(other.url);
      await second.fetchCsrfToken();

      // when an address looks up twice on the first instance and once on the second (the limit is 3)
      expect((await first.post('/api/public/lookup', lookup)).status).to.equal(404);
      expect((await first.post('/api/public/lookup', lookup)).status).to.equal(404);
      expect((await second.post('/api/public/lookup', lookup)).status).to.equal(404);

      // then the second instance refuses the fourth, and the first agrees
      const refused = await second.post('/api/public/lookup', lookup);
      expect(refused.status).to.equal(429);
      expect(refused.body.code).to.equal('rate-limited');
      expect((await first.post('/api/public/lookup', lookup)).status).to.equal(429);

      // and failed log-ins are counted across instances too (the limit is 2)
      expect((await web.client().login('mz-clerk-a', 'guess')).status).to.equal(401);
      expect((await new ApiClient(other.url).login('mz-clerk-a', 'guess')).status).to.equal(401);
      expect((await new ApiClient(other.url).login('mz-clerk-a')).status).to.equal(429);
    } finally {
      await other.close();
    }
  });
});
