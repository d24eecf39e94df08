import { expect } from 'chai';
import type { AuditEntry } from '../../../domain/store/index.js';
import { bodyAs } from '../../support/web-system.js';
import { adminHarnessPerSuite, expectRefusedToOthers, type ApiCall, type ApiClient, type WebHarness } from '../../support/web.js';

interface Account {
  username: string;
  displayName: string;
  departmentCode: string;
  roles: string[];
  disabled: boolean;
  mustChangePassword: boolean;
  present: boolean;
  posts: Array<{ code: string; rank: number }>;
  absences: Array<{ id: string; kind: string; reason: string; from: string; to: string; current: boolean }>;
}
interface WithPassword {
  account: Account;
  oneTimePassword: string;
}
interface PostBody {
  code: string;
  candidateGroup: string;
  holders: Array<{ username: string; rank: number }>;
}

const NEW_CLERK = { username: 'mz-clerk-c', displayName: '钱敏', departmentCode: 'MZ', roles: ['window-clerk'] };

/**
 * 人员管理 through the API, as the administrator 林涛 (admin) uses it: accounts, roles,
 * departments, A/B posts and absences, each change in the audit log with before and after and no
 * secret; the forced change of a reset password. The engine-facing hand-over of tasks is in
 * staff-handover.spec.ts.
 */
describe('web/api staff administration', function () {
  this.timeout(30_000);
  let h: WebHarness;
  let admin: ApiClient;
  adminHarnessPerSuite(
    (started) => (h = started),
    (client) => (admin = client),
  );

  const put = (client: ApiClient, path: string, body: unknown) => client.request('put', path, { body });
  const auditOf = async (targetType: string, targetId: string): Promise<AuditEntry[]> => h.store.audit.forTarget(targetType, targetId);
  /** everything the audit log holds, as text: no password or hash may be in it */
  const wholeAuditLog = async (): Promise<string> => JSON.stringify(await h.store.audit.byActor('admin'));

  async function createClerk(fields: Partial<typeof NEW_CLERK> = {}): Promise<WithPassword> {
    const res = await admin.post('/api/admin/staff', { ...NEW_CLERK, ...fields });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return bodyAs<WithPassword>(res);
  }

  it('should refuse every staff administration operation to anyone but an administrator, and change nothing', async () => {
    const calls: ApiCall[] = [
      ['get', '/api/admin/staff'],
      ['get', '/api/admin/staff/mz-clerk-a'],
      ['post', '/api/admin/staff', { ...NEW_CLERK, username: 'intruder' }],
      ['put', '/api/admin/staff/mz-clerk-a', { displayName: 'x', departmentCode: 'MZ', roles: ['admin'] }],
      ['post', '/api/admin/staff/mz-clerk-a/disable'],
      ['post', '/api/admin/staff/mz-clerk-a/enable'],
      ['post', '/api/admin/staff/mz-clerk-a/password-reset'],
      ['post', '/api/admin/staff/mz-clerk-a/absences', { kind: 'leave', from: '2026-11-27', to: '2026-11-27' }],
      ['delete', '/api/admin/absences/nothing'],
      ['get', '/api/admin/posts'],
      ['post', '/api/admin/posts', { code: 'mz-window-2', name: '二号窗口', departmentCode: 'MZ', kind: 'window' }],
      ['put', '/api/admin/posts/mz-window/holders', { holders: ['mz-clerk-b'] }],
    ];
    const before = await h.store.users.get('mz-clerk-a');
    await expectRefusedToOthers(h, ['mz-head', 'supervisor', 'designer'], calls);
    expect(await h.store.users.get('intruder')).to.equal(undefined);
    expect(await h.store.users.get('mz-clerk-a')).to.deep.equal(before);
    expect((await h.store.staff.holders('mz-window')).map((x) => x.staff.id)).to.deep.equal(['mz-clerk-a', 'mz-clerk-b']);
    expect(await h.store.staff.getPost('mz-window-2')).to.equal(undefined);
  });

  it('should list and search accounts with their posts, A or B, and never a password hash', async () => {
    const all = bodyAs<{ staff: Account[] }>(await admin.get('/api/admin/staff')).staff;
    expect(all.map((a) => a.username)).to.include.members(['admin', 'mz-clerk-a', 'zj-lead']);
    expect(JSON.stringify(all)).to.not.match(/scrypt|passwordHash/);
    const found = bodyAs<{ staff: Account[] }>(await admin.get(`/api/admin/staff?search=${encodeURIComponent('李强')}`)).staff;
    expect(found.map((a) => [a.username, a.posts.map((p) => [p.code, p.rank])])).to.deep.equal([['mz-clerk-b', [['mz-window', 1]]]]);
    const zj = bodyAs<{ staff: Account[] }>(await admin.get('/api/admin/staff?department=ZJ&search=clerk')).staff;
    expect(zj.map((a) => a.username)).to.deep.equal(['zj-clerk-a', 'zj-clerk-b']);
  });

  it('should create an account with a one-time password shown once, which opens nothing until the user picks their own', async () => {
    const { account, oneTimePassword } = await createClerk();
    expect(account).to.deep.include({ username: 'mz-clerk-c', displayName: '钱敏', mustChangePassword: true, disabled: false, present: true });
    expect(oneTimePassword).to.match(/^[A-Za-z2-9]{12}$/);
    // shown once: the account's page never shows it again
    expect(JSON.stringify((await admin.get('/api/admin/staff/mz-clerk-c')).body)).to.not.contain(oneTimePassword);

    const clerk = h.client();
    const login = await clerk.login('mz-clerk-c', oneTimePassword);
    expect(login.status).to.equal(201);
    expect(login.body).to.include({ mustChangePassword: true });
    const blocked = await clerk.get('/api/tasks');
    expect(blocked.status).to.equal(403);
    expect(blocked.body.code).to.equal('password-change-required');

    const weak = await clerk.post('/api/session/password', { currentPassword: oneTimePassword, newPassword: 'short1' });
    expect(weak.status).to.equal(400);
    expect(weak.body.field).to.equal('newPassword');
    const wrong = await clerk.post('/api/session/password', { currentPassword: 'not-it-123', newPassword: 'Qianmin2026' });
    expect(wrong.status).to.equal(400);
    expect(wrong.body.field).to.equal('currentPassword');
    expect((await h.store.users.get('mz-clerk-c'))!.mustChangePassword).to.equal(true);

    const changed = await clerk.post('/api/session/password', { currentPassword: oneTimePassword, newPassword: 'Qianmin2026' });
    expect(changed.status, JSON.stringify(changed.body)).to.equal(200);
    expect(changed.body).to.include({ mustChangePassword: false });
    expect((await clerk.get('/api/tasks')).status).to.equal(200);
    expect((await h.client().login('mz-clerk-c', 'Qianmin2026')).status).to.equal(201);

    const [created] = await auditOf('user', 'mz-clerk-c');
    expect(created).to.deep.include({ actor: 'admin', action: 'user.create' });
    expect(created.detail).to.deep.include({ before: null, after: { displayName: '钱敏', departmentCode: 'MZ', roles: ['window-clerk'], disabled: false, mustChangePassword: true } });
    const log = JSON.stringify(await auditOf('user', 'mz-clerk-c')) + (await wholeAuditLog());
    expect(log).to.not.contain(oneTimePassword);
    expect(log).to.not.contain('Qianmin2026');
    expect(log).to.not.match(/scrypt/);
  });

  it('should refuse a taken user name, an unknown department or role, and leave everything as it was', async () => {
    const count = await h.store.users.count();
    const taken = await admin.post('/api/admin/staff', { ...NEW_CLERK, username: 'mz-clerk-a' });
    expect(taken.status).to.equal(409);
    const department = await admin.post('/api/admin/staff', { ...NEW_CLERK, username: 'new-one', departmentCode: 'XX' });
    expect(department.status).to.equal(400);
    expect(department.body.field).to.equal('departmentCode');
    const role = await admin.post('/api/admin/staff', { ...NEW_CLERK, username: 'new-one', roles: ['superuser'] });
    expect(role.status).to.equal(400);
    const name = await admin.post('/api/admin/staff', { ...NEW_CLERK, username: 'New One' });
    expect(name.status).to.equal(400);
    expect(await h.store.users.count()).to.equal(count);
    expect(await h.store.users.get('new-one')).to.equal(undefined);
    expect((await h.store.users.get('mz-clerk-a'))!.displayName).to.equal('王芳');
  });

  it('should change name, roles and department with before and after in the audit log, but not move someone who still holds another department’s post', async () => {
    await createClerk({ username: 'mz-temp', displayName: '临时' });
    const changed = await put(admin, '/api/admin/staff/mz-temp', { displayName: '临时工', departmentCode: 'ZJ', roles: ['window-clerk', 'window-head'] });
    expect(changed.status, JSON.stringify(changed.body)).to.equal(200);
    expect(bodyAs<Account>(changed)).to.deep.include({ displayName: '临时工', departmentCode: 'ZJ', roles: ['window-clerk', 'window-head'] });
    expect((await h.store.staff.getStaff('mz-temp'))!.departmentCode).to.equal('ZJ');
    const entry = (await auditOf('user', 'mz-temp')).find((e) => e.action === 'user.update')!;
    expect(entry.detail).to.deep.include({
      before: { displayName: '临时', departmentCode: 'MZ', roles: ['window-clerk'], disabled: false, mustChangePassword: true },
      after: { displayName: '临时工', departmentCode: 'ZJ', roles: ['window-clerk', 'window-head'], disabled: false, mustChangePassword: true },
    });

    const holding = await put(admin, '/api/admin/staff/mz-clerk-b', { displayName: '李强', departmentCode: 'ZJ', roles: ['window-clerk'] });
    expect(holding.status).to.equal(409);
    expect(holding.body.detail).to.contain('民政局受理窗口');
    expect((await h.store.users.get('mz-clerk-b'))!.departmentCode).to.equal('MZ');
    // the administrator cannot lock everyone out
    const self = await put(admin, '/api/admin/staff/admin', { displayName: '林涛', departmentCode: 'ZWFW', roles: ['supervision'] });
    expect(self.status).to.equal(400);
    expect((await admin.post('/api/admin/staff/admin/disable', undefined)).status).to.equal(409);
    expect((await h.store.users.get('admin'))!.roles).to.deep.equal(['admin']);
  });

  it('should reset a password: the old one and every open session end, the one-time password forces a change', async () => {
    const { oneTimePassword: first } = await createClerk({ username: 'mz-reset', displayName: '重置' });
    const clerk = h.client();
    await clerk.login('mz-reset', first);
    await clerk.post('/api/session/password', { currentPassword: first, newPassword: 'Chongzhi2026' });
    expect((await clerk.get('/api/tasks')).status).to.equal(200);

    const reset = await admin.post('/api/admin/staff/mz-reset/password-reset', undefined);
    expect(reset.status).to.equal(200);
    const { oneTimePassword, account } = bodyAs<WithPassword>(reset);
    expect(account.mustChangePassword).to.equal(true);
    expect(oneTimePassword).to.not.equal(first);
    expect((await clerk.get('/api/tasks')).status, 'the session opened before the reset').to.equal(401);
    expect((await h.client().login('mz-reset', 'Chongzhi2026')).status).to.equal(401);
    const again = h.client();
    expect((await again.login('mz-reset', oneTimePassword)).body).to.include({ mustChangePassword: true });
    expect((await again.get('/api/tasks')).body.code).to.equal('password-change-required');

    const entry = (await auditOf('user', 'mz-reset')).find((e) => e.action === 'user.password-reset')!;
    expect(entry.detail).to.deep.include({ before: { mustChangePassword: false }, after: { mustChangePassword: true }, sessionsEnded: 1 });
    expect(await wholeAuditLog()).to.not.contain(oneTimePassword);
  });

  it('should disable an account, ending its sessions and log-ins, and enable it again, both audited', async () => {
    const { oneTimePassword } = await createClerk({ username: 'mz-leaver', displayName: '离职' });
    const clerk = h.client();
    await clerk.login('mz-leaver', oneTimePassword);
    const disabled = await admin.post('/api/admin/staff/mz-leaver/disable', undefined);
    expect(disabled.status).to.equal(200);
    expect(bodyAs<{ account: Account }>(disabled).account).to.deep.include({ disabled: true, present: false });
    expect((await clerk.get('/api/session')).body.authenticated).to.equal(false);
    expect((await h.client().login('mz-leaver', oneTimePassword)).status).to.equal(401);
    expect((await h.store.staff.getStaff('mz-leaver'))!.active).to.equal(false);

    expect((await admin.post('/api/admin/staff/mz-leaver/enable', undefined)).status).to.equal(200);
    expect((await h.client().login('mz-leaver', oneTimePassword)).status).to.equal(201);
    const actions = (await auditOf('user', 'mz-leaver')).map((e) => [e.action, (e.detail as { before?: { disabled: boolean } }).before?.disabled, (e.detail as { after?: { disabled: boolean } }).after?.disabled]);
    expect(actions.filter(([a]) => String(a).startsWith('user.'))).to.deep.equal([
      ['user.create', undefined, false],
      ['user.disable', false, true],
      ['user.enable', true, false],
    ]);
  });

  it('should set a window’s A and B posts from the department’s active staff only', async () => {
    await createClerk({ username: 'mz-new-a', displayName: '新A' });
    const set = await put(admin, '/api/admin/posts/mz-window/holders', { holders: ['mz-new-a', 'mz-clerk-a', 'mz-clerk-b'] });
    expect(set.status, JSON.stringify(set.body)).to.equal(200);
    expect(bodyAs<PostBody>(set).holders.map((x) => [x.username, x.rank])).to.deep.equal([
      ['mz-new-a', 0],
      ['mz-clerk-a', 1],
      ['mz-clerk-b', 2],
    ]);
    const entry = (await auditOf('post', 'mz-window')).at(-1)!;
    expect(entry.detail).to.deep.include({ before: { holders: ['mz-clerk-a', 'mz-clerk-b'] }, after: { holders: ['mz-new-a', 'mz-clerk-a', 'mz-clerk-b'] } });

    for (const [holders, field] of [
      [['mz-clerk-a', 'zj-clerk-a'], 'holders.1'],
      [['mz-clerk-a', 'mz-clerk-a'], 'holders.1'],
      [['nobody'], 'holders.0'],
    ] as const) {
      const refused = await put(admin, '/api/admin/posts/mz-window/holders', { holders });
      expect(refused.status).to.equal(400);
      expect(refused.body.field).to.equal(field);
    }
    expect((await h.store.staff.holders('mz-window')).map((x) => x.staff.id)).to.deep.equal(['mz-new-a', 'mz-clerk-a', 'mz-clerk-b']);
    // back to the demo's posts for the tests after this one
    await put(admin, '/api/admin/posts/mz-window/holders', { holders: ['mz-clerk-a', 'mz-clerk-b'] });

    const created = await admin.post('/api/admin/posts', { code: 'mz-window-2', name: '民政局二号窗口', departmentCode: 'MZ', kind: 'window' });
    expect(created.status).to.equal(201);
    expect(bodyAs<PostBody>(created)).to.deep.include({ candidateGroup: 'window:MZ', holders: [] });
    expect((await admin.post('/api/admin/posts', { code: 'mz-window-2', name: '重复', departmentCode: 'MZ', kind: 'window' })).status).to.equal(409);
  });

  it('should record leave, training and business trips by China dates, refuse overlaps and past or reversed dates, and withdraw one', async () => {
    // the harness's clock: 2026-11-26 09:00 in China
    const leave = await admin.post('/api/admin/staff/zrzy-clerk-b/absences', { kind: 'leave', from: '2026-11-26', to: '2026-11-27', note: '年休假' });
    expect(leave.status, JSON.stringify(leave.body)).to.equal(201);
    const recorded = bodyAs<{ absence: Account['absences'][number] & { startsAt: string; endsAt: string }; account: Account }>(leave);
    expect(recorded.absence).to.deep.include({ kind: 'leave', reason: '年休假', from: '2026-11-26', to: '2026-11-27', current: true, startsAt: '2026-11-25T16:00:00.000Z', endsAt: '2026-11-27T16:00:00.000Z' });
    expect(recorded.account.present).to.equal(false);
    const trip = await admin.post('/api/admin/staff/zrzy-clerk-b/absences', { kind: 'business-trip', from: '2026-12-01', to: '2026-12-03' });
    expect(bodyAs<{ absence: { reason: string; current: boolean } }>(trip).absence).to.deep.include({ reason: '出差', current: false });

    for (const [body, status] of [
      [{ kind: 'training', from: '2026-11-27', to: '2026-11-28' }, 409],
      [{ kind: 'training', from: '2026-11-20', to: '2026-11-21' }, 400],
      [{ kind: 'training', from: '2026-12-10', to: '2026-12-09' }, 400],
      [{ kind: 'holiday', from: '2026-12-10', to: '2026-12-10' }, 400],
      [{ kind: 'training', from: '2026-12-10' }, 400],
    ] as const) {
      const res = await admin.post('/api/admin/staff/zrzy-clerk-b/absences', body);
      expect(res.status, JSON.stringify(body)).to.equal(status);
    }
    expect((await h.store.staff.absencesOf('zrzy-clerk-b', h.now())).map((a) => a.kind)).to.deep.equal(['leave', 'business-trip']);

    const withdrawn = await admin.delete(`/api/admin/absences/${recorded.absence.id}`);
    expect(withdrawn.status).to.equal(204);
    expect((await admin.delete(`/api/admin/absences/${recorded.absence.id}`)).status).to.equal(404);
    const audit = await auditOf('absence', recorded.absence.id);
    expect(audit.map((e) => e.action)).to.deep.equal(['absence.record', 'absence.delete']);
    expect(audit[1].detail).to.deep.include({ staffId: 'zrzy-clerk-b', after: null });
    expect((audit[1].detail as { before: { kind: string } }).before.kind).to.equal('leave');
  });
});
