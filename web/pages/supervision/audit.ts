import { recordedBy, type RecordCause } from '../shared/actors.js';
import { api, el } from '../shared/api.js';
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
interface AuditPage {
  entries: AuditEntry[];
  total: number;
  limit: number;
  offset: number;
}

const TARGET_LABELS: Record<string, string> = {
  user: '用户',
  case: '办件',
  task: '任务',
  diagram: '流程图',
  form: '表单',
  complaint: '投诉',
  incident: '流程事故',
  'task-filter': '任务筛选',
};
const ACTION_LABELS: Record<string, string> = {
  'session.login': '登录',
  'session.login-failed': '登录失败',
  'session.logout': '退出登录',
  'task.claim': '认领任务',
  'task.unclaim': '退回任务',
  'task.assign': '指派任务',
  'task.complete': '办理任务',
  'task-filter.create': '新建任务筛选',
  'task-filter.delete': '删除任务筛选',
  'diagram.save': '保存流程图',
  'diagram.deploy': '部署流程图',
  'diagram.deploy-rejected': '流程图部署被拒',
  'form.save': '保存表单',
  'form.deploy': '部署表单',
  'form.deploy-rejected': '表单部署被拒',
  'incident.retry': '重试流程事故',
  'case.rating-submitted': '提交评价',
  'case.supplement-submitted': '提交补正材料',
  'complaint.submit-online': '网上投诉',
  'complaint.register-at-office': '投诉处登记投诉',
  'complaint.code-reissued': '重新生成投诉查询码',
  'complaint.process-started': '启动投诉处理流程',
  'complaint-process-linked': '投诉关联处理流程',
  'complaint-registered': '登记投诉',
  'complaint-follow-up-recorded': '记录投诉回访',
  'notice-issued': '出具告知书',
  'fee-waived': '减免收费',
  'assessment-recorded': '记录考核',
  'calendar-unknown-year': '工作日历缺年份',
};

function auditTime(iso: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** The detail (already masked by the server) as one line: 「version：3，key：…」. */
function compactDetail(detail: unknown): string {
  if (detail === null || detail === undefined) return '—';
  if (typeof detail === 'string') return detail;
  if (typeof detail !== 'object') return JSON.stringify(detail);
  if (Array.isArray(detail)) return JSON.stringify(detail);
  const pairs = Object.entries(detail as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (pairs.length === 0) return '—';
  return pairs.map(([k, v]) => `${k}：${v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('，');
}

/** A China-time calendar day → the instant its midnight starts (the API's from/to are instants). */
function chinaMidnight(day: string, plusDays = 0): string {
  const start = new Date(`${day}T00:00:00+08:00`);
  return new Date(start.getTime() + plusDays * 86_400_000).toISOString();
}

/** 操作日志: who did what to which case, task, diagram or form, newest first, filtered and paged. */
export function auditView(section: HTMLElement): void {
  const actor = el('input', { type: 'text', id: 'sv-audit-actor', name: 'actor', class: 'sh-input', placeholder: '用户名', maxlength: '64' });
  const action = el('input', { type: 'text', id: 'sv-audit-action', name: 'action', class: 'sh-input', placeholder: '如 session.login', maxlength: '64', list: 'sv-audit-actions' });
  const actions = el('datalist', { id: 'sv-audit-actions' }, ...Object.entries(ACTION_LABELS).map(([code, label]) => el('option', { value: code, label })));
  const targetType = el(
    'select',
    { id: 'sv-audit-type', name: 'targetType', class: 'sh-select' },
    el('option', { value: '' }, '全部'),
    ...Object.entries(TARGET_LABELS).map(([code, label]) => el('option', { value: code }, label)),
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
      body.replaceChildren(renderAudit(page.entries));
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

function renderAudit(entries: AuditEntry[]): HTMLElement {
  if (entries.length === 0) return el('p', { class: 'sh-muted' }, '没有符合条件的操作记录。');
  return el(
    'table',
    { class: 'sh-table sv-table sv-audit-table' },
    el('thead', {}, el('tr', {}, ...['时间', '操作人', '操作', '对象类型', '对象', '详情'].map((h) => el('th', { scope: 'col' }, h)))),
    el(
      'tbody',
      {},
      ...entries.map((e) => {
        const detail = compactDetail(e.detail);
        const label = ACTION_LABELS[e.action];
        return el(
          'tr',
          { 'data-audit': e.id, 'data-actor': e.actor, 'data-action': e.action },
          el('td', { class: 'sv-nowrap' }, auditTime(e.at)),
          el('td', { class: 'sv-nowrap' }, recordedBy(e.actor, null, e.cause)),
          el('td', {}, label ?? e.action, label ? el('div', { class: 'sh-muted sv-code' }, e.action) : null),
          el('td', { class: 'sv-nowrap' }, TARGET_LABELS[e.targetType] ?? e.targetType),
          el('td', { class: 'sv-audit-id' }, e.targetId),
          el('td', { class: 'sv-audit-detail', title: detail }, detail),
        );
      }),
    ),
  );
}
