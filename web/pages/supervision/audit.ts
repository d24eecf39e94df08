import { recordedBy, type RecordCause } from '../shared/actors.js';
import { api, el } from '../shared/api.js';
import { AUDIT_ACTION_LABELS, AUDIT_DETAIL_LABELS, AUDIT_TARGET_LABELS, displayValue, labelOf } from '../shared/labels.js';
import { problem } from './problem.js';

const AUDIT_PAGE_SIZE = 20;


interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  detail: unknown;
  /** for a job worker's entry: the person or event behind it */
  cause: RecordCause | null;
}
interface Names {
  people: Record<string, string>;
  cases: Record<string, string>;
}
interface AuditPage extends Names {
  entries: AuditEntry[];
  total: number;
  limit: number;
  offset: number;
}

function auditTime(iso: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** Detail keys not shown: what the row says already (the task's form, the incident's diagram ids). */
const UNSHOWN = new Set(['formId', 'processDefinitionId', 'elementId']);
/** Detail keys holding a list: shown as a count (field names and material codes are codes). */
const COUNTED = new Set(['fields', 'provided', 'elements']);

/** The detail (already masked by the server) as one line in Chinese: 「原办理人：王芳，办件：MZ20260302-0001」. */
function describeDetail(detail: unknown, names: Names): string {
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return '—';
  const parts: string[] = [];
  let others = 0;
  for (const [key, value] of Object.entries(detail as Record<string, unknown>)) {
    if (value === undefined || UNSHOWN.has(key)) continue;
    const label = AUDIT_DETAIL_LABELS[key];
    if (!label) {
      others += 1;
      continue;
    }
    const shown =
      PERSON_KEYS.has(key) && typeof value === 'string'
        ? personOf(value, names)
        : key === 'caseId' && typeof value === 'string'
          ? (names.cases[value] ?? '—')
          : COUNTED.has(key) && Array.isArray(value)
            ? `${value.length} 项`
            : displayValue(key, value);
    parts.push(`${label}：${value === null ? '无' : shown}`);
  }
  if (others > 0) parts.push(`另有 ${others} 项技术记录`);
  return parts.length > 0 ? parts.join('，') : '—';
}

const PERSON_KEYS = new Set(['assignee', 'previousAssignee', 'coveringFor']);

function personOf(id: string, names: Names): string {
  if (names.people[id]) return names.people[id];
  return id === 'anonymous' ? '公众（未登录）' : '未登记的用户';
}

/** A China-time calendar day → the instant its midnight starts (the API's from/to are instants). */
function chinaMidnight(day: string, plusDays = 0): string {
  const start = new Date(`${day}T00:00:00+08:00`);
  return new Date(start.getTime() + plusDays * 86_400_000).toISOString();
}

/** 操作日志: who did what to which case, task, diagram or form, newest first, filtered and paged. */
export function auditView(section: HTMLElement): void {
  const actor = el('input', { type: 'text', id: 'sv-audit-actor', name: 'actor', class: 'sh-input', placeholder: '用户名', maxlength: '64' });
  const action = el('input', { type: 'text', id: 'sv-audit-action', name: 'action', class: 'sh-input', maxlength: '64', list: 'sv-audit-actions' });
  const actions = el('datalist', { id: 'sv-audit-actions' }, ...Object.entries(AUDIT_ACTION_LABELS).map(([code, label]) => el('option', { value: code, label })));
  const targetType = el(
    'select',
    { id: 'sv-audit-type', name: 'targetType', class: 'sh-select' },
    el('option', { value: '' }, '全部'),
    ...Object.entries(AUDIT_TARGET_LABELS).map(([code, label]) => el('option', { value: code }, label)),
  );
  const targetId = el('input', { type: 'text', id: 'sv-audit-target', name: 'targetId', class: 'sh-input', maxlength: '128' });
  const from = el('input', { type: 'date', id: 'sv-audit-from', name: 'from', class: 'sh-input' });
  const to = el('input', { type: 'date', id: 'sv-audit-to', name: 'to', class: 'sh-input' });
  const reset = el('button', { type: 'reset', class: 'sh-button sh-button-plain' }, '清空');
  const filter = el(
    'form',
    { class: 'sv-form-row sv-audit-filter', 'aria-label': '操作日志筛选' },
    el('div', { class: 'sh-field' }, el('label', { for: 'sv-audit-actor' }, '操作人'), actor),
    el('div', { class: 'sh-field' }, el('label', { for: 'sv-audit-action' }, '操作'), action, actions),
    el('div', { class: 'sh-field' }, el('label', { for: 'sv-audit-type' }, '对象类型'), targetType),
    el('div', { class: 'sh-field' }, el('label', { for: 'sv-audit-target' }, '对象编号'), targetId),
    el('div', { class: 'sh-field' }, el('label', { for: 'sv-audit-from' }, '操作日期自'), from),
    el('div', { class: 'sh-field' }, el('label', { for: 'sv-audit-to' }, '操作日期至'), to),
    el('button', { type: 'submit', class: 'sh-button' }, '查询'),
    reset,
  );
  const body = el('div', { 'aria-live': 'polite' });
  const summary = el('span', { class: 'sh-muted sv-audit-total' });
  const previous = el('button', { type: 'button', class: 'sh-button sh-button-plain sh-button-small' }, '上一页');
  const next = el('button', { type: 'button', class: 'sh-button sh-button-plain sh-button-small' }, '下一页');
  const pager = el('nav', { class: 'sv-pager', 'aria-label': '操作日志翻页' }, summary, previous, next);
  section.append(el('div', { class: 'sv-section-head' }, el('h2', { id: 'sv-audit-title' }, '操作日志')), filter, body, pager);

  let offset = 0;
  let total = 0;
  const query = (): string => {
    const q = new URLSearchParams({ limit: String(AUDIT_PAGE_SIZE), offset: String(offset) });
    const text: Array<[string, string]> = [
      ['actor', actor.value.trim()],
      ['action', action.value.trim()],
      ['targetType', targetType.value],
      ['targetId', targetId.value.trim()],
    ];
    for (const [k, v] of text) if (v) q.set(k, v);
    // calendar days in China time; the end day counts whole (to is exclusive)
    if (from.value) q.set('from', chinaMidnight(from.value));
    if (to.value) q.set('to', chinaMidnight(to.value, 1));
    return q.toString();
  };

  const load = async () => {
    previous.disabled = true;
    next.disabled = true;
    try {
      const page = await api.get<AuditPage>(`/api/audit?${query()}`);
      total = page.total;
      body.replaceChildren(renderAudit(page.entries, page));
      const last = Math.min(offset + page.entries.length, total);
      summary.textContent = total === 0 ? '共 0 条' : `共 ${total} 条，第 ${offset + 1}–${last} 条`;
      previous.disabled = offset === 0;
      next.disabled = offset + AUDIT_PAGE_SIZE >= total;
    } catch (error) {
      summary.textContent = '';
      body.replaceChildren(problem(error));
    }
  };

  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    offset = 0;
    void load();
  });
  filter.addEventListener('reset', () => {
    offset = 0;
    // the fields clear after this event
    setTimeout(() => void load(), 0);
  });
  previous.addEventListener('click', () => {
    offset = Math.max(0, offset - AUDIT_PAGE_SIZE);
    void load();
  });
  next.addEventListener('click', () => {
    if (offset + AUDIT_PAGE_SIZE < total) offset += AUDIT_PAGE_SIZE;
    void load();
  });
  void load();
}

function renderAudit(entries: AuditEntry[], names: Names): HTMLElement {
  if (entries.length === 0) return el('p', { class: 'sh-muted' }, '没有符合条件的操作记录。');
  return el(
    'table',
    { class: 'sh-table sv-table sv-audit-table' },
    el('thead', {}, el('tr', {}, ...['时间', '操作人', '操作', '对象类型', '对象', '详情'].map((h) => el('th', { scope: 'col' }, h)))),
    el(
      'tbody',
      {},
      ...entries.map((e) => {
        const detail = describeDetail(e.detail, names);
        const target = e.targetType === 'user' ? personOf(e.targetId, names) : e.targetId;
        return el(
          'tr',
          { 'data-audit': e.id, 'data-actor': e.actor, 'data-action': e.action },
          el('td', { class: 'sv-nowrap' }, auditTime(e.at)),
          el('td', { class: 'sv-nowrap', title: e.actor }, recordedBy(e.actor, personOf(e.actor, names), e.cause)),
          el('td', {}, labelOf(AUDIT_ACTION_LABELS, e.action, '其他操作')),
          el('td', { class: 'sv-nowrap' }, labelOf(AUDIT_TARGET_LABELS, e.targetType, '其他对象')),
          el('td', { class: 'sv-audit-id' }, target),
          el('td', { class: 'sv-audit-detail', title: JSON.stringify(e.detail) }, detail),
        );
      }),
    ),
  );
}
