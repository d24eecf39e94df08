import { api, el } from '../shared/api.js';
import { countdown, DUE_STATUS_LABELS, formatDateTime, groupLabel, type DueStatus } from '../shared/format.js';
import type { StaffUser } from '../shared/layout.js';
import type { AssigneeOption, InboxTask } from './types.js';

/** What the inbox's two views (list, task) share. */
export interface InboxContext {
  user: StaffUser;
  main: HTMLElement;
  /** moves to another view of the page without reloading it */
  navigate(url: string): void;
}

export const STATE_LABELS: Record<string, string> = { created: '待办', completed: '已办结', canceled: '已取消' };

/** Can this user work on the task: one of its groups is theirs (the API decides, this only picks the buttons). */
export function inMyGroups(user: StaffUser, task: InboxTask): boolean {
  return task.candidateGroups.some((g) => user.candidateGroups.includes(g));
}

export function isHead(user: StaffUser): boolean {
  return user.roles.includes('window-head');
}

/** A task of the department whose window the user heads (the API decides, this only picks the controls). */
export function headsTask(user: StaffUser, task: InboxTask): boolean {
  return isHead(user) && task.department?.code === user.departmentCode;
}

export function personName(p: { id: string; name: string | null } | null): string {
  return p ? (p.name ?? p.id) : '';
}

/** The due status badge with its countdown; `data-due` lets the page refresh the countdown as time passes. */
export function dueCell(task: { dueAt: string | null; dueStatus: DueStatus; state?: string }): HTMLElement {
  const badge = el('span', { class: `sh-badge sh-due-${task.dueStatus}` }, DUE_STATUS_LABELS[task.dueStatus]);
  if (!task.dueAt) return el('span', { class: 'due' }, el('span', { class: 'sh-muted' }, '无时限'));
  const open = task.state === undefined || task.state === 'created';
  const left = el('span', { class: 'due-countdown', ...(open ? { 'data-due': task.dueAt } : {}) }, open ? countdown(task.dueAt) : '');
  return el('span', { class: 'due' }, badge, ' ', left, el('span', { class: 'due-at sh-muted' }, formatDateTime(task.dueAt)));
}

/** Every countdown on the page, brought up to date. */
export function refreshCountdowns(root: ParentNode): void {
  root.querySelectorAll<HTMLElement>('[data-due]').forEach((node) => {
    node.textContent = countdown(node.dataset.due ?? null);
  });
}

/** What a task is about, by number: its case, or the complaint a complaint task serves. */
export const subjectNumber = (task: InboxTask): string | null => task.caseNumber ?? task.complaint?.number ?? null;

export function groupsText(groups: string[]): string {
  return groups.map(groupLabel).join('、');
}

export const claimTask = (key: string) => api.post<InboxTask>(`/api/tasks/${encodeURIComponent(key)}/claim`);
export const unclaimTask = (key: string) => api.post<InboxTask>(`/api/tasks/${encodeURIComponent(key)}/unclaim`);
export const assignTask = (key: string, assignee: string) => api.post<InboxTask>(`/api/tasks/${encodeURIComponent(key)}/assign`, { assignee });

/** A message carried over to the next view (e.g. 「已办结」 after a completion sends the clerk back to the list). */
export function setFlash(text: string): void {
  sessionStorage.setItem('sh-inbox-flash', text);
}

export function takeFlash(): string | null {
  const text = sessionStorage.getItem('sh-inbox-flash');
  sessionStorage.removeItem('sh-inbox-flash');
  return text;
}

/** The list the clerk last looked at, to go back to from a task. */
export function rememberListUrl(url: string): void {
  sessionStorage.setItem('sh-inbox-list', url);
}

export function listUrl(): string {
  return sessionStorage.getItem('sh-inbox-list') ?? '/inbox';
}

/** 王芳 · 受理窗口A岗, 李强 · 受理窗口B岗 · 今日不在岗（年假）. */
export function assigneeText(o: AssigneeOption): string {
  const posts = o.posts.map((p) => `${p.name}${p.rank === 0 ? 'A岗' : `B岗${o.posts.length > 1 || p.rank > 1 ? p.rank : ''}`}`).join('、');
  const away = o.present ? '' : ` · 今日不在岗${o.absence ? `（${o.absence.reason}，${formatDateTime(o.absence.endsAt)} 返岗）` : ''}`;
  return `${o.name}${posts ? ` · ${posts}` : ''}${o.current ? ' · 当前领取人' : ''}${away}`;
}

/**
 * The window head's assignment control: the staff of the task's window with their A/B posts, the
 * absent ones listed but not selectable, and a button. The list is fetched when the control is
 * first used (`eager` fetches it at once); onAssign gets the chosen person.
 */
export function assignControl(taskKey: string, onAssign: (assignee: AssigneeOption) => Promise<void>, eager = false): HTMLElement {
  const placeholder = () => el('option', { value: '' }, '选择工作人员…');
  const select = el('select', { class: 'sh-input assign-select', 'aria-label': '指派给' }, placeholder());
  const button = el('button', { type: 'button', class: 'sh-button sh-button-plain sh-button-small' }, '指派');
  const status = el('span', { class: 'assign-status sh-muted', role: 'status' });
  let options: AssigneeOption[] | undefined;
  let loading: Promise<void> | undefined;
  const load = () =>
    (loading ??= api
      .get<{ assignees: AssigneeOption[] }>(`/api/tasks/${encodeURIComponent(taskKey)}/assignees`)
      .then(({ assignees }) => {
        options = assignees;
        select.replaceChildren(
          placeholder(),
          ...assignees.map((o) => el('option', { value: o.id, ...(o.present && !o.current ? {} : { disabled: '' }) }, assigneeText(o))),
        );
        if (assignees.length === 0) status.textContent = '本窗口没有可办理此任务的人员';
      })
      .catch((e: unknown) => {
        loading = undefined;
        status.textContent = `人员列表未能加载：${e instanceof Error ? e.message : String(e)}`;
      }));
  select.addEventListener('focus', () => void load());
  select.addEventListener('pointerdown', () => void load());
  if (eager) void load();
  button.addEventListener('click', () => {
    const chosen = options?.find((o) => o.id === select.value);
    if (!chosen) {
      select.focus();
      return;
    }
    button.disabled = true;
    void onAssign(chosen).finally(() => (button.disabled = false));
  });
  return el('span', { class: 'assign' }, select, button, status);
}
