import { api, el } from '../shared/api.js';
import { handleUnauthenticated, mayUse, problemText, showMessage } from '../shared/layout.js';
import { renderCaseFile } from './case-file.js';
import { listUrl, type InboxContext } from './common.js';
import type { CaseFile } from './types.js';

/**
 * One case's file without a task (/inbox?case=<number>): where a clerk meets a case that waits
 * for the applicant, e.g. to record the materials brought to the window, or opens its notices.
 */

export const CASE_NUMBER = /^[A-Z]{2}[0-9]{8}-[0-9]{4,6}$/;

export const caseUrl = (caseNumber: string) => `/inbox?case=${encodeURIComponent(caseNumber)}`;

export function renderCaseView(ctx: InboxContext, caseNumber: string): () => void {
  let disposed = false;
  const back = el('a', { href: listUrl(), class: 'task-back' }, '← 返回待办列表');
  back.addEventListener('click', (event) => {
    event.preventDefault();
    ctx.navigate(listUrl());
  });
  const messages = el('div', { class: 'task-messages' });
  const panel = el('section', { class: 'sh-panel case-file case-file-alone', 'aria-label': '案卷' }, el('div', { class: 'sh-empty' }, '正在加载案卷…'));
  ctx.main.replaceChildren(el('div', { class: 'task-view' }, back, el('h1', {}, `办件 ${caseNumber}`), messages, panel));

  const load = async () => {
    try {
      const file = await api.get<CaseFile>(`/api/cases/${encodeURIComponent(caseNumber)}`);
      if (disposed) return;
      document.title = `办件 ${caseNumber} - ${document.title.split(' - ').pop() ?? ''}`;
      panel.replaceChildren(
        ...renderCaseFile(
          file,
          '',
          (done) => {
            showMessage(messages, 'success', done);
            void load();
          },
          mayUse('ops', ctx.user.roles),
        ),
      );
    } catch (e) {
      if (handleUnauthenticated(e) || disposed) return;
      panel.replaceChildren();
      showMessage(messages, 'error', problemText(e));
    }
  };
  void load();
  return () => {
    disposed = true;
  };
}

/** 查办件: a case number typed in the list's header opens its file. */
export function caseSearch(ctx: InboxContext): HTMLElement {
  const input = el('input', { type: 'search', id: 'case-search', maxlength: '20', placeholder: '如 SH20261102-0001', autocomplete: 'off' });
  const error = el('span', { class: 'case-search-error', role: 'alert' });
  const form = el('form', { class: 'case-search', role: 'search', 'aria-label': '查找办件' }, el('label', { for: input.id }, '查办件'), input, el('button', { type: 'submit', class: 'sh-button sh-button-small' }, '打开案卷'), error);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const number = input.value.trim().toUpperCase();
    if (!CASE_NUMBER.test(number)) {
      error.textContent = '请输入完整的办件编号';
      return;
    }
    ctx.navigate(caseUrl(number));
  });
  return form;
}
