import { api, el } from '../shared/api.js';
import { mountLayout } from '../shared/layout.js';
import { chinaDateTime, percent } from '../shared/public-format.js';
import '../shared/shared.css';
import { auditView } from './audit.js';
import { barChart } from './charts.js';
import { problem } from './problem.js';
import './style.css';
import { labelOf, ROUTE_LABELS } from '../shared/labels.js';

/**
 * 督查统计 for 业务督查科, the management committee and administrators: the figures of the
 * reports (办结率, 按时办结率, 满意率) per department, window or month with CSV export, the warned
 * and overdue cases, the complaints by ground and route, and — for administrators and supervision —
 * the engine's incidents with retry and the audit log (操作日志). Every number comes from the API,
 * which checks the role too.
 */

const REPORT_ROLES = ['supervision', 'committee', 'admin'];
const OPS_ROLES = ['supervision', 'admin'];
/** GET /api/audit's roles: the committee and the complaint office do not see the log */
const AUDIT_ROLES = ['supervision', 'admin'];
type GroupBy = 'department' | 'window' | 'month';

interface FigureRow {
  key: string;
  label: string;
  accepted: number;
  completed: number;
  completedOnTime: number;
  rated: number;
  satisfied: number;
  completionRate: number | null;
  onTimeRate: number | null;
  satisfactionRate: number | null;
}
interface Statistics {
  from: string;
  to: string;
  groupBy: GroupBy;
  rows: FigureRow[];
  total: FigureRow;
}
interface SupervisedCase {
  caseNumber: string;
  itemName: string;
  departmentName: string;
  caseType: string;
  stage: string | null;
  status: string;
  level: 'warned' | 'overdue' | 'unverified';
  acceptedAt: string | null;
  warnAt: string | null;
  dueAt: string | null;
  suspended: boolean;
  calendarUnknownYears: number[];
  cards: Array<{ kind: string; reason: string; createdAt: string; resolvedAt: string | null }>;
}
interface ComplaintSummary {
  total: number;
  byGround: Array<{ ground: string | null; item: string | null; label: string; count: number; byRoute: Record<string, number> }>;
  byRoute: Array<{ route: string; label: string; count: number }>;
}
/** Of an incident, only when it happened: the details are 流程运维's. */
interface Incident {
  creationTime: string | null;
}

const GROUP_LABELS: Record<GroupBy, string> = { department: '部门', window: '窗口', month: '月份' };
const CARD_LABELS: Record<string, string> = { warning: '预警', 'yellow-card': '黄牌', 'red-card': '红牌', recommendation: '督查建议' };
const ROUTE_ORDER = Object.keys(ROUTE_LABELS);
const COLORS = { accepted: '#1d4f91', completed: '#2e8b57', completionRate: '#1d4f91', onTimeRate: '#2e8b57', satisfactionRate: '#d98c00', complaints: '#b3261e', routes: '#6a4c93' };

async function start(): Promise<void> {
  // the layout sends a visitor without a session to /login and tells a user without the role
  const { user, main, allowed } = await mountLayout('supervision', '电子监察');
  if (!allowed) {
    main.append(el('p', {}, '电子监察和督查统计仅供业务督查科、管委会和系统管理员使用。', el('a', { href: '/inbox' }, '返回待办事项')));
    return;
  }
  const roles = user.roles;
  const reports = roles.some((r) => REPORT_ROLES.includes(r));
  // the complaint office sees the complaint summary only, as the API lets it
  dashboard(
    main,
    reports,
    roles.some((r) => OPS_ROLES.includes(r)),
    roles.some((r) => AUDIT_ROLES.includes(r)),
  );
}

function dashboard(main: HTMLElement, reports: boolean, ops: boolean, auditLog: boolean): void {
  const from = el('input', { type: 'date', id: 'sv-from', name: 'from', class: 'sh-input' });
  const to = el('input', { type: 'date', id: 'sv-to', name: 'to', class: 'sh-input' });
  const groupBy = el(
    'select',
    { id: 'sv-group', name: 'groupBy', class: 'sh-select' },
    el('option', { value: 'department' }, '按部门'),
    el('option', { value: 'window' }, '按窗口'),
    el('option', { value: 'month' }, '按月'),
  );
  const csv = el('a', { class: 'sh-button sh-button-plain sv-csv', href: '/api/supervision/stats.csv', download: '' }, '导出 CSV');
  const filter = el(
    'form',
    { class: 'sh-panel sv-form-row sv-filter', 'aria-label': '统计期间' },
    el('div', { class: 'sh-field' }, el('label', { for: 'sv-from' }, '起始日'), from),
    el('div', { class: 'sh-field' }, el('label', { for: 'sv-to' }, '截止日'), to),
    el('div', { class: 'sh-field' }, el('label', { for: 'sv-group' }, '分组'), groupBy),
    el('button', { type: 'submit', class: 'sh-button' }, '统计'),
    csv,
  );
  const figures = el('section', { class: 'sv-figures', 'aria-live': 'polite' });
  const cases = el('section', { class: 'sh-panel sv-cases', 'aria-labelledby': 'sv-cases-title' });
  const complaints = el('section', { class: 'sh-panel sv-complaints', 'aria-labelledby': 'sv-complaints-title' });
  const incidents = el('section', { class: 'sh-panel sv-incidents', 'aria-labelledby': 'sv-incidents-title' });
  const audit = el('section', { class: 'sh-panel sv-audit', 'aria-labelledby': 'sv-audit-title' });
  main.append(
    el('h1', {}, '电子监察与督查统计'),
    el('p', { class: 'sv-lead' }, '办结率 = 办结数 / 受理数；按时办结率 = 按时办结数 / 办结数（按工作日计，暂停计时不计入）；满意率 =（非常满意 + 满意 + 基本满意）/ 评价数。各数按其发生时间计入期间。'),
    filter,
    ...(reports ? [figures, cases] : []),
    complaints,
    ...(ops ? [incidents] : []),
    ...(auditLog ? [audit] : []),
  );

  const query = (): string => {
    const q = new URLSearchParams({ groupBy: groupBy.value });
    if (from.value) q.set('from', from.value);
    if (to.value) q.set('to', to.value);
    return q.toString();
  };

  async function loadFigures(): Promise<void> {
    figures.replaceChildren(el('p', { class: 'sh-muted' }, '正在统计……'));
    try {
      const report = await api.get<Statistics>(`/api/supervision/stats?${query()}`);
      // the server's default period (this month so far, China time) fills the fields on first load
      from.value = report.from;
      to.value = report.to;
      csv.href = `/api/supervision/stats.csv?${query()}`;
      figures.replaceChildren(...renderFigures(report));
    } catch (error) {
      figures.replaceChildren(problem(error));
    }
  }

  async function loadComplaints(): Promise<void> {
    try {
      const q = new URLSearchParams();
      if (from.value) q.set('from', from.value);
      if (to.value) q.set('to', to.value);
      complaints.replaceChildren(...renderComplaints(await api.get<ComplaintSummary>(`/api/supervision/complaints/summary?${q.toString()}`), from.value, to.value));
    } catch (error) {
      complaints.replaceChildren(el('h2', { id: 'sv-complaints-title' }, '投诉汇总'), problem(error));
    }
  }

  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    void (reports ? loadFigures() : Promise.resolve()).then(loadComplaints);
  });
  groupBy.addEventListener('change', () => void (reports ? loadFigures() : undefined));

  if (reports) {
    void loadFigures().then(loadComplaints);
    supervisedCases(cases);
  } else {
    groupBy.disabled = true;
    csv.hidden = true;
    void loadComplaints();
  }
  if (ops) incidentView(incidents);
  if (auditLog) auditView(audit);
}

function kpi(label: string, value: string, hint: string): HTMLElement {
  return el('div', { class: 'sv-kpi' }, el('div', { class: 'sv-kpi-label' }, label), el('div', { class: 'sv-kpi-value' }, value), el('div', { class: 'sv-kpi-hint' }, hint));
}

function renderFigures(report: Statistics): HTMLElement[] {
  const t = report.total;
  const labels = report.rows.map((r) => r.label);
  const count = (n: number) => String(n);
  const table = el(
    'table',
    { class: 'sh-table sv-table sv-figures-table' },
    el(
      'thead',
      {},
      el('tr', {}, ...[GROUP_LABELS[report.groupBy], '受理数', '办结数', '按时办结数', '评价数', '满意数', '办结率', '按时办结率', '满意率'].map((h) => el('th', { scope: 'col' }, h))),
    ),
    el('tbody', {}, ...report.rows.map((r) => figureRow(r, 'td'))),
    el('tfoot', {}, figureRow(t, 'th')),
  );
  return [
    el(
      'div',
      { class: 'sv-kpis', 'aria-label': `${report.from} 至 ${report.to} 合计` },
      kpi('受理数', count(t.accepted), `${report.from} 至 ${report.to}`),
      kpi('办结数', count(t.completed), `按时办结 ${t.completedOnTime}`),
      kpi('办结率', percent(t.completionRate), '办结数 / 受理数'),
      kpi('按时办结率', percent(t.onTimeRate), '按时办结数 / 办结数'),
      kpi('满意率', percent(t.satisfactionRate), `评价 ${t.rated}，满意 ${t.satisfied}`),
    ),
    el(
      'div',
      { class: 'sv-charts' },
      el(
        'figure',
        { class: 'sh-panel sv-chart' },
        barChart({
          title: `受理数与办结数（按${GROUP_LABELS[report.groupBy]}）`,
          categories: labels,
          series: [
            { name: '受理数', color: COLORS.accepted, values: report.rows.map((r) => r.accepted) },
            { name: '办结数', color: COLORS.completed, values: report.rows.map((r) => r.completed) },
          ],
          width: 540,
        }),
      ),
      el(
        'figure',
        { class: 'sh-panel sv-chart' },
        barChart({
          title: `办结率、按时办结率、满意率（按${GROUP_LABELS[report.groupBy]}）`,
          categories: labels,
          series: [
            { name: '办结率', color: COLORS.completionRate, values: report.rows.map((r) => r.completionRate) },
            { name: '按时办结率', color: COLORS.onTimeRate, values: report.rows.map((r) => r.onTimeRate) },
            { name: '满意率', color: COLORS.satisfactionRate, values: report.rows.map((r) => r.satisfactionRate) },
          ],
          format: (v) => percent(v),
          max: 1,
          width: 540,
        }),
      ),
    ),
    el('div', { class: 'sh-panel sv-table-wrap' }, el('h2', {}, `办件统计（${report.from} 至 ${report.to}）`), table),
  ];
}

function figureRow(r: FigureRow, cell: 'td' | 'th'): HTMLTableRowElement {
  return el(
    'tr',
    { 'data-key': r.key },
    el(cell, {}, r.label),
    ...[r.accepted, r.completed, r.completedOnTime, r.rated, r.satisfied].map((n) => el(cell, { class: 'sv-num' }, String(n))),
    ...[r.completionRate, r.onTimeRate, r.satisfactionRate].map((rate) => el(cell, { class: 'sv-num' }, percent(rate))),
  );
}

/** 电子监察: open cases past their warning time or deadline, or carded. */
function supervisedCases(section: HTMLElement): void {
  const level = el('select', { id: 'sv-level', class: 'sh-select', 'aria-label': '等级' }, el('option', { value: '' }, '超期和预警'), el('option', { value: 'overdue' }, '仅超期'), el('option', { value: 'warned' }, '仅预警'), el('option', { value: 'unverified' }, '仅时限待核'));
  const department = el('select', { id: 'sv-department', class: 'sh-select', 'aria-label': '部门' }, el('option', { value: '' }, '全部部门'));
  const body = el('div', { 'aria-live': 'polite' });
  section.append(el('div', { class: 'sv-section-head' }, el('h2', { id: 'sv-cases-title' }, '预警与超期办件'), level, department), body);

  void api
    .get<{ departments: Array<{ code: string; name: string }> }>('/api/public/guide')
    .then((guide) => department.append(...guide.departments.map((d) => el('option', { value: d.code }, d.name))))
    .catch(() => undefined);

  const load = async () => {
    const q = new URLSearchParams();
    if (level.value) q.set('status', level.value);
    if (department.value) q.set('department', department.value);
    try {
      const listed = await api.get<{ at: string; cases: SupervisedCase[]; total: number }>(`/api/supervision/cases?${q.toString()}`);
      body.replaceChildren(renderCases(listed.cases, listed.at));
    } catch (error) {
      body.replaceChildren(problem(error));
    }
  };
  level.addEventListener('change', () => void load());
  department.addEventListener('change', () => void load());
  void load();
}

const LEVEL_LABELS: Record<SupervisedCase['level'], string> = { overdue: '超期', warned: '预警', unverified: '时限待核' };

function renderCases(cases: SupervisedCase[], at: string): HTMLElement {
  if (cases.length === 0) return el('p', { class: 'sh-muted' }, `截至 ${chinaDateTime(at)}，没有预警或超期的办件。`);
  const overdue = cases.filter((c) => c.level === 'overdue').length;
  const unverified = cases.filter((c) => c.level === 'unverified').length;
  return el(
    'div',
    {},
    el('p', { class: 'sh-muted' }, `截至 ${chinaDateTime(at)}：超期 ${overdue} 件，预警 ${cases.length - overdue - unverified} 件${unverified > 0 ? `，时限待核 ${unverified} 件` : ''}。`),
    el(
      'table',
      { class: 'sh-table sv-table' },
      el('thead', {}, el('tr', {}, ...['等级', '办件编号', '事项', '部门', '当前环节', '受理时间', '预警时间', '办结期限', '督查记录'].map((h) => el('th', { scope: 'col' }, h)))),
      el(
        'tbody',
        {},
        ...cases.map((c) =>
          el(
            'tr',
            { 'data-case': c.caseNumber, class: `sv-level-${c.level}` },
            el('td', {}, el('span', { class: `sv-level sv-level-badge-${c.level}` }, LEVEL_LABELS[c.level])),
            el('td', { class: 'sv-nowrap' }, c.caseNumber),
            el('td', {}, c.itemName),
            el('td', {}, c.departmentName),
            el('td', {}, c.stage ?? '—'),
            el('td', { class: 'sv-nowrap' }, chinaDateTime(c.acceptedAt)),
            el('td', { class: 'sv-nowrap' }, chinaDateTime(c.warnAt)),
            el('td', { class: 'sv-nowrap' }, chinaDateTime(c.dueAt),
              c.suspended ? el('div', { class: 'sh-muted' }, '暂停计时中') : null,
              c.calendarUnknownYears.length > 0 ? el('div', { class: 'sv-calendar-flag' }, `${c.calendarUnknownYears.join('、')}年节假日安排未录入，期限仅按周末推算，须人工核对`) : null,
            ),
            el(
              'td',
              {},
              c.cards.length === 0
                ? '—'
                : el(
                    'ul',
                    { class: 'sv-cards' },
                    ...c.cards.map((card) =>
                      el('li', {}, el('span', { class: `sv-card sv-card-${card.kind}` }, labelOf(CARD_LABELS, card.kind)), ` ${card.reason}`, card.resolvedAt ? el('span', { class: 'sh-muted' }, '（已处理）') : null),
                    ),
                  ),
            ),
          ),
        ),
      ),
    ),
  );
}

function renderComplaints(summary: ComplaintSummary, from: string, to: string): HTMLElement[] {
  const routes = ROUTE_ORDER.filter((r) => summary.byRoute.some((x) => x.route === r)).concat(summary.byRoute.map((x) => x.route).filter((r) => !ROUTE_ORDER.includes(r)));
  const head = el('h2', { id: 'sv-complaints-title' }, `投诉汇总（${from} 至 ${to}，共 ${summary.total} 件）`);
  if (summary.total === 0) return [head, el('p', { class: 'sh-muted' }, '本期没有投诉。')];
  return [
    head,
    el(
      'div',
      { class: 'sv-charts' },
      el(
        'figure',
        { class: 'sv-chart' },
        barChart({ title: '按投诉事由', categories: summary.byGround.map((g) => (g.item ? `${g.item} ${g.label}` : g.label)), series: [{ name: '件数', color: COLORS.complaints, values: summary.byGround.map((g) => g.count) }], width: 540 }),
      ),
      el(
        'figure',
        { class: 'sv-chart' },
        barChart({ title: '按处理途径', categories: summary.byRoute.map((r) => r.label), series: [{ name: '件数', color: COLORS.routes, values: summary.byRoute.map((r) => r.count) }], width: 540 }),
      ),
    ),
    el(
      'table',
      { class: 'sh-table sv-table sv-complaints-table' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, '投诉事由'), el('th', { scope: 'col' }, '件数'), ...routes.map((r) => el('th', { scope: 'col' }, labelOf(ROUTE_LABELS, r))))),
      el(
        'tbody',
        {},
        ...summary.byGround.map((g) =>
          el('tr', {}, el('td', {}, g.item ? `${g.item} ${g.label}` : g.label), el('td', { class: 'sv-num' }, String(g.count)), ...routes.map((r) => el('td', { class: 'sv-num' }, String(g.byRoute[r] ?? 0)))),
        ),
      ),
      el(
        'tfoot',
        {},
        el('tr', {}, el('th', {}, '合计'), el('th', { class: 'sv-num' }, String(summary.total)), ...routes.map((r) => el('th', { class: 'sv-num' }, String(summary.byRoute.find((x) => x.route === r)?.count ?? 0)))),
      ),
    ),
  ];
}

/**
 * 运维 at a glance: how many incidents stand open, and the way to 流程运维 (/ops), where each is seen
 * with its case, its variables and its diagram and retried; a count here needs no technical detail.
 */
function incidentView(section: HTMLElement): void {
  const body = el('div', {});
  const refresh = el('button', { type: 'button', class: 'sh-button sh-button-plain' }, '刷新');
  section.append(el('div', { class: 'sv-section-head' }, el('h2', { id: 'sv-incidents-title' }, '流程事故'), refresh), body);

  const load = async () => {
    try {
      const list = await api.get<{ items: Incident[]; total: number }>('/api/ops/incidents');
      const count = list.total ?? list.items.length;
      body.replaceChildren(
        count === 0
          ? el('p', { class: 'sh-muted sv-incident-count', 'data-count': '0' }, '没有未解决的流程事故。')
          : el(
              'p',
              { class: 'sv-incident-count', 'data-count': String(count) },
              `有 ${count} 起未解决的流程事故${since(list.items)}。`,
              el('a', { href: '/ops', class: 'sh-button sh-button-small' }, '到流程运维处理'),
            ),
      );
    } catch (error) {
      body.replaceChildren(problem(error));
    }
  };

  refresh.addEventListener('click', () => void load());
  void load();
}

function since(items: Incident[]): string {
  const first = items.flatMap((i) => (i.creationTime ? [i.creationTime] : [])).sort()[0];
  return first ? `，最早发生于 ${chinaDateTime(first)}` : '';
}

/** 2026-11-26 09:00:05 (China time): the log wants the second */

void start();
