import { api, el } from '../shared/api.js';
import { countdown, DUE_STATUS_LABELS, formatDateTime, groupLabel, type DueStatus } from '../shared/format.js';
import type { StaffUser } from '../shared/layout.js';
import type { InboxTask } from './types.js';

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

/**
 * The assignment control of a window head: a staff number and a button. Resolves with the answer
 * of the API, or throws its error.
 */
export function assignControl(onAssign: (assignee: string) => Promise<void>): HTMLElement {
  const input = el('input', { class: 'sh-input assign-input', placeholder: '工作人员编号', maxlength: '64', 'aria-label': '指派给（工作人员编号）' });
  const button = el('button', { type: 'button', class: 'sh-button sh-button-plain sh-button-small' }, '指派');
  button.addEventListener('click', () => {
    const who = input.value.trim();
    if (!who) {
      input.focus();
      return;
    }
    button.disabled = true;
    void onAssign(who).finally(() => (button.disabled = false));
  });
  return el('span', { class: 'assign' }, input, button);
}
