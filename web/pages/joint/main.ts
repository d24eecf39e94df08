import '../shared/shared.css';
import './style.css';
import { api, el } from '../shared/api.js';
import { CASE_STATUS_LABELS, countdown, DUE_STATUS_LABELS, formatDateTime, type DueStatus } from '../shared/format.js';
import { handleUnauthenticated, mountLayout, problemText, showMessage } from '../shared/layout.js';

/**
 * The joint-approval desk (/joint, 联办会商): the joint cases the user's department leads (all of
 * them for supervision), and for one case every department's status and opinion side by side,
 * each department's deadline, the lead window's consolidation task and the single supplement
 * notice (一次性告知). ?case=<number> selects a case.
 */

interface Person {
  id: string;
  name: string | null;
}

interface TaskSummary {
  userTaskKey: string;
  name: string;
  state: 'created' | 'completed' | 'canceled';
  assignee: Person | null;
  dueAt: string | null;
  dueStatus: DueStatus;
  createdAt: string;
  completedAt: string | null;
}

interface JointCaseSummary {
  caseNumber: string;
  item: { code: string; name: string | null };
  applicant: { kind: string; name: string; idNumber: string | null; phone: string | null } | null;
  status: string;
  stage: string | null;
  receivedAt: string;
  dueAt: string | null;
  dueStatus: DueStatus;
  reviews: { open: number; completed: number; canceled: number };
}

interface JointDepartment {
  code: string;
  name: string | null;
  isLead: boolean;
  state: 'waiting' | 'reviewing' | 'answered' | 'deemed-consent' | 'canceled';
  decision: 'approve' | 'reject' | null;
  opinion: string | null;
  refusalReason: string | null;
  deemedConsent: boolean;
  dueAt: string | null;
  dueStatus: DueStatus;
  task: TaskSummary | null;
}

interface JointCase {
  case: JointCaseSummary;
  leadDepartment: { code: string; name: string | null };
  departments: JointDepartment[];
  opinionsAvailable: boolean;
  consolidation: TaskSummary | null;
  supplementNotice: { id: string; number: string; kind: string; title: string; createdAt: string; href: string | null } | null;
  supplementNoticeCount: number;
}

const STATE_LABELS: Record<JointDepartment['state'], [string, string]> = {
  waiting: ['待审查', 'sh-badge-grey'],
  reviewing: ['审查中', 'sh-badge-blue'],
  answered: ['已答复', 'sh-due-normal'],
  'deemed-consent': ['逾期视为同意', 'sh-due-yellow'],
  canceled: ['已取消', 'sh-badge-grey'],
};

const TASK_STATE: Record<TaskSummary['state'], string> = { created: '办理中', completed: '已完成', canceled: '已取消' };

const personName = (p: Person | null) => (p ? (p.name ?? p.id) : '');

function dueBadge(dueAt: string | null, status: DueStatus, open: boolean): HTMLElement {
  if (!dueAt) return el('span', { class: 'sh-muted' }, '无时限');
  return el(
    'span',
    { class: 'joint-due' },
    el('span', { class: `sh-badge sh-due-${status}` }, DUE_STATUS_LABELS[status]),
    ' ',
    formatDateTime(dueAt),
    open ? el('span', { class: 'joint-countdown sh-muted', 'data-due': dueAt }, ` ${countdown(dueAt)}`) : null,
  );
}

const CASE_PATTERN = /^[A-Z]{2}[0-9]{8}-[0-9]{4,6}$/;

async function main(): Promise<void> {
  const { main: area, allowed } = await mountLayout('joint', '联办会商');
  if (!allowed) return;

  const messages = el('div');
  const openOnly = el('input', { type: 'checkbox', id: 'joint-open-only' });
  const list = el('ul', { class: 'joint-list', 'aria-label': '联办件' });
  const detail = el('section', { class: 'joint-detail', 'aria-live': 'polite' });
  area.replaceChildren(
    el('h1', {}, '联办会商'),
    messages,
    el(
      'div',
      { class: 'joint-layout' },
      el(
        'aside',
        { class: 'sh-panel joint-side' },
        el('div', { class: 'joint-side-head' }, el('h2', {}, '本窗口牵头的联办件'), el('label', { class: 'joint-open' }, openOnly, ' 只看未办结')),
        list,
      ),
      detail,
    ),
  );
  const params = new URLSearchParams(location.search);
  openOnly.checked = params.get('open') !== 'false';
  let selected = params.get('case');
  if (selected && !CASE_PATTERN.test(selected)) selected = null;

  const setUrl = () => {
    const p = new URLSearchParams();
    if (selected) p.set('case', selected);
    if (!openOnly.checked) p.set('open', 'false');
    const url = p.toString() ? `/joint?${p.toString()}` : '/joint';
    if (url !== `${location.pathname}${location.search}`) history.pushState(null, '', url);
  };

  const loadList = async () => {
    let page: { cases: JointCaseSummary[]; total: number };
    try {
      page = await api.get(`/api/joint/cases?open=${openOnly.checked ? 'true' : 'false'}&limit=200`);
    } catch (e) {
      if (!handleUnauthenticated(e)) showMessage(messages, 'error', `无法加载联办件：${problemText(e)}`);
      return;
    }
    list.replaceChildren();
    if (page.cases.length === 0) list.append(el('li', { class: 'sh-empty' }, openOnly.checked ? '没有未办结的联办件' : '没有联办件'));
    for (const c of page.cases) {
      const answered = c.reviews.completed;
      const all = c.reviews.open + c.reviews.completed;
      const link = el(
        'a',
        { href: `/joint?case=${encodeURIComponent(c.caseNumber)}`, class: 'joint-list-link' },
        el('span', { class: 'joint-list-number' }, c.caseNumber),
        el('span', { class: 'joint-list-item' }, c.item.name ?? c.item.code),
        el('span', { class: 'joint-list-meta sh-muted' }, `${c.applicant?.name ?? ''} · ${CASE_STATUS_LABELS[c.status] ?? c.status}${all > 0 ? ` · 已答复 ${answered}/${all}` : ''}`),
        el('span', {}, el('span', { class: `sh-badge sh-due-${c.dueStatus}` }, DUE_STATUS_LABELS[c.dueStatus]), ' ', el('span', { class: 'sh-muted' }, c.dueAt ? formatDateTime(c.dueAt) : '尚无时限')),
      );
      link.addEventListener('click', (event) => {
        event.preventDefault();
        selected = c.caseNumber;
        setUrl();
        markSelected();
        void loadDetail();
      });
      list.append(el('li', { 'data-case-number': c.caseNumber }, link));
    }
    if (!selected && page.cases.length > 0) {
      selected = page.cases[0].caseNumber;
      history.replaceState(null, '', `/joint?case=${encodeURIComponent(selected)}${openOnly.checked ? '' : '&open=false'}`);
      void loadDetail();
    }
    markSelected();
  };

  const markSelected = () => {
    list.querySelectorAll('li').forEach((li) => li.classList.toggle('joint-selected', li.dataset.caseNumber === selected));
  };

  const loadDetail = async () => {
    if (!selected) {
      detail.replaceChildren(el('div', { class: 'sh-panel sh-empty' }, '请在左侧选择一个联办件'));
      return;
    }
    const number = selected;
    let desk: JointCase;
    try {
      desk = await api.get<JointCase>(`/api/joint/cases/${encodeURIComponent(number)}`);
    } catch (e) {
      if (handleUnauthenticated(e)) return;
      detail.replaceChildren(el('div', { class: 'sh-panel sh-message sh-message-error' }, problemText(e)));
      return;
    }
    if (number !== selected) return;
    detail.replaceChildren(...renderDesk(desk));
  };

  openOnly.addEventListener('change', () => {
    setUrl();
    void loadList();
  });
  window.addEventListener('popstate', () => {
    const p = new URLSearchParams(location.search);
    selected = p.get('case');
    openOnly.checked = p.get('open') !== 'false';
    void loadList().then(loadDetail);
  });
  // the desk follows the departments' answers as they come in
  window.setInterval(() => {
    if (document.visibilityState === 'visible') void loadDetail();
  }, 30_000);

  await loadList();
  await loadDetail();
}

function renderDesk(desk: JointCase): Node[] {
  const c = desk.case;
  const closed = ['completed', 'refused', 'withdrawn', 'rejected'].includes(c.status);
  const head = el(
    'div',
    { class: 'sh-panel joint-case' },
    el('h2', {}, `${c.caseNumber} ${c.item.name ?? c.item.code}`),
    el(
      'dl',
      { class: 'joint-facts' },
      ...(
        [
          ['申请人', c.applicant?.name ?? '—'],
          ['牵头部门', desk.leadDepartment.name ?? desk.leadDepartment.code],
          ['状态', `${CASE_STATUS_LABELS[c.status] ?? c.status}${c.stage ? ` · ${c.stage}` : ''}`],
          ['收件时间', formatDateTime(c.receivedAt)],
          ['办结时限', dueBadge(c.dueAt, c.dueStatus, !closed)],
          ['审查进度', `已答复 ${c.reviews.completed} · 审查中 ${c.reviews.open}${c.reviews.canceled ? ` · 已取消 ${c.reviews.canceled}` : ''}`],
        ] as Array<[string, Node | string]>
      ).flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]),
    ),
  );
  const nodes: Node[] = [head];
  if (!desk.opinionsAvailable) {
    nodes.push(el('div', { class: 'sh-message sh-message-error' }, '流程引擎暂不可用：各部门的意见暂时无法读取，以下仅显示任务状态和时限。'));
  }

  const columns = el('div', { class: 'joint-departments', style: `grid-template-columns: repeat(${Math.max(1, desk.departments.length)}, minmax(220px, 1fr))` });
  for (const d of desk.departments) {
    const [label, cls] = STATE_LABELS[d.state];
    const decision = d.decision === 'approve' ? el('span', { class: 'joint-approve' }, '同意') : d.decision === 'reject' ? el('span', { class: 'joint-reject' }, '不同意') : el('span', { class: 'sh-muted' }, '尚未答复');
    const rows: Array<[string, Node | string]> = [
      ['结论', decision],
      ['意见', d.opinion ?? '—'],
    ];
    if (d.refusalReason) rows.push(['不同意的理由', d.refusalReason]);
    if (d.deemedConsent) rows.push(['说明', '逾期未答复，依本地规定视为同意（默许）']);
    rows.push(['答复时限', dueBadge(d.dueAt, d.dueStatus, d.state === 'reviewing' || d.state === 'waiting')]);
    rows.push(['审查人', d.task ? `${personName(d.task.assignee) || '未领取'} · ${TASK_STATE[d.task.state]}` : '—']);
    columns.append(
      el(
        'article',
        { class: `joint-dept joint-dept-${d.state}`, 'data-department': d.code },
        el('header', {}, el('h3', {}, d.name ?? d.code), d.isLead ? el('span', { class: 'sh-badge sh-badge-blue' }, '牵头') : null, el('span', { class: `sh-badge ${cls}` }, label)),
        el('dl', {}, ...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
      ),
    );
  }
  nodes.push(el('section', { class: 'sh-panel' }, el('h2', {}, '各部门审查意见'), columns));

  const consolidation = el('section', { class: 'sh-panel joint-consolidation' }, el('h2', {}, '牵头窗口汇总'));
  const t = desk.consolidation;
  if (!t) {
    consolidation.append(el('p', { class: 'sh-muted' }, c.reviews.open > 0 ? '各部门审查完毕后，由牵头窗口汇总意见。' : '尚无汇总任务。'));
  } else {
    consolidation.append(
      el(
        'dl',
        { class: 'joint-facts' },
        el('dt', {}, '任务'),
        el('dd', {}, `${t.name}（${TASK_STATE[t.state]}）`),
        el('dt', {}, '办理人'),
        el('dd', {}, personName(t.assignee) || '未领取'),
        el('dt', {}, '时限'),
        el('dd', {}, dueBadge(t.dueAt, t.dueStatus, t.state === 'created')),
      ),
    );
    if (t.state === 'created') consolidation.append(el('a', { class: 'sh-button joint-consolidate', href: `/inbox?task=${encodeURIComponent(t.userTaskKey)}` }, '去汇总办理'));
  }
  nodes.push(consolidation);

  const notice = el('section', { class: 'sh-panel joint-notice' }, el('h2', {}, '一次性告知'));
  const n = desk.supplementNotice;
  if (!n) {
    notice.append(el('p', { class: 'sh-muted' }, '本件未出具补齐申请材料通知书。'));
  } else {
    notice.append(
      el(
        'p',
        {},
        n.href ? el('a', { href: n.href, target: '_blank', rel: 'noopener', class: 'joint-notice-link' }, n.title) : n.title,
        ` ${n.number} · ${formatDateTime(n.createdAt)}`,
      ),
      desk.supplementNoticeCount === 1
        ? el('p', { class: 'joint-once' }, '已一次性告知：本次申请只出具了一份补正通知，列明各部门需补正的全部材料。')
        : el('div', { class: 'sh-message sh-message-error' }, `注意：本件已出具 ${desk.supplementNoticeCount} 份补正通知，违反一次性告知要求（投诉事由 一.3）。`),
    );
  }
  nodes.push(notice);
  return nodes;
}

void main();
