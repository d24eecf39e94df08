import { api, el } from '../shared/api.js';
import { handleUnauthenticated, problemText } from '../shared/layout.js';
import { showNotice, type NoticeDocument } from '../shared/notice-print.js';
import './style.css';

/**
 * A notice for staff (/notices/<number>), opened from a case file in one click: the A4 page as
 * issued with a print button. The API checks role and department; the page holds nothing.
 */
async function main(): Promise<void> {
  const number = decodeURIComponent(location.pathname.split('/').pop() ?? '');
  try {
    const doc = await api.get<NoticeDocument>(`/api/notices/${encodeURIComponent(number)}`);
    document.title = `${doc.title}（${doc.number}）- 县政务服务中心`;
    showNotice(doc);
  } catch (error) {
    if (handleUnauthenticated(error)) return;
    document.body.replaceChildren(el('main', { class: 'notice-failed' }, el('h1', {}, '无法打开文书'), el('p', { role: 'alert' }, problemText(error))));
  }
}

void main();
