import { expect } from 'chai';
import { createScryptLimiter, DEFAULT_COST, hashPassword, PasswordCheckBusy, verifyPassword } from '../../web/auth/password.js';
import { createPasswordWork } from '../../web/auth/password-work.js';

describe('web/auth password', () => {
  it('should hash with scrypt at the default cost and a fresh salt, and verify', async () => {
    const a = await hashPassword('Demo@2026');
    const b = await hashPassword('Demo@2026');
    expect(a).to.match(new RegExp(`^\\$scrypt\\$ln=${DEFAULT_COST.ln},r=${DEFAULT_COST.r},p=${DEFAULT_COST.p}\\$`));
    expect(a).to.not.equal(b);
    expect(await verifyPassword('Demo@2026', a)).to.equal(true);
    expect(await verifyPassword('demo@2026', a)).to.equal(false);
  });

  it('should verify a hash of another cost, and refuse what it cannot read', async () => {
    const cheap = await hashPassword('口令', { ln: 10, r: 8, p: 1 });
    expect(await verifyPassword('口令', cheap)).to.equal(true);
    for (const stored of ['', 'plain-text', cheap.replace('ln=10', 'ln=30'), cheap.slice(0, -4), '$argon2id$v=19$m=65536,t=3,p=4$abc$def']) {
      expect(await verifyPassword('口令', stored), stored).to.equal(false);
    }
  });

  it('should take the same password typed as composed or decomposed characters', async () => {
    const stored = await hashPassword('Café-2026', { ln: 10, r: 8, p: 1 });
    expect(await verifyPassword('Cafe\u0301-2026', stored)).to.equal(true);
  });

  it('should refuse an unknown account after checking against a dummy hash', async () => {
    const passwords = createPasswordWork(createScryptLimiter());
    expect(await passwords.check('anything', undefined)).to.equal(false);
    expect(await passwords.check('x', await hashPassword('x', { ln: 10, r: 8, p: 1 }))).to.equal(true);
  });

  it('should run at most `concurrency` checks, queue `queue` more, refuse the next at once, and keep the event loop free meanwhile', async () => {
    const stored = await hashPassword('Demo@2026');
    const limiter = createScryptLimiter({ concurrency: 2, queue: 3 });
    const check = (password: string, stored: string) => limiter.run(() => verifyPassword(password, stored));
    const settled: string[] = [];
    const checks = Array.from({ length: 5 }, (_, i) =>
      check('Demo@2026', stored).then((ok) => {
        settled.push(`check ${i}`);
        return ok;
      }),
    );

    const refused = await check('Demo@2026', stored).then(
      () => 'answered',
      (error: unknown) => (error instanceof PasswordCheckBusy ? 'busy' : String(error)),
    );
    // scrypt runs on libuv's threads: a timer queued now fires before the five checks are done
    await new Promise((resolve) => setTimeout(resolve, 0));
    settled.push('timer');
    const results = await Promise.all(checks);

    expect(refused).to.equal('busy');
    expect(settled[0]).to.equal('timer');
    expect(results).to.deep.equal([true, true, true, true, true]);
    expect(await check('Demo@2026', stored), 'slots are given back').to.equal(true);
  });
});
