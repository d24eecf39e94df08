import type { Response } from 'express';
import { chinaDay, chinaDayStart } from '../../domain/calendar/china-time.js';
import type { AbsenceKind, Repositories, User } from '../../domain/store/index.js';
import { auditEntry, type AuditEvent } from '../audit.js';
import { loginAccountKey } from '../auth/login-limits.js';
import { oneTimePassword } from '../auth/password-policy.js';
import type { Role } from '../auth/roles.js';
import { CENTER_DEPARTMENT } from '../demo-accounts.js';
import { authenticatedOf, inputOf } from '../http/context.js';
import { ApiProblem, type FieldError } from '../http/problem.js';
import { createInboxEngine } from '../inbox/engine.js';
import type { Api } from '../openapi/routes.js';
import { ABSENCE_KIND_LABELS } from '../staff/absence-kinds.js';
import { absenceBody, accountBody, postBody, staffIdOfUser } from '../staff/account-view.js';
import { createAbsenceHandover, type AbsenceHandover, type HandoverCause } from '../staff/handover.js';
import type { ApiContext } from './context.js';

/**
 * 人员管理 (role admin): accounts and their staff records, posts with their A/B holders, absences.
 * Each change and its audit entry (before and after, never a password or its hash) are one
 * transaction; a change that takes someone away from work then hands their open tasks to the
 * post's covering holder (web/staff/handover.ts).
 */

interface Profile {
  displayName: string;
  departmentCode: string;
  roles: Role[];
}

interface NewAbsenceBody {
  kind: AbsenceKind;
  from: string;
  to: string;
  note?: string;
}

const POST_GROUPS = { window: 'window', head: 'head', review: 'review' } as const;

const fieldProblem = (field: string, message: string, code: 'validation' | 'conflict' = 'validation') =>
  new ApiProblem(code, message, code === 'validation' ? [{ in: 'body', field, message } satisfies FieldError] : []);

/** What the audit keeps of an account: everything an administrator can change, no secret. */
const auditView = (u: User) => ({ displayName: u.displayName, departmentCode: u.departmentCode, roles: u.roles, disabled: u.disabled, mustChangePassword: u.mustChangePassword });

export function registerStaffAdminRoutes(api: Api, ctx: ApiContext, handover: AbsenceHandover = createAbsenceHandover({ store: ctx.store, engine: createInboxEngine(ctx.camunda), clock: ctx.clock, log: ctx.log, notifyChannels: ctx.notifyChannels })): void {
  const { store, clock, passwords } = ctx;

  const requireUser = async (repos: Pick<Repositories, 'users'>, username: string): Promise<User> => {
    const user = await repos.users.get(username);
    if (!user) throw new ApiProblem('not-found', `没有用户名为 ${username} 的账号`);
    return user;
  };

  const requireDepartment = async (code: string): Promise<void> => {
    if (code === CENTER_DEPARTMENT) return;
    if (!(await store.catalogue.listDepartments()).some((d) => d.code === code)) throw fieldProblem('departmentCode', `没有代码为 ${code} 的部门`);
  };

  const requestCause = (res: Response): HandoverCause => ({ actor: authenticatedOf(res).principal.username, audit: (event: AuditEvent, at: Date) => auditEntry(res, at, event) });

  const respondAccount = async (username: string) => accountBody(store, await requireUser(store, username), clock());

  api.get('/api/admin/staff', 'listStaffAccounts', async (_req, res) => {
    const { query } = inputOf<{ query: { search?: string; department?: string } }>(res);
    const users = await store.users.list({ search: query.search, departmentCode: query.department });
    const now = clock();
    res.json({ staff: await Promise.all(users.map((u) => accountBody(store, u, now))) });
  });

  api.get('/api/admin/staff/{username}', 'getStaffAccount', async (_req, res) => {
    res.json(await respondAccount(inputOf(res).params.username));
  });

  api.post('/api/admin/staff', 'createStaffAccount', async (_req, res) => {
    const { body } = inputOf<{ body: Profile & { username: string } }>(res);
    await requireDepartment(body.departmentCode);
    const password = oneTimePassword();
    const hash = await passwords.hash(password);
    const now = clock();
    const account = await store.transaction(async (tx) => {
      if ((await tx.users.get(body.username)) || (await tx.staff.getStaff(body.username))) throw new ApiProblem('conflict', `用户名 ${body.username} 已被占用`);
      await tx.staff.upsertStaff({ id: body.username, name: body.displayName, departmentCode: body.departmentCode, roles: body.roles, phone: null, email: null, active: true });
      await tx.users.addIfMissing({ ...body, staffId: body.username, passwordHash: hash, mustChangePassword: true });
      const created = await requireUser(tx, body.username);
      await tx.audit.record(auditEntry(res, now, { action: 'user.create', targetType: 'user', targetId: body.username, detail: { before: null, after: auditView(created) } }));
      return accountBody(tx, created, now);
    });
    res.status(201).json({ account, oneTimePassword: password });
  });

  api.put('/api/admin/staff/{username}', 'updateStaffAccount', async (_req, res) => {
    const { body } = inputOf<{ body: Profile }>(res);
    const { principal } = authenticatedOf(res);
    const username = inputOf(res).params.username;
    await requireDepartment(body.departmentCode);
    if (username === principal.username && !body.roles.includes('admin')) throw fieldProblem('roles', '不能取消自己的系统管理员角色，以免无人能管理账号');
    const now = clock();
    const account = await store.transaction(async (tx) => {
      const before = await requireUser(tx, username);
      const staffId = staffIdOfUser(before);
      const elsewhere = (await tx.staff.postsHeldBy(staffId)).filter(({ post }) => post.departmentCode !== body.departmentCode);
      if (elsewhere.length > 0) throw new ApiProblem('conflict', `${before.displayName} 仍担任 ${elsewhere.map(({ post }) => post.name).join('、')}：请先在岗位设置中调整，再改部门`);
      const after = await tx.users.updateProfile(username, body);
      const staff = await tx.staff.getStaff(staffId);
      await tx.staff.upsertStaff({ id: staffId, name: body.displayName, departmentCode: body.departmentCode, roles: body.roles, phone: staff?.phone ?? null, email: staff?.email ?? null, active: staff?.active ?? !after.disabled });
      await tx.audit.record(auditEntry(res, now, { action: 'user.update', targetType: 'user', targetId: username, detail: { before: auditView(before), after: auditView(after) } }));
      return accountBody(tx, after, now);
    });
    res.json(account);
  });

  const setDisabled = async (res: Response, username: string, disabled: boolean) => {
    const now = clock();
    await store.transaction(async (tx) => {
      const before = await requireUser(tx, username);
      const after = await tx.users.setDisabled(username, disabled);
      const staffId = staffIdOfUser(before);
      const staff = await tx.staff.getStaff(staffId);
      if (staff) await tx.staff.upsertStaff({ ...staff, active: !disabled });
      const sessionsEnded = disabled ? await tx.sessions.deleteForUser(username) : 0;
      await tx.audit.record(
        auditEntry(res, now, { action: disabled ? 'user.disable' : 'user.enable', targetType: 'user', targetId: username, detail: { before: auditView(before), after: auditView(after), sessionsEnded } }),
      );
    });
    const handedOver = disabled ? await handover.handOver(staffIdOfUser(await requireUser(store, username)), requestCause(res)) : [];
    res.json({ account: await respondAccount(username), handedOver });
  };

  api.post('/api/admin/staff/{username}/disable', 'disableStaffAccount', async (_req, res) => {
    if (inputOf(res).params.username === authenticatedOf(res).principal.username) throw new ApiProblem('conflict', '不能停用自己的账号');
    await setDisabled(res, inputOf(res).params.username, true);
  });

  api.post('/api/admin/staff/{username}/enable', 'enableStaffAccount', async (_req, res) => {
    await setDisabled(res, inputOf(res).params.username, false);
  });

  api.post('/api/admin/staff/{username}/password-reset', 'resetStaffPassword', async (_req, res) => {
    const username = inputOf(res).params.username;
    await requireUser(store, username);
    const password = oneTimePassword();
    const hash = await passwords.hash(password);
    const now = clock();
    const account = await store.transaction(async (tx) => {
      const before = await requireUser(tx, username);
      const after = await tx.users.setPassword(username, hash, true);
      // a session opened with the old password must not outlive it
      const sessionsEnded = await tx.sessions.deleteForUser(username);
      // the admin's unlock path: an account throttled by guesses from many addresses logs in again
      await tx.rateLimits.reset(loginAccountKey(username));
      await tx.audit.record(
        auditEntry(res, now, {
          action: 'user.password-reset',
          targetType: 'user',
          targetId: username,
          detail: { before: { mustChangePassword: before.mustChangePassword }, after: { mustChangePassword: after.mustChangePassword }, sessionsEnded },
        }),
      );
      return accountBody(tx, after, now);
    });
    res.json({ account, oneTimePassword: password });
  });

  api.post('/api/admin/staff/{username}/absences', 'recordStaffAbsence', async (_req, res) => {
    const { body } = inputOf<{ body: NewAbsenceBody }>(res);
    const username = inputOf(res).params.username;
    const now = clock();
    if (body.to < body.from) throw fieldProblem('to', '结束日期不能早于开始日期');
    if (body.to < chinaDay(now)) throw fieldProblem('to', '该时段已经过去，无需登记');
    const startsAt = chinaDayStart(body.from);
    const endsAt = new Date(chinaDayStart(body.to).getTime() + 86_400_000);
    const absence = await store.transaction(async (tx) => {
      const user = await requireUser(tx, username);
      const staffId = staffIdOfUser(user);
      const overlapping = (await tx.staff.absencesOf(staffId, startsAt)).find((a) => a.startsAt < endsAt);
      if (overlapping) {
        const o = absenceBody(overlapping, now);
        throw new ApiProblem('conflict', `${user.displayName} 在 ${o.from} 至 ${o.to} 已登记${ABSENCE_KIND_LABELS[o.kind]}，时段不能重叠`);
      }
      const added = await tx.staff.addAbsence({ staffId, startsAt, endsAt, kind: body.kind, reason: body.note ?? ABSENCE_KIND_LABELS[body.kind], createdBy: authenticatedOf(res).principal.username });
      await tx.audit.record(auditEntry(res, now, { action: 'absence.record', targetType: 'absence', targetId: added.id, detail: { staffId, before: null, after: absenceBody(added, now) } }));
      return added;
    });
    const handedOver = await handover.handOver(absence.staffId, requestCause(res));
    res.status(201).json({ absence: absenceBody(absence, now), account: await respondAccount(username), handedOver });
  });

  api.delete('/api/admin/absences/{id}', 'deleteStaffAbsence', async (_req, res) => {
    const now = clock();
    await store.transaction(async (tx) => {
      const absence = await tx.staff.getAbsence(inputOf(res).params.id);
      if (!absence) throw new ApiProblem('not-found', '没有这条请假、培训、出差登记');
      await tx.staff.removeAbsence(absence.id);
      await tx.audit.record(auditEntry(res, now, { action: 'absence.delete', targetType: 'absence', targetId: absence.id, detail: { staffId: absence.staffId, before: absenceBody(absence, now), after: null } }));
    });
    res.status(204).end();
  });

  api.get('/api/admin/posts', 'listPosts', async (_req, res) => {
    const { query } = inputOf<{ query: { department?: string } }>(res);
    const now = clock();
    const posts = await store.staff.listPosts({ departmentCode: query.department });
    res.json({ posts: await Promise.all(posts.map((p) => postBody(store, p, now))) });
  });

  api.post('/api/admin/posts', 'createPost', async (_req, res) => {
    const { body } = inputOf<{ body: { code: string; name: string; departmentCode: string; kind: keyof typeof POST_GROUPS } }>(res);
    await requireDepartment(body.departmentCode);
    const now = clock();
    const created = await store.transaction(async (tx) => {
      if (await tx.staff.getPost(body.code)) throw new ApiProblem('conflict', `岗位代码 ${body.code} 已被占用`);
      const post = await tx.staff.upsertPost({ code: body.code, name: body.name, departmentCode: body.departmentCode, candidateGroup: `${POST_GROUPS[body.kind]}:${body.departmentCode}` });
      await tx.audit.record(auditEntry(res, now, { action: 'post.create', targetType: 'post', targetId: post.code, detail: { before: null, after: post } }));
      return postBody(tx, post, now);
    });
    res.status(201).json(created);
  });

  api.put('/api/admin/posts/{code}/holders', 'setPostHolders', async (_req, res) => {
    const { body } = inputOf<{ body: { holders: string[] } }>(res);
    const now = clock();
    const updated = await store.transaction(async (tx) => {
      const post = await tx.staff.getPost(inputOf(res).params.code);
      if (!post) throw new ApiProblem('not-found', `没有代码为 ${inputOf(res).params.code} 的岗位`);
      const ids: string[] = [];
      for (const [index, username] of body.holders.entries()) {
        const field = `holders.${index}`;
        const user = await tx.users.get(username);
        if (!user) throw new ApiProblem('validation', `没有用户名为 ${username} 的账号`, [{ in: 'body', field, message: '没有这个账号' }]);
        if (user.disabled) throw new ApiProblem('validation', `${user.displayName} 的账号已停用`, [{ in: 'body', field, message: '账号已停用' }]);
        if (user.departmentCode !== post.departmentCode) throw new ApiProblem('validation', `${user.displayName} 不是本部门人员`, [{ in: 'body', field, message: '不是本部门人员' }]);
        const id = staffIdOfUser(user);
        if (ids.includes(id)) throw new ApiProblem('validation', `${user.displayName} 重复`, [{ in: 'body', field, message: '同一人只能担任一个位置' }]);
        ids.push(id);
      }
      const before = (await tx.staff.holders(post.code)).map((h) => h.staff.id);
      await tx.staff.setHolders(post.code, ids);
      await tx.audit.record(auditEntry(res, now, { action: 'post.holders', targetType: 'post', targetId: post.code, detail: { before: { holders: before }, after: { holders: ids } } }));
      return postBody(tx, post, now);
    });
    res.json(updated);
  });
}
