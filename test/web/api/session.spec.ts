import { expect } from 'chai';
import { hashToken } from '../../../web/auth/tokens.js';
import { DEMO_PASSWORD } from '../../../web/demo-accounts.js';
import { statementsDuring } from '../../support/statement-count.js';
import { setCookieLine, startWebHarness, type ApiClient, type AppInstance, type WebHarness } from '../../support/web.js';

describe('web/api session', () => {
  let web: WebHarness;
  beforeEach(async () => {
    web = await startWebHarness();
  });
  afterEach(() => web.stop());

  const minutes = (n: number) => n * 60_000;

  it('should log a clerk in and tell the pages who they are', async () => {
    // given a browser that has asked for the log-in token
    const browser = web.client();

    // when the clerk logs in
    const login = await browser.login('mz-clerk-a');

    // then the answer names the user, their groups and a new CSRF token
    expect(login.status).to.equal(201);
    expect(login.body.user).to.deep.equal({ username: 'mz-clerk-a', displayName: '王芳', departmentCode: 'MZ', roles: ['window-clerk'], candidateGroups: ['window:MZ'] });
    expect(login.body.expiresAt).to.equal('2026-11-26T13:00:00.000Z');
    expect(login.body.idleExpiresAt).to.equal('2026-11-26T01:30:00.000Z');

    // and the cookie is for scripts out of reach, and stored only as a hash
    expect(setCookieLine(login, 'sh_session')).to.match(/HttpOnly/).and.match(/SameSite=Lax/).and.match(/Path=\//).and.not.match(/Secure/);
    const token = browser.cookies.get('sh_session')!;
    expect(await web.store.sessions.get(token)).to.equal(undefined);
    expect(await web.store.sessions.get(hashToken(token))).to.include({ username: 'mz-clerk-a', csrfToken: login.body.csrfToken });

    // and the session is there on the next request
    const me = await browser.get('/api/session');
    expect(me.body).to.deep.include({ authenticated: true, csrfToken: login.body.csrfToken });
  });

  it('should accept the username in any case', async () => {
    expect((await web.client().login('MZ-Clerk-A')).body.user?.username).to.equal('mz-clerk-a');
  });

  it('should answer a wrong password, an unknown user and a disabled account alike', async () => {
    // given a disabled account
    await web.store.db.updateTable('users').set({ disabled: 1 }).where('username', '=', 'zj-head').execute();

    // when each is tried
    const wrongPassword = await web.client().login('mz-clerk-a', 'not-the-password');
    const unknownUser = await web.client().login('no-such-user');
    const disabled = await web.client().login('zj-head');

    // then the answers are the same, so none of them tells which usernames exist
    for (const res of [wrongPassword, unknownUser, disabled]) {
      expect(res.status).to.equal(401);
      expect(res.body).to.deep.equal(wrongPassword.body);
      expect(setCookieLine(res, 'sh_session')).to.equal(undefined);
    }
    expect(wrongPassword.body).to.include({ code: 'login-failed', title: '用户名或密码错误' });
    expect(await web.store.db.selectFrom('sessions').selectAll().execute()).to.deep.equal([]);
  });

  it('should end a session left idle, and keep one in use', async () => {
    // given two clerks logged in
    const idle = web.client();
    const busy = web.client();
    await idle.login('mz-clerk-a');
    await busy.login('mz-clerk-b');

    // when one works every 20 minutes for an hour and the other does nothing
    for (let i = 0; i < 3; i++) {
      web.advance(minutes(20));
      expect((await busy.get('/api/session')).body.authenticated).to.equal(true);
    }

    // then the idle one's session has ended, its row is gone and its cookie cleared
    const after = await idle.get('/api/session');
    expect(after.body.authenticated).to.equal(false);
    expect(idle.cookies.has('sh_session')).to.equal(false);
    expect(await web.store.sessions.get(hashToken(busy.cookies.get('sh_session')!))).to.not.equal(undefined);
    expect(await web.store.db.selectFrom('sessions').select('username').execute()).to.deep.equal([{ username: 'mz-clerk-b' }]);
  });

  it('should end a session at its maximum age however busy it is', async () => {
    const browser = web.client();
    await browser.login('mz-clerk-a');
    for (let elapsed = 0; elapsed < minutes(12 * 60) - minutes(20); elapsed += minutes(20)) {
      web.advance(minutes(20));
      expect((await browser.get('/api/session')).body.authenticated, `after ${elapsed / 60_000 + 20} minutes`).to.equal(true);
    }
    web.advance(minutes(20));
    expect((await browser.get('/api/session')).body.authenticated).to.equal(false);
  });

  it('should log out, after which the old cookie opens nothing', async () => {
    // given a logged-in clerk and a copy of their cookie
    const browser = web.client();
    await browser.login('mz-clerk-a');
    const stolen = browser.cookies.get('sh_session')!;

    // when they log out
    const res = await browser.delete('/api/session');

    // then the session is gone, and replaying the cookie finds nothing
    expect(res.status).to.equal(204);
    expect(browser.cookies.has('sh_session')).to.equal(false);
    const replay = web.client();
    replay.cookies.set('sh_session', stolen);
    expect((await replay.get('/api/session')).body.authenticated).to.equal(false);
    expect((await replay.get('/api/tasks/1')).status).to.equal(401);
  });

  it('should give a new session at log-in, so a session id planted before is worthless', async () => {
    // given a browser with a session
    const browser = web.client();
    await browser.login('mz-clerk-a');
    const first = browser.cookies.get('sh_session')!;

    // when someone logs in again in the same browser
    await browser.login('zj-clerk-a');

    // then the first session no longer exists
    expect(browser.cookies.get('sh_session')).to.not.equal(first);
    expect(await web.store.sessions.get(hashToken(first))).to.equal(undefined);
    expect((await browser.get('/api/session')).body.user?.username).to.equal('zj-clerk-a');
  });

  it('should end the account\'s other sessions when its owner changes the password, keeping the one that changed it', async () => {
    // given the clerk logged in at the window and, earlier, on another computer (or someone with her old password)
    const window = web.client();
    await window.login('mz-clerk-a');
    const elsewhere = web.client();
    await elsewhere.login('mz-clerk-a');
    const colleague = web.client();
    await colleague.login('mz-clerk-b');

    // when she changes her password at the window
    const changed = await window.post('/api/session/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Xinmima2026' });

    // then the other session opens nothing any more; hers and her colleague's go on
    expect(changed.status).to.equal(200);
    expect((await elsewhere.get('/api/session')).body.authenticated).to.equal(false);
    expect((await window.get('/api/session')).body.user?.username).to.equal('mz-clerk-a');
    expect((await colleague.get('/api/session')).body.user?.username).to.equal('mz-clerk-b');
    const entry = (await web.store.audit.forTarget('user', 'mz-clerk-a')).find((e) => e.action === 'user.password-changed');
    expect(entry?.detail).to.deep.include({ otherSessionsEnded: 1 });
  });

  it('should end the sessions of an account that is disabled', async () => {
    const browser = web.client();
    await browser.login('mz-clerk-a');
    await web.store.db.updateTable('users').set({ disabled: 1 }).where('username', '=', 'mz-clerk-a').execute();
    expect((await browser.get('/api/session')).body.authenticated).to.equal(false);
  });

  it('should read the session with its user in one statement a request, and write last-seen at most once a minute', async () => {
    const browser = web.client();
    await browser.login('mz-clerk-a');

    // within the minute of its last write: the joined read alone (two statements before ADR 0024)
    const quiet = await statementsDuring(() => browser.get('/api/session'));
    expect(quiet.result.body.authenticated).to.equal(true);
    expect(quiet.statements).to.have.length(1);
    expect(quiet.statements[0]).to.match(/from "sessions" as "s" inner join "users" as "u"/);

    // a minute on: the read, then last-seen written
    web.advance(minutes(1));
    const touching = await statementsDuring(() => browser.get('/api/session'));
    expect(touching.statements).to.have.length(2);
    expect(touching.statements[1]).to.match(/^update "sessions" set "last_seen_at"/);
    web.advance(minutes(1) - 1);
    expect((await statementsDuring(() => browser.get('/api/session'))).statements).to.have.length(1);
  });

  describe('on two app instances sharing the store', () => {
    let other: AppInstance;
    let admin: ApiClient;
    beforeEach(async () => {
      other = await web.anotherInstance();
      admin = web.client();
      await admin.login('admin');
    });

    /** a clerk logged in on the first instance, and the same browser's cookie as the other instance gets it, answered there once */
    const loggedInOnBoth = async (username: string) => {
      const here = web.client();
      await here.login(username);
      const there = other.client();
      there.cookies.set('sh_session', here.cookies.get('sh_session')!);
      expect((await there.get('/api/session')).body.user?.username).to.equal(username);
      return { here, there };
    };
    const refusedThere = async (there: ApiClient) => {
      expect((await there.get('/api/session')).body.authenticated).to.equal(false);
      expect((await there.get('/api/tasks')).status).to.equal(401);
    };

    it('should refuse at the next request on the other instance a session logged out on one', async () => {
      const { here, there } = await loggedInOnBoth('mz-clerk-a');
      expect((await here.delete('/api/session')).status).to.equal(204);
      await refusedThere(there);
    });

    it('should refuse at the next request on the other instance the sessions of an account whose password an administrator reset', async () => {
      const { there } = await loggedInOnBoth('mz-clerk-b');
      expect((await admin.post('/api/admin/staff/mz-clerk-b/password-reset', undefined)).status).to.equal(200);
      await refusedThere(there);
    });

    it('should refuse at the next request on the other instance the sessions of an account disabled on one', async () => {
      const { there } = await loggedInOnBoth('zj-clerk-a');
      expect((await admin.post('/api/admin/staff/zj-clerk-a/disable', undefined)).status).to.equal(200);
      await refusedThere(there);
    });

    it('should refuse on the other instance a session whose account is marked disabled, its row still there', async () => {
      const { there } = await loggedInOnBoth('zj-clerk-a');
      await web.store.db.updateTable('users').set({ disabled: 1 }).where('username', '=', 'zj-clerk-a').execute();
      await refusedThere(there);
    });

    it('should refuse on the other instance a session idle for the idle timeout, though that instance served it', async () => {
      const { there } = await loggedInOnBoth('mz-clerk-a');
      web.advance(web.config.sessionIdleMs);
      await refusedThere(there);
    });
  });

  it('should mark the cookies Secure when configured', async () => {
    const secure = await startWebHarness({ config: { cookieSecure: true } });
    try {
      const browser = secure.client();
      const anonymous = await browser.get('/api/session');
      expect(setCookieLine(anonymous, 'sh_login')).to.match(/; Secure/);
      expect(setCookieLine(await browser.login('mz-clerk-a'), 'sh_session')).to.match(/; Secure/);
    } finally {
      await secure.stop();
    }
  });
});
