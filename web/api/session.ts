import { createLoginLimits, loginAccountKey, loginUsernameOf } from '../auth/login-limits.js';
import { passwordProblem } from '../auth/password-policy.js';
import { auditEntry } from '../audit.js';
import { authenticatedOf, authOf, inputOf, type AuthContext } from '../http/context.js';
import { ApiProblem } from '../http/problem.js';
import type { Api } from '../openapi/routes.js';
import type { ApiContext } from './context.js';

interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

interface LoginRequest {
  username: string;
  password: string;
}

export function registerSessionRoutes(api: Api, { store, config, clock, sessions, csrf, passwords }: ApiContext): void {
  const loginLimits = createLoginLimits(store.rateLimits, config);

  const authenticated = ({ principal, session, mustChangePassword }: AuthContext) => ({
    authenticated: true,
    mustChangePassword,
    user: {
      username: principal.username,
      displayName: principal.displayName,
      departmentCode: principal.departmentCode,
      roles: principal.roles,
      candidateGroups: principal.candidateGroups,
    },
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
    idleExpiresAt: sessions.idleDeadline(session).toISOString(),
  });

  api.get('/api/session', 'getSession', (req, res) => {
    const auth = authOf(res);
    res.json(auth ? authenticated(auth) : { authenticated: false, csrfToken: csrf.tokenFor(req, res) });
  });

  api.post('/api/session', 'login', ...loginLimits, async (req, res) => {
    const { body } = inputOf<{ body: LoginRequest }>(res);
    const username = loginUsernameOf(req);
    const user = await store.users.get(username);
    // checked before `disabled` is looked at, so a disabled account answers as slowly as any other
    const passwordOk = await passwords.check(body.password, user?.passwordHash);
    const now = clock();
    if (!user || !passwordOk || user.disabled) {
      await store.audit.record(auditEntry(res, now, { action: 'session.login-failed', targetType: 'user', targetId: username }));
      throw new ApiProblem('login-failed', '用户名或密码错误；连续失败多次将暂时无法登录');
    }
    const opened = await store.transaction(async (tx) => {
      const opened = await sessions.open(tx, user, authOf(res)?.session);
      await tx.audit.record(auditEntry(res, now, { actor: user.username, action: 'session.login', targetType: 'user', targetId: user.username }));
      // the account's failures were typos of its owner, or guesses the right password now makes moot
      await tx.rateLimits.reset(loginAccountKey(user.username));
      return opened;
    });
    const auth = sessions.attach(res, user, opened);
    csrf.clearLoginCookie(res);
    res.status(201).json(authenticated(auth));
  });

  api.post('/api/session/password', 'changePassword', async (_req, res) => {
    const { body } = inputOf<{ body: PasswordChange }>(res);
    const { principal } = authenticatedOf(res);
    const user = await store.users.get(principal.username);
    if (!user || !(await passwords.verify(body.currentPassword, user.passwordHash))) {
      throw new ApiProblem('validation', '当前密码不正确', [{ in: 'body', field: 'currentPassword', message: '当前密码不正确' }]);
    }
    const problem = body.newPassword === body.currentPassword ? '新密码不能与当前密码相同' : passwordProblem(body.newPassword, { username: user.username });
    if (problem) throw new ApiProblem('validation', problem, [{ in: 'body', field: 'newPassword', message: problem }]);
    const hash = await passwords.hash(body.newPassword);
    const now = clock();
    const auth = authenticatedOf(res);
    const changed = await store.transaction(async (tx) => {
      const changed = await tx.users.setPassword(user.username, hash, false);
      // whoever else holds a session of this account (a forgotten computer, someone who had the old password) is out
      const otherSessionsEnded = await tx.sessions.deleteForUser(user.username, auth.session.idHash);
      // the passwords themselves never reach the log
      await tx.audit.record(auditEntry(res, now, { action: 'user.password-changed', targetType: 'user', targetId: user.username, detail: { mustChangePassword: { before: user.mustChangePassword, after: false }, otherSessionsEnded } }));
      return changed;
    });
    res.json(authenticated({ ...auth, mustChangePassword: changed.mustChangePassword }));
  });

  api.delete('/api/session', 'logout', async (_req, res) => {
    const { session, principal } = authenticatedOf(res);
    await store.transaction(async (tx) => {
      await tx.sessions.delete(session.idHash);
      await tx.audit.record(auditEntry(res, clock(), { action: 'session.logout', targetType: 'user', targetId: principal.username }));
    });
    sessions.detach(res);
    res.status(204).end();
  });
}
