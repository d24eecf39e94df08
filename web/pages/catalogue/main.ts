import { api, ApiError, el } from '../shared/api.js';
import { catalogueDepartments, departmentName } from '../shared/departments.js';
import { CASE_TYPE_LABELS, formatDate, formatDateTime } from '../shared/format.js';
import { handleUnauthenticated, mountLayout, problemText, showMessage } from '../shared/layout.js';
import '../shared/shared.css';
import { renderHistory } from './history.js';
import { createItemForm } from './item-form.js';
import type { AdminItem, Item, ListRow } from './types.js';
import './style.css';

/**
 * 事项目录 (administrators, docs/decisions/0012-catalogue-versions.md): the items by department
 * with their published version and draft; an item opened (?item=MZ-002) in a form that saves
 * its draft, shows the catalogue rules' errors beside the fields, publishes the draft as the next
 * version or discards it, and lists the versions published so far. The guide shows only what is
 * published; cases keep the version they were registered under.
 */

const layout = await mountLayout('catalogue', '事项目录');
if (layout.allowed) {
  const { main } = layout;
  const departmentSelect = el(
    'select',
    { id: 'cat-department', class: 'sh-select', 'aria-label': '部门' },
    el('option', { value: '' }, '全部部门'),
    ...catalogueDepartments().map((d) => el('option', { value: d.code }, d.name)),
  );
  const messages = el('div', { class: 'cat-messages' });
  const list = el('section', { id: 'cat-list', 'aria-label': '事项列表' });
  const detail = el('section', { id: 'cat-item', 'aria-label': '事项' });
  const newCode = el('input', { type: 'text', id: 'cat-new-code', class: 'sh-input', size: '10', placeholder: '如 MZ-003', 'aria-label': '新事项编码' });
  const newButton = el('button', { type: 'button', class: 'sh-button', id: 'cat-new' }, '新建事项');
  main.append(
    el('h1', {}, '事项目录'),
    el('div', { class: 'cat-toolbar' }, el('label', { for: 'cat-department' }, '部门 '), departmentSelect, el('span', { class: 'cat-spacer' }), newCode, newButton),
    messages,
    list,
    detail,
  );

  const fail = (area: HTMLElement) => (error: unknown) => {
    if (!handleUnauthenticated(error)) showMessage(area, 'error', problemText(error));
  };

  async function loadList(): Promise<void> {
    const query = departmentSelect.value ? `?department=${departmentSelect.value}` : '';
    const { items } = await api.get<{ items: ListRow[] }>(`/api/admin/catalogue/items${query}`);
    const byDepartment = new Map<string, ListRow[]>();
    for (const row of items) byDepartment.set(row.departmentCode, [...(byDepartment.get(row.departmentCode) ?? []), row]);
    list.replaceChildren(
      ...(items.length === 0 ? [el('p', { class: 'sh-muted' }, '该部门没有事项。')] : []),
      ...[...byDepartment].map(([code, rows]) =>
        el(
          'div',
          { class: 'sh-panel cat-department', 'data-department': code },
          el('h2', {}, departmentName(code)),
          el(
            'table',
            { class: 'sh-table' },
            el('thead', {}, el('tr', {}, ...['编码', '事项名称', '办件类型', '已发布', '草稿', ''].map((h) => el('th', {}, h)))),
            el('tbody', {}, ...rows.map(listRow)),
          ),
        ),
      ),
    );
  }

  function listRow(row: ListRow): HTMLTableRowElement {
    const open = el('a', { href: `?item=${encodeURIComponent(row.code)}`, class: 'sh-button sh-button-small' }, '打开');
    open.addEventListener('click', (event) => {
      event.preventDefault();
      void openItem(row.code);
    });
    return el(
      'tr',
      { 'data-item': row.code },
      el('td', {}, row.code),
      el('td', {}, row.name),
      el('td', {}, CASE_TYPE_LABELS[row.caseType] ?? row.caseType),
      el('td', {}, row.version === null ? '未发布' : `第 ${row.version} 版（${formatDate(row.publishedAt)}）`),
      el('td', {}, row.draft ? el('span', { class: 'sh-badge sh-badge-blue' }, `草稿 · ${formatDateTime(row.draft.updatedAt)}`) : ''),
      el('td', {}, open),
    );
  }

  async function openItem(code: string, done?: string): Promise<void> {
    history.replaceState(null, '', `?item=${encodeURIComponent(code)}`);
    const view = await api.get<AdminItem>(`/api/admin/catalogue/items/${encodeURIComponent(code)}`).catch((error: unknown) => {
      fail(messages)(error);
      return null;
    });
    if (view) renderItem(view, done);
  }

  /** An item not in the catalogue yet: the department chosen above, a promised item, one row of each list to fill. */
  const blankItem = (code: string): Item => ({
    code,
    name: '',
    departmentCode: departmentSelect.value || code.split('-')[0],
    caseType: 'promised',
    legalBasis: '',
    conditions: [],
    materials: [{ code: '', name: '', required: true }],
    procedure: '',
    statutoryDays: 0,
    promisedDays: 0,
    fees: [{ code: 'none', name: '', amountFen: 0, basis: '不收费' }],
    result: '',
    window: '',
  });

  newButton.addEventListener('click', () => {
    const code = newCode.value.trim().toUpperCase();
    messages.replaceChildren();
    if (!/^[A-Z]{2,8}-[0-9]{3}$/.test(code)) {
      showMessage(messages, 'error', '新事项编码应为部门代码加三位数字，如 MZ-003');
      return;
    }
    api
      .get<AdminItem>(`/api/admin/catalogue/items/${encodeURIComponent(code)}`)
      .then(() => openItem(code, `事项 ${code} 已在目录中，已打开。`))
      .catch((error: unknown) => {
        if (!(error instanceof ApiError) || error.problem.status !== 404) return fail(messages)(error);
        history.replaceState(null, '', `?item=${encodeURIComponent(code)}`);
        renderItem({ code, published: null, draft: null, versions: [] }, undefined, blankItem(code));
      });
  });

  function renderItem(view: AdminItem, done?: string, fresh?: Item): void {
    const editing = fresh ?? view.draft?.item ?? view.published!.item;
    const form = createItemForm(editing);
    const itemMessages = el('div', { class: 'cat-item-messages' });
    const save = el('button', { type: 'button', class: 'sh-button', id: 'cat-save' }, '保存草稿');
    const nextVersion = (view.published?.version ?? 0) + 1;
    const publish = el('button', { type: 'button', class: 'sh-button', id: 'cat-publish' }, `发布为第 ${nextVersion} 版`);
    const discard = el('button', { type: 'button', class: 'sh-button sh-button-plain', id: 'cat-discard' }, '放弃草稿');
    publish.disabled = view.draft === null;
    discard.disabled = view.draft === null;
    const published = view.published
      ? `已发布第 ${view.published.version} 版，${formatDateTime(view.published.publishedAt)}${view.published.edition ? `（目录文件 ${view.published.edition}）` : `（${view.published.publishedByName ?? '系统管理员'}）`}`
      : '尚未发布';
    const draft = fresh
      ? '新事项：填写后点击「保存草稿」，发布为第 1 版后才出现在办事指南中'
      : view.draft
        ? `草稿：${view.draft.updatedByName ?? '系统管理员'} 于 ${formatDateTime(view.draft.updatedAt)} 保存${view.draft.baseVersion ? `，在第 ${view.draft.baseVersion} 版上修改` : '，新事项'}`
        : '没有草稿：修改后点击「保存草稿」，发布前办事指南仍显示已发布的版本';
    const hint = el('p', { class: 'sh-muted', id: 'cat-hint' });

    form.onInput(() => {
      // what is published is the saved draft, so an unsaved edit has to be saved first
      publish.disabled = true;
      hint.textContent = '有未保存的修改：请先保存草稿，再发布。';
    });

    save.addEventListener('click', () => {
      itemMessages.replaceChildren();
      const read = form.read();
      if ('errors' in read) {
        const rest = form.showErrors(read.errors);
        showMessage(itemMessages, 'error', `有 ${read.errors.length} 处需要修改，未保存${rest.length > 0 ? `：${rest.join('；')}` : ''}`);
        return;
      }
      save.disabled = true;
      api
        .put<AdminItem>(`/api/admin/catalogue/items/${encodeURIComponent(view.code)}/draft`, { item: read.item })
        .then((saved) => {
          renderItem(saved, '草稿已保存。办事指南仍显示已发布的版本，发布后才生效。');
          void loadList();
        })
        .catch((error: unknown) => {
          save.disabled = false;
          if (handleUnauthenticated(error)) return;
          const errors = error instanceof ApiError ? (error.problem.errors ?? []) : [];
          const placed = errors.filter((e) => e.field.startsWith('item.')).map((e) => ({ path: `/${e.field.split('.').slice(1).join('/')}`, message: e.message }));
          const rest = form.showErrors(placed);
          const box = showMessage(itemMessages, 'error', error instanceof ApiError ? (error.problem.detail ?? problemText(error)) : problemText(error));
          if (rest.length > 0) box.append(el('ul', {}, ...rest.map((m) => el('li', {}, m))));
        });
    });

    publish.addEventListener('click', () => {
      publish.disabled = true;
      itemMessages.replaceChildren();
      api
        .post<AdminItem>(`/api/admin/catalogue/items/${encodeURIComponent(view.code)}/publish`)
        .then((after) => {
          renderItem(after, `已发布第 ${after.published?.version} 版：办事指南即显示新版本，此后登记的办件按新版本办理；已登记的办件仍按登记时的版本。`);
          void loadList();
        })
        .catch((error: unknown) => {
          publish.disabled = false;
          fail(itemMessages)(error);
        });
    });

    discard.addEventListener('click', () => {
      discard.disabled = true;
      api
        .delete(`/api/admin/catalogue/items/${encodeURIComponent(view.code)}/draft`)
        .then(() => {
          void loadList();
          return openItem(view.code, '草稿已放弃。');
        })
        .catch((error: unknown) => {
          discard.disabled = false;
          fail(itemMessages)(error);
        });
    });

    detail.replaceChildren(
      el(
        'div',
        { class: 'sh-panel' },
        el('h2', {}, `${view.code} ${editing.name || '（新事项）'}`),
        el('p', { id: 'cat-published' }, published),
        el('p', { id: 'cat-draft', class: 'sh-muted' }, draft),
        itemMessages,
        form.root,
        el('div', { class: 'cat-toolbar' }, save, publish, discard),
        hint,
      ),
      ...(view.versions.length > 0 ? [renderHistory(view.versions)] : []),
    );
    if (done) showMessage(itemMessages, 'success', done);
    detail.scrollIntoView({ block: 'start' });
  }

  departmentSelect.addEventListener('change', () => {
    messages.replaceChildren();
    loadList().catch(fail(messages));
  });

  await loadList().catch(fail(messages));
  const asked = new URLSearchParams(location.search).get('item');
  if (asked) await openItem(asked);
}
