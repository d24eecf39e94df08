import { expect } from 'chai';
import { createScryptLimiter, type ScryptLimiter } from '../../web/auth/password.js';
import { DEMO_PASSWORD } from '../../web/demo-accounts.js';
import { startWebHarness, type WebHarness } from '../support/web.js';

/**
 * Issue 11 (scrypt work off the request path bounded): log-ins wait for one of a few scrypt
 * slots or are refused at once (d116df8); a password change and an administrator's reset derive
 * scrypt too, and must not be a way around that bound. Here the app's one slot is held, as a
 * flood of log-ins would hold them, while each is tried.
 */
describe('security: password changes and resets within the log-in scrypt bound', () => {
  let web: WebHarness;
  let limiter: ScryptLimiter;

  beforeEach(async () => {
    limiter = createScryptLimiter({ concurrency: 1, queue: 0 });
    // two failures of each kind would lock the log-in: a refused try counted as one shows at once
    web = await startWebHarness({ scryptLimiter: limiter, config: { loginRateLimit: 2, loginAccountRateLimit: 2, loginGlobalRateLimit: 2 } });
  });
  afterEach(() => web.stop());

  /** Holds the limiter's one slot until the answer is called, as a running log-in's scrypt does. */
  function saturate(): () => Promise<void> {
    let release!: () => void;
    const held = limiter.run(() => new Promise<void>((resolve) => (release = resolve)));
    return () => {
      release();
      return held;
    };
  }

  it('should refuse a password change with 429 while the scrypt work is saturated, and change nothing', async () => {
    const clerk = web.client();
    await clerk.login('mz-clerk-a');
    const before = await web.store.users.get('mz-clerk-a');

    const free = saturate();
    const refused = await clerk.post('/api/session/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Qianmin2026' });
    await free();

    expect(refused.status).to.equal(429);
    expect(refused.body.code).to.equal('rate-limited');
    expect(refused.headers.get('retry-after')).to.equal('1');
    expect(await web.store.users.get('mz-clerk-a')).to.deep.equal(before);
    expect((await web.store.audit.forTarget('user', 'mz-clerk-a')).map((e) => e.action)).to.not.include('user.password-changed');
    // with the slot free again the same change goes through
    expect((await clerk.post('/api/session/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Qianmin2026' })).status).to.equal(200);
  });

  it("should refuse an administrator's password reset with 429 while the scrypt work is saturated: same password, sessions kept, nothing audited", async () => {
    const admin = web.client();
    await admin.login('admin');
    const clerk = web.client();
    await clerk.login('mz-clerk-a');
    const before = await web.store.users.get('mz-clerk-a');

    const free = saturate();
    const refused = await admin.post('/api/admin/staff/mz-clerk-a/password-reset', undefined);
    await free();

    expect(refused.status).to.equal(429);
    expect(refused.headers.get('retry-after')).to.equal('1');
    expect(await web.store.users.get('mz-clerk-a')).to.deep.equal(before);
    expect((await clerk.get('/api/tasks')).status, "the clerk's session").to.not.equal(401);
    expect((await web.store.audit.forTarget('user', 'mz-clerk-a')).map((e) => e.action)).to.not.include('user.password-reset');
    expect((await admin.post('/api/admin/staff/mz-clerk-a/password-reset', undefined)).status).to.equal(200);
  });

  it('should not count log-ins refused as busy against the address, the account or all log-ins', async () => {
    const free = saturate();
    for (let i = 0; i < 3; i += 1) {
      const refused = await web.client().login('mz-clerk-a', 'wrong-password');
      expect(refused.status, `try ${i}`).to.equal(429);
      expect(refused.body.detail, `try ${i}`).to.equal('当前登录和修改密码的请求较多，请稍后再试');
    }
    await free();
    expect((await web.client().login('mz-clerk-a')).status).to.equal(201);
  });
});
