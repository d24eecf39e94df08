import { expect } from 'chai';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import type * as Crypto from 'node:crypto';
import { startWebHarness, type ApiResponse, type WebHarness } from '../support/web.js';
import { DEMO_PASSWORD } from '../../web/demo-accounts.js';

/**
 * Issue 11: log-in throttling counted per address and username only, so spraying passwords over
 * many usernames, or guessing one account from many addresses, was unlimited, and every try
 * cost a full scrypt. Now an account and the whole app have ceilings too, checked before the
 * password is.
 */

/** Counts the app's scrypt calls: the password check's cost, seen from outside. */
function countScrypt(): { calls: () => number; restore: () => void } {
  const crypto = createRequire(import.meta.url)('node:crypto') as typeof Crypto;
  const original = crypto.scrypt;
  let calls = 0;
  crypto.scrypt = ((...args: Parameters<typeof original>) => {
    calls++;
    return (original as (...a: unknown[]) => void)(...args);
  }) as typeof original;
  syncBuiltinESMExports();
  return {
    calls: () => calls,
    restore() {
      crypto.scrypt = original;
      syncBuiltinESMExports();
    },
  };
}

describe('security: log-in throttling', () => {
  let web: WebHarness;
  let scrypt: ReturnType<typeof countScrypt>;

  beforeEach(async () => {
    // addresses from X-Forwarded-For, as behind the hall's reverse proxy
    web = await startWebHarness({ config: { trustProxy: 'loopback', loginRateLimit: 100, loginAccountRateLimit: 3, loginGlobalRateLimit: 100 } });
    scrypt = countScrypt();
  });
  afterEach(async () => {
    scrypt.restore();
    await web.stop();
  });

  async function logIn(username: string, password: string, address: string): Promise<ApiResponse> {
    const client = web.client();
    await client.fetchCsrfToken();
    return client.post('/api/session', { username, password }, { headers: { 'x-forwarded-for': address } });
  }

  it('should refuse an account guessed from many addresses with 429, without checking the password, while other accounts log in', async () => {
    // given three wrong passwords for one account, each from another address
    for (const address of ['203.0.113.1', '203.0.113.2', '2001:db8:5::1']) expect((await logIn('mz-clerk-a', 'guess', address)).status).to.equal(401);

    // when a fourth try comes from yet another address, with the right password
    const before = scrypt.calls();
    const refused = await logIn('MZ-CLERK-A', DEMO_PASSWORD, '198.51.100.9');

    // then it is refused before any password check, and no session is opened
    expect(refused.status).to.equal(429);
    expect(refused.body.detail).to.equal('该账号登录失败次数过多，已暂停登录，请 15 分钟后再试，或请系统管理员重置密码');
    expect(scrypt.calls()).to.equal(before);
    expect(await web.store.db.selectFrom('sessions').select('username').execute()).to.deep.equal([]);

    // and another account logs in from that address (its password checked)
    expect((await logIn('mz-clerk-b', DEMO_PASSWORD, '198.51.100.9')).status).to.equal(201);
    expect(scrypt.calls()).to.equal(before + 1);
  });

  it("should clear the account's count on a successful log-in", async () => {
    // two wrong, right, two wrong, right: with the count kept, the fifth try would be the fourth failure-counted one
    const answers = [];
    for (const password of ['guess', 'guess', DEMO_PASSWORD, 'guess', 'guess', DEMO_PASSWORD]) answers.push((await logIn('mz-clerk-a', password, '203.0.113.1')).status);
    expect(answers).to.deep.equal([401, 401, 201, 401, 401, 201]);
  });

  it('should refuse every log-in over the global ceiling of failures, however many usernames and addresses, without checking the password', async () => {
    await web.stop();
    web = await startWebHarness({ config: { trustProxy: 'loopback', loginRateLimit: 100, loginAccountRateLimit: 100, loginGlobalRateLimit: 3 } });

    // one password sprayed over three accounts from three addresses
    for (const [i, username] of ['mz-clerk-a', 'zj-clerk-a', 'designer'].entries()) expect((await logIn(username, 'Spring2026!', `203.0.113.${i + 1}`)).status).to.equal(401);

    // the fourth, on a fourth account from a fourth address, is refused unchecked
    const before = scrypt.calls();
    const refused = await logIn('admin', 'Spring2026!', '198.51.100.4');
    expect(refused.status).to.equal(429);
    expect(refused.body.code).to.equal('rate-limited');
    expect(scrypt.calls()).to.equal(before);
  });

  it("should let an administrator's password reset lift an account's throttle", async () => {
    for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) await logIn('mz-clerk-a', 'guess', address);
    expect((await logIn('mz-clerk-a', DEMO_PASSWORD, '203.0.113.4')).status).to.equal(429);

    const admin = web.client();
    await admin.fetchCsrfToken();
    expect((await admin.post('/api/session', { username: 'admin', password: DEMO_PASSWORD }, { headers: { 'x-forwarded-for': '192.0.2.1' } })).status).to.equal(201);
    admin.csrfToken = (await admin.get('/api/session', { headers: { 'x-forwarded-for': '192.0.2.1' } })).body.csrfToken;
    const reset = await admin.post('/api/admin/staff/mz-clerk-a/password-reset', {}, { headers: { 'x-forwarded-for': '192.0.2.1' } });
    expect(reset.status).to.equal(200);
    const oneTime = (reset.body as unknown as { oneTimePassword: string }).oneTimePassword;

    expect((await logIn('mz-clerk-a', oneTime, '203.0.113.4')).status).to.equal(201);
  });
});
