import { expect } from 'chai';
import { startWebHarness, type WebHarness } from '../../support/web.js';

describe('web/api csrf', () => {
  let web: WebHarness;
  beforeEach(async () => {
    web = await startWebHarness();
  });
  afterEach(() => web.stop());

  const auditActions = async () => (await web.store.audit.search({ limit: 100, offset: 0 })).entries.map((e) => e.action);

  it('should refuse a log-out without the token or with a wrong one, and keep the session', async () => {
    // given a logged-in clerk
    const browser = web.client();
    await browser.login('mz-clerk-a');

    // when a request without the token, and one with a made-up token, try to log them out
    const missing = await browser.delete('/api/session', { csrf: null });
    const wrong = await browser.delete('/api/session', { csrf: 'f'.repeat(64) });

    // then both are refused and the session is still there, with no log-out in the audit log
    expect(missing.status).to.equal(403);
    expect(missing.body).to.include({ code: 'csrf', type: 'urn:service-hall:problem:csrf' });
    expect(wrong.status).to.equal(403);
    expect(wrong.body.code).to.equal('csrf');
    expect((await browser.get('/api/session')).body.authenticated).to.equal(true);
    expect(await auditActions()).to.deep.equal(['session.login']);
  });

  it("should refuse another session's token: a token is bound to its own session", async () => {
    const mine = web.client();
    const theirs = web.client();
    await mine.login('mz-clerk-a');
    await theirs.login('zj-clerk-a');

    const res = await mine.delete('/api/session', { csrf: theirs.csrfToken });

    expect(res.status).to.equal(403);
    expect((await mine.get('/api/session')).body.authenticated).to.equal(true);
  });

  it("should refuse a log-in without the pre-session token or with another browser's (login CSRF)", async () => {
    // given the attacker's own browser with its own pre-session token
    const attacker = web.client();
    const attackerToken = await attacker.fetchCsrfToken();

    // when a victim's browser is made to post the attacker's credentials, without a token or with the attacker's
    const victim = web.client();
    const withoutToken = await victim.post('/api/session', { username: 'mz-clerk-a', password: 'Demo@2026' }, { csrf: null });
    await victim.fetchCsrfToken();
    const withAttackerToken = await victim.post('/api/session', { username: 'mz-clerk-a', password: 'Demo@2026' }, { csrf: attackerToken });

    // then the victim's browser is not logged in to anything, and nothing was recorded
    expect(withoutToken.status).to.equal(403);
    expect(withAttackerToken.status).to.equal(403);
    expect(victim.cookies.has('sh_session')).to.equal(false);
    expect(await web.store.db.selectFrom('sessions').selectAll().execute()).to.deep.equal([]);
    expect(await auditActions()).to.deep.equal([]);
  });

  it('should refuse a token signed with another secret', async () => {
    // given a pre-session token issued by an instance with a different secret
    const other = await startWebHarness({ config: { sessionSecret: Buffer.from('another-secret-another-secret-another') } });
    try {
      const browser = other.client();
      const token = await browser.fetchCsrfToken();

      // when it is presented here with the same pre-session cookie
      const here = web.client();
      here.cookies.set('sh_login', browser.cookies.get('sh_login')!);
      const res = await here.post('/api/session', { username: 'mz-clerk-a', password: 'Demo@2026' }, { csrf: token });

      expect(res.status).to.equal(403);
    } finally {
      await other.stop();
    }
  });

  it('should refuse bodies a cross-site form can send (url-encoded, text/plain), before reading them', async () => {
    const browser = web.client();
    await browser.fetchCsrfToken();

    const form = await browser.request('post', '/api/session', { rawBody: 'username=mz-clerk-a&password=Demo%402026', contentType: 'application/x-www-form-urlencoded' });
    const plain = await browser.request('post', '/api/session', { rawBody: '{"username":"mz-clerk-a","password":"Demo@2026"}', contentType: 'text/plain' });

    expect(form.status).to.equal(415);
    expect(plain.status).to.equal(415);
    expect(plain.body.code).to.equal('unsupported-media-type');
    expect(browser.cookies.has('sh_session')).to.equal(false);
  });

  it('should need no token to read', async () => {
    const browser = web.client();
    await browser.login('supervisor');
    expect((await browser.get('/api/audit', { csrf: null })).status).to.equal(200);
  });
});
