import '../shared/shared.css';
import './style.css';
import { el } from '../shared/api.js';
import { mountLayout } from '../shared/layout.js';
import type { InboxContext } from './common.js';
import { CASE_NUMBER, renderCaseView } from './case-view.js';
import { renderList } from './list.js';
import { LiveFeed } from './live.js';
import { renderTask } from './task.js';

/**
 * The clerk inbox (/inbox): the list of my tasks and my groups' tasks, a task opened with its
 * form and case file (/inbox?task=<key>), and a case's file alone (/inbox?case=<number>). One
 * page, three views, moved between without a reload; the live feed stays open across them.
 */
async function main(): Promise<void> {
  const layout = await mountLayout('inbox', '待办事项');
  if (!layout.allowed) return;

  const live = new LiveFeed();
  const toasts = el('div', { class: 'inbox-toasts', 'aria-live': 'polite' });
  document.body.append(toasts);
  // by task key: a note is only news until its task is opened, however the clerk gets there
  const dropToast = new Map<string, () => void>();

  let dispose: () => void = () => {};
  const render = () => {
    dispose();
    window.scrollTo(0, 0);
    const params = new URLSearchParams(location.search);
    const key = params.get('task');
    const caseNumber = params.get('case');
    if (key) dropToast.get(key)?.();
    if (key && /^[0-9]{1,20}$/.test(key)) dispose = renderTask(ctx, key);
    else if (caseNumber && CASE_NUMBER.test(caseNumber)) dispose = renderCaseView(ctx, caseNumber);
    else dispose = renderList(ctx, live);
  };
  const ctx: InboxContext = {
    user: layout.user,
    main: layout.main,
    navigate(url) {
      if (url !== `${location.pathname}${location.search}`) history.pushState(null, '', url);
      render();
    },
  };
  window.addEventListener('popstate', render);

  // a new task for me or my groups while a task is open: a note with a link to it (the list shows it as a new row)
  live.subscribe({
    task(task) {
      const open = new URLSearchParams(location.search).get('task');
      if (open === null || open === task.userTaskKey || dropToast.has(task.userTaskKey)) return;
      const href = `/inbox?task=${encodeURIComponent(task.userTaskKey)}`;
      const link = el('a', { href }, '打开');
      link.addEventListener('click', (event) => {
        event.preventDefault();
        ctx.navigate(href);
      });
      const close = el('button', { type: 'button', class: 'inbox-toast-close', 'aria-label': '关闭' }, '×');
      const toast = el('div', { class: 'inbox-toast', role: 'status' }, `新任务：${task.name}${task.caseNumber ? `（${task.caseNumber}）` : ''} `, link, close);
      const drop = () => {
        toast.remove();
        dropToast.delete(task.userTaskKey);
      };
      close.addEventListener('click', drop);
      toasts.append(toast);
      dropToast.set(task.userTaskKey, drop);
      window.setTimeout(drop, 8_000);
    },
  });
  live.start();
  window.addEventListener('pagehide', () => {
    dispose();
    live.stop();
  });
  render();
}

void main();
