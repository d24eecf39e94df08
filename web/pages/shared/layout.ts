import { api, ApiError, el, session, type SessionInfo } from './api.js';
import { departmentName, loadDepartments } from './departments.js';
import { changePasswordAddress, CHANGE_PASSWORD } from './next.js';

/**
 * The staff pages' frame: a header with the center's name, the navigation the user's roles open
 * (待办 inbox, 提醒消息 a window head's alerts, 收件登记 registration, 投诉登记 complaint intake, 联办会商 joint desk, 办件查询 case search, 流程设计 designer, 电子监察 supervision, 流程运维 operations,
 * 工作日历 calendar, 人员管理 staff), the user's name and department, the change of password, and log-out. A page calls `mountLayout('inbox', '待办事项')` first and builds
 * inside the `main` it gets back; without a session the browser goes to /login?next=… .
 *
 * Import '../shared/shared.css' from the page's main.ts for the styles.
 */

export const CENTER_NAME = '县政务服务中心';

export type PageKey = 'inbox' | 'alerts' | 'register' | 'complaint-intake' | 'joint' | 'cases' | 'designer' | 'supervision' | 'ops' | 'calendar' | 'staff' | 'catalogue';

export type StaffUser = NonNullable<SessionInfo['user']>;

export interface Layout {
  user: StaffUser;
  /** the page's own area, below the header */
  main: HTMLElement;
  /** whether the user's roles open this page (the API checks again on every call) */
  allowed: boolean;
}

/** Which roles each page is for: the same roles the API lets through for its operations. */
export const PAGE_ROLES: Record<PageKey, readonly string[]> = {
  inbox: ['window-clerk', 'window-head', 'lead-window', 'department-reviewer', 'supervision', 'complaint-office', 'committee'],
  alerts: ['window-head'],
  register: ['window-clerk', 'lead-window', 'window-head'],
  'complaint-intake': ['complaint-office'],
  joint: ['window-clerk', 'lead-window', 'window-head', 'supervision'],
  designer: ['designer', 'admin'],
  supervision: ['supervision', 'committee', 'admin', 'complaint-office'],
  cases: ['window-clerk', 'window-head', 'lead-window', 'department-reviewer', 'supervision', 'committee'],
  ops: ['supervision', 'admin'],
  calendar: ['admin'],
  staff: ['admin'],
  catalogue: ['admin'],
};

const NAV: ReadonlyArray<{ key: PageKey; href: string; label: string }> = [
  { key: 'inbox', href: '/inbox', label: '待办事项' },
  { key: 'alerts', href: '/alerts', label: '提醒消息' },
  { key: 'register', href: '/register', label: '收件登记' },
  { key: 'complaint-intake', href: '/complaints/new', label: '投诉登记' },
  { key: 'joint', href: '/joint', label: '联办会商' },
  { key: 'cases', href: '/cases', label: '办件查询' },
  { key: 'designer', href: '/designer', label: '流程设计' },
  { key: 'supervision', href: '/supervision', label: '电子监察' },
  { key: 'ops', href: '/ops', label: '流程运维' },
  { key: 'calendar', href: '/admin/calendar', label: '工作日历' },
  { key: 'staff', href: '/admin/staff', label: '人员管理' },
  { key: 'catalogue', href: '/admin/catalogue', label: '事项目录' },
];

export const ROLE_LABELS: Record<string, string> = {
  'window-clerk': '窗口工作人员',
  'window-head': '窗口负责人',
  'lead-window': '牵头窗口',
  'department-reviewer': '联办审查',
  supervision: '业务督查科',
  'complaint-office': '投诉处',
  committee: '管委会',
  designer: '流程设计',
  admin: '系统管理员',
};

export function mayUse(page: PageKey, roles: readonly string[]): boolean {
  return roles.some((r) => PAGE_ROLES[page].includes(r));
}

/** Where a user lands after log-in when no page was asked for. */
export function homeOf(roles: readonly string[]): string {
  for (const key of ['inbox', 'supervision', 'designer'] as const) if (mayUse(key, roles)) return `/${key}`;
  return '/guide';
}

/** Off to the log-in page, coming back here afterwards. Resolves never: the page is left. */
export function toLogin(): Promise<never> {
  const next = `${location.pathname}${location.search}${location.hash}`;
  location.assign(`/login?next=${encodeURIComponent(next)}`);
  return new Promise<never>(() => {});
}

/** Off to set a new password, coming back here afterwards. Resolves never: the page is left. */
function toChangePassword(): Promise<never> {
  location.assign(changePasswordAddress(`${location.pathname}${location.search}${location.hash}`));
  return new Promise<never>(() => {});
}

/**
 * A 401 from any call means the session has ended (idle time-out, log-out elsewhere): log in
 * again. A 403 password-change-required means an administrator set the password meanwhile.
 */
export function handleUnauthenticated(error: unknown): boolean {
  if (error instanceof ApiError && error.problem.status === 401) {
    void toLogin();
    return true;
  }
  if (error instanceof ApiError && error.problem.code === 'password-change-required') {
    void toChangePassword();
    return true;
  }
  return false;
}

/** The words to show for a failed call: the API's Chinese detail, every field error listed. */
export function problemText(error: unknown): string {
  if (error instanceof ApiError) {
    const p = error.problem;
    const head = p.detail ?? p.title ?? `请求失败（${p.status}）`;
    const fields = (p.errors ?? []).map((e) => `${e.field}：${e.message}`);
    return fields.length > 0 && !fields.every((f) => head.includes(f)) ? `${head}（${fields.join('；')}）` : head;
  }
  if (error instanceof TypeError) return '无法连接服务器，请检查网络后重试';
  return error instanceof Error ? error.message : String(error);
}

/** A message at the top of an area: `kind` info, success, error. Replaces the previous one. */
export function showMessage(area: HTMLElement, kind: 'info' | 'success' | 'error', text: string): HTMLElement {
  area.querySelector(':scope > .sh-message')?.remove();
  const box = el('div', { class: `sh-message sh-message-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
  area.prepend(box);
  return box;
}

/** 退出登录: ends the session (whatever the answer) and goes to the log-in page. */
export function logoutButton(className: string): HTMLButtonElement {
  const logout = el('button', { type: 'button', class: className }, '退出登录');
  logout.addEventListener('click', () => {
    logout.disabled = true;
    api
      .delete('/api/session')
      .catch(() => undefined)
      .finally(() => location.assign('/login'));
  });
  return logout;
}

export async function mountLayout(active: PageKey, title: string): Promise<Layout> {
  document.documentElement.lang = 'zh-CN';
  document.title = `${title} - ${CENTER_NAME}`;
  const [info] = await Promise.all([session(), loadDepartments()]);
  if (!info.authenticated || !info.user) return toLogin();
  if (info.mustChangePassword) return toChangePassword();
  const user = info.user;

  const nav = el('nav', { class: 'sh-nav', 'aria-label': '主导航' });
  for (const item of NAV) {
    if (!mayUse(item.key, user.roles)) continue;
    const link = el('a', { href: item.href, class: item.key === active ? 'sh-nav-link sh-active' : 'sh-nav-link' }, item.label);
    if (item.key === active) link.setAttribute('aria-current', 'page');
    nav.append(link);
  }

  const department = el('span', { class: 'sh-user-dept' }, user.departmentCode ? departmentName(user.departmentCode) : '');
  const logout = logoutButton('sh-logout');
  const header = el(
    'header',
    { class: 'sh-header' },
    el('a', { class: 'sh-brand', href: homeOf(user.roles) }, el('span', { class: 'sh-brand-name' }, CENTER_NAME), el('span', { class: 'sh-brand-sub' }, '业务办理平台')),
    nav,
    el(
      'div',
      { class: 'sh-user' },
      el('span', { class: 'sh-user-name', title: user.roles.map((r) => ROLE_LABELS[r] ?? r).join('、') }, user.displayName),
      department,
      // styled as the log-out button beside it, but not it: pages and tests find 退出登录 by its class
      el('a', { class: 'sh-password-link', href: CHANGE_PASSWORD }, '修改密码'),
      logout,
    ),
  );
  const main = el('main', { class: 'sh-main', id: 'main' });
  document.body.replaceChildren(header, main);

  const allowed = mayUse(active, user.roles);
  if (!allowed) showMessage(main, 'error', `您的角色（${user.roles.map((r) => ROLE_LABELS[r] ?? r).join('、') || '无'}）不能使用「${title}」页面。`);
  return { user, main, allowed };
}
