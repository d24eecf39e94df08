import { api, el } from '../shared/api.js';
import { catalogueDepartments } from '../shared/departments.js';
import { CASE_STATUS_LABELS, CASE_TYPE_LABELS, formatDate, formatDateTime } from '../shared/format.js';
import { handleUnauthenticated, mayUse, mountLayout, problemText, showMessage } from '../shared/layout.js';
import '../shared/shared.css';
import './style.css';

/**
 * 办件查询: staff find cases by number, applicant, item, department, status and the days they came
 * in, and open each case's file. Supervision and the committee search every department; everyone
 * else their own (the API decides, the page only offers the choice). The query lives in the
 * address, so a search can be bookmarked and the back button returns to it.
 */

interface FoundCase {
  caseNumber: string;
  itemCode: string;
  itemName: string | null;
  departmentName: string | null;
  caseType: string;
  status: string;
  stage: string | null;
  applicant: { name: string; idNumber: string | null } | null;
  receivedAt: string;
  dueAt: string | null;
  completedAt: string | null;
  processInstanceKey: string | null;
}
interface SearchResult {
  total: number;
  /** the server counts up to a bound: there are more than total */
  moreThanTotal: boolean;
  page: number;
  pageSize: number;
  cases: FoundCase[];
}

/** 不予受理, or 已受理 · 部门审查: the stage only where it says more than the status */
function statusText(c: FoundCase): string {
  const status = CASE_STATUS_LABELS[c.status] ?? c.status;
  return c.stage && c.stage !== status ? `${status} · ${c.stage}` : status;
}

const FIELDS = ['number', 'applicant', 'item', 'department', 'status', 'from', 'to'] as const;

async function start(): Promise<void> {
  const { main, allowed, user } = await mountLayout('cases', '办件查询');
  if (!allowed) return;
  const seesAll = user.roles.some((r) => r === 'supervision' || r === 'committee');
  const mayOperate = mayUse('ops', user.roles);

  const input = (name: string, label: string, attrs: Record<string, string>) => {
    const field = el('input', { class: 'sh-input', id: `cs-${name}`, name, autocomplete: 'off', ...attrs });
    return { field, box: el('label', { class: 'sh-field' }, el('span', {}, label), field) };
  };
  const number = input('number', '办件编号', { placeholder: '如 SH20261126 或完整编号', maxlength: '20' });
  const applicant = input('applicant', '申请人', { placeholder: '姓名或单位名称', maxlength: '50' });
  const item = input('item', '事项编码', { placeholder: '如 MZ-002', maxlength: '20' });
  const from = input('from', '收件日期从', { type: 'date' });
  const to = input('to', '至', { type: 'date' });
  const department = el('select', { class: 'sh-input', id: 'cs-department', name: 'department' });
  department.append(el('option', { value: '' }, seesAll ? '全部部门' : '本部门'));
  if (seesAll) for (const d of catalogueDepartments()) department.append(el('option', { value: d.code }, d.name));
  const status = el('select', { class: 'sh-input', id: 'cs-status', name: 'status' }, el('option', { value: '' }, '全部状态'));
  for (const [code, label] of Object.entries(CASE_STATUS_LABELS)) status.append(el('option', { value: code }, label));
  const controls: Record<(typeof FIELDS)[number], HTMLInputElement | HTMLSelectElement> = {
    number: number.field,
    applicant: applicant.field,
    item: item.field,
    department,
    status,
    from: from.field,
    to: to.field,
  };

  const messages = el('div', { 'aria-live': 'polite' });
  const results = el('div', {});
  const form = el(
    'form',
    { class: 'cs-form', role: 'search', 'aria-label': '查询办件' },
    number.box,
    applicant.box,
    item.box,
    el('label', { class: 'sh-field' }, el('span', {}, '部门'), department),
    el('label', { class: 'sh-field' }, el('span', {}, '状态'), status),
    from.box,
    to.box,
    el('button', { type: 'submit', class: 'sh-button' }, '查询'),
  );
  main.append(el('h1', {}, '办件查询'), el('section', { class: 'sh-panel' }, form), messages, el('section', { class: 'sh-panel', 'aria-label': '查询结果' }, results));

  const search = async (params: URLSearchParams) => {
    messages.replaceChildren();
    try {
      const found = await api.get<SearchResult>(`/api/cases?${params.toString()}`);
      results.replaceChildren(...render(found, params));
    } catch (error) {
      results.replaceChildren();
      if (!handleUnauthenticated(error)) showMessage(messages, 'error', problemText(error));
    }
  };

  const go = (params: URLSearchParams) => {
    history.pushState(null, '', `/cases${params.size > 0 ? `?${params.toString()}` : ''}`);
    void search(params);
  };

  const render = (found: SearchResult, params: URLSearchParams): Node[] => {
    if (found.total === 0) return [el('p', { class: 'sh-muted' }, '没有符合条件的办件。')];
    const pages = Math.ceil(found.total / found.pageSize);
    const pageLink = (page: number, label: string) => {
      const button = el('button', { type: 'button', class: 'sh-button sh-button-plain sh-button-small' }, label);
      button.addEventListener('click', () => {
        const next = new URLSearchParams(params);
        next.set('page', String(page));
        go(next);
      });
      return button;
    };
    return [
      el(
        'p',
        { class: 'cs-summary' },
        found.moreThanTotal
          ? `超过 ${found.total} 件，第 ${found.page} 页；请加条件缩小范围`
          : `共 ${found.total} 件${pages > 1 ? `，第 ${found.page}/${pages} 页` : ''}`,
      ),
      el(
        'table',
        { class: 'sh-table cs-table' },
        el('thead', {}, el('tr', {}, ...['办件编号', '事项', '部门', '申请人', '状态', '收件时间', '办结期限', ...(mayOperate ? ['流程实例'] : [])].map((h) => el('th', { scope: 'col' }, h)))),
        el(
          'tbody',
          {},
          ...found.cases.map((c) =>
            el(
              'tr',
              { 'data-case': c.caseNumber },
              el('td', { class: 'cs-nowrap' }, el('a', { href: `/inbox?case=${encodeURIComponent(c.caseNumber)}` }, c.caseNumber)),
              el('td', {}, `${c.itemName ?? c.itemCode}（${CASE_TYPE_LABELS[c.caseType] ?? c.caseType}）`),
              el('td', {}, c.departmentName ?? '—'),
              el('td', {}, c.applicant ? `${c.applicant.name}${c.applicant.idNumber ? ` ${c.applicant.idNumber}` : ''}` : '—'),
              el('td', {}, statusText(c)),
              el('td', { class: 'cs-nowrap' }, formatDateTime(c.receivedAt)),
              el('td', { class: 'cs-nowrap' }, c.completedAt ? `已于 ${formatDate(c.completedAt)} 办结` : c.dueAt ? formatDate(c.dueAt) : '—'),
              ...(mayOperate ? [el('td', {}, c.processInstanceKey ? el('a', { href: `/ops?instance=${encodeURIComponent(c.processInstanceKey)}` }, '查看') : '—')] : []),
            ),
          ),
        ),
      ),
      ...(pages > 1 ? [el('div', { class: 'cs-pages' }, ...(found.page > 1 ? [pageLink(found.page - 1, '上一页')] : []), ...(found.page < pages ? [pageLink(found.page + 1, '下一页')] : []))] : []),
    ];
  };

  const fromAddress = () => {
    const params = new URLSearchParams(location.search);
    for (const name of FIELDS) controls[name].value = params.get(name) ?? '';
    void search(params);
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const name of FIELDS) {
      const value = controls[name].value.trim();
      if (value !== '') params.set(name, name === 'item' || name === 'number' ? value.toUpperCase() : value);
    }
    go(params);
  });
  window.addEventListener('popstate', fromAddress);
  fromAddress();
}

void start();
