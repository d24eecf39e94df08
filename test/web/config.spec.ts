import { expect } from 'chai';
import { readWebConfig, WebConfigError } from '../../web/config.js';

describe('web/config', () => {
  const secret = 'a-session-secret-that-is-long-enough!!';

  it('should default for development, making a session secret with a warning', () => {
    const warnings: string[] = [];
    const config = readWebConfig({}, (m) => warnings.push(m));
    expect(config).to.deep.include({ port: 3000, production: false, cookieSecure: false, trustProxy: false, sessionIdleMs: 30 * 60_000, sessionMaxAgeMs: 12 * 3_600_000, lookupRateLimit: 20, complaintRateLimit: 5, loginRateLimit: 10, demoAccounts: true });
    expect(config.host, 'every interface').to.equal(undefined);
    expect(config.sessionSecret).to.have.length(32);
    expect(warnings).to.have.length(1).and.to.match(/SESSION_SECRET/);
    expect(readWebConfig({}, () => {}).sessionSecret).to.not.deep.equal(config.sessionSecret);
  });

  it('should require a session secret in production, and default to Secure cookies and no demo accounts there', () => {
    expect(() => readWebConfig({ NODE_ENV: 'production' })).to.throw(WebConfigError, /^SESSION_SECRET: required in production/);
    const config = readWebConfig({ NODE_ENV: 'production', SESSION_SECRET: secret });
    expect(config).to.deep.include({ production: true, cookieSecure: true, demoAccounts: false });
    expect(config.sessionSecret.toString()).to.equal(secret);
  });

  it('should read every setting', () => {
    const config = readWebConfig({
      PORT: '8088',
      WEB_HOST: '127.0.0.1',
      SESSION_SECRET: secret,
      COOKIE_SECURE: 'true',
      TRUST_PROXY: 'loopback, 10.0.0.0/8',
      SESSION_IDLE_MINUTES: '15',
      SESSION_MAX_HOURS: '9',
      LOOKUP_RATE_LIMIT: '5',
      COMPLAINT_RATE_LIMIT: '2',
      LOGIN_RATE_LIMIT: '3',
      LOOKUP_LOCKOUT_FAILURES: '4',
      LOGIN_ACCOUNT_RATE_LIMIT: '20',
      LOGIN_GLOBAL_RATE_LIMIT: '200',
      DEMO_ACCOUNTS: 'false',
    });
    expect(config).to.deep.include({ port: 8088, host: '127.0.0.1', cookieSecure: true, trustProxy: 'loopback,10.0.0.0/8', sessionIdleMs: 15 * 60_000, sessionMaxAgeMs: 9 * 3_600_000, lookupRateLimit: 5, complaintRateLimit: 2, loginRateLimit: 3, lookupLockoutFailures: 4, loginAccountRateLimit: 20, loginGlobalRateLimit: 200, demoAccounts: false });
    expect(readWebConfig({ SESSION_SECRET: secret, TRUST_PROXY: '1' }).trustProxy).to.equal(1);
  });

  it('should name the variable of a value it cannot use', () => {
    const bad: Array<[Record<string, string>, string]> = [
      [{ PORT: 'http' }, 'PORT'],
      [{ PORT: '70000' }, 'PORT'],
      [{ WEB_HOST: 'http://0.0.0.0/' }, 'WEB_HOST'],
      [{ COOKIE_SECURE: 'yes' }, 'COOKIE_SECURE'],
      [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
      [{ TRUST_PROXY: 'proxy.example' }, 'TRUST_PROXY'],
      [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
      [{ SESSION_IDLE_MINUTES: '0' }, 'SESSION_IDLE_MINUTES'],
      [{ SESSION_MAX_HOURS: '1.5' }, 'SESSION_MAX_HOURS'],
      [{ LOOKUP_RATE_LIMIT: '-1' }, 'LOOKUP_RATE_LIMIT'],
      [{ LOOKUP_LOCKOUT_FAILURES: '0' }, 'LOOKUP_LOCKOUT_FAILURES'],
      [{ LOGIN_GLOBAL_RATE_LIMIT: 'many' }, 'LOGIN_GLOBAL_RATE_LIMIT'],
      [{ DEMO_ACCOUNTS: '1' }, 'DEMO_ACCOUNTS'],
    ];
    for (const [env, variable] of bad) {
      const error = (() => {
        try {
          readWebConfig({ SESSION_SECRET: secret, ...env }, () => {});
        } catch (e) {
          return e;
        }
      })();
      expect(error, JSON.stringify(env)).to.be.instanceOf(WebConfigError).and.to.include({ variable, code: 'WEB_CONFIG' });
    }
  });

  it('should not echo a session secret that is too short', () => {
    expect(() => readWebConfig({ SESSION_SECRET: 'hunter2' })).to.throw(WebConfigError).with.property('message').that.does.not.include('hunter2');
  });
});
