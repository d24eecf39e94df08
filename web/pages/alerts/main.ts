import { api, el } from '../shared/api.js';
import { formatDateTime } from '../shared/format.js';
import { handleUnauthenticated, mountLayout, problemText, showMessage } from '../shared/layout.js';
import '../shared/shared.css';
import './style.css';

/**
 * 提醒消息 for a window head: the alerts sent to the department's head (an empty post, AB岗) and
 * to the head in person, newest first, unread ones marked, each with a link to its case and a
 * button to mark it read. The API checks role and department again on every call.
 */

interface Alert {
  id: string;
  subject: string | null;
  body: string;
  createdAt: string;
  readAt: string | null;
  caseNumber: string | null;
}

const layout = await mountLayout('alerts', '提醒消息');
if (layout.allowed) {
  const { main } = layout;
  const summary = el('p', { class: 'sh-muted', id: 'alerts-summary' });
  const list = el('ul', { class: 'alerts-list', id: 'alerts-list' });
  main.append(el('h1', {}, '提醒消息'), summary, list);

  const item = (alert: Alert): HTMLElement => {
    const state = el('span', { class: 'alerts-state sh-muted' }, alert.readAt ? `已读 ${formatDateTime(alert.readAt)}` : '未读');
    const actions = el('div', { class: 'alerts-actions' });
    if (alert.caseNumber) actions.append(el('a', { href: `/cases?number=${encodeURIComponent(alert.caseNumber)}` }, `查看办件 ${alert.caseNumber}`));
    if (!alert.readAt) {
      const read = el('button', { type: 'button', class: 'sh-button sh-button-small' }, '标为已读');
      read.addEventListener('click', () => {
        read.disabled = true;
        api
          .post(`/api/alerts/${encodeURIComponent(alert.id)}/read`)
          .then(load)
          .catch((error: unknown) => {
            read.disabled = false;
            if (!handleUnauthenticated(error)) showMessage(main, 'error', problemText(error));
          });
      });
      actions.append(read);
    }
    return el(
      'li',
      { class: alert.readAt ? 'alerts-item' : 'alerts-item alerts-unread', 'data-alert': alert.id },
      el('div', { class: 'alerts-head' }, el('span', { class: 'alerts-subject' }, alert.subject ?? '提醒'), el('span', { class: 'sh-muted' }, formatDateTime(alert.createdAt)), state),
      el('p', { class: 'alerts-body' }, alert.body),
      actions,
    );
  };

  async function load(): Promise<void> {
    try {
      const found = await api.get<{ unread: number; alerts: Alert[] }>('/api/alerts');
      summary.textContent = found.alerts.length === 0 ? '暂无提醒。' : `共 ${found.alerts.length} 条，其中未读 ${found.unread} 条。`;
      list.replaceChildren(...found.alerts.map(item));
    } catch (error) {
      if (!handleUnauthenticated(error)) showMessage(main, 'error', problemText(error));
    }
  }
  await load();
}
