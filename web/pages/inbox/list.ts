import { api, ApiError, el } from '../shared/api.js';
import { DUE_STATUS_LABELS, groupLabel } from '../shared/format.js';
import { handleUnauthenticated, problemText, showMessage } from '../shared/layout.js';
import {
  assignControl,
  assignTask,
  claimTask,
  dueCell,
  groupsText,
  inMyGroups,
  headsTask,
  isHead,
  personName,
  refreshCountdowns,
  rememberListUrl,
  STATE_LABELS,
  subjectNumber,
  takeFlash,
  unclaimTask,
  type InboxContext,
} from './common.js';
import { caseSearch } from './case-view.js';
import type { LiveFeed } from './live.js';
import { QUERY_KEYS, type InboxPage, type InboxTask, type SavedFilter, type TaskQuery } from './types.js';

const PAGE_SIZE = 50;

const SORT_LABELS: Record<NonNullable<TaskQuery['sort']>, string> = { dueAt: '到期时间', createdAt: '创建时间', caseNumber: '办件编号', name: '任务名称' };

/** The list's filters from the page's address (what a bookmark or the back button brings back). */
export function queryFromUrl(search: string): { query: TaskQuery; offset: number } {
  const params = new URLSearchParams(search);
  const query: Record<string, string> = {};
  for (const key of QUERY_KEYS) {
    const value = params.get(key)?.trim();
    if (value) query[key] = value;
  }
  const offset = Math.max(0, Number.parseInt(params.get('offset') ?? '0', 10) || 0);
  return { query: query, offset };
}

export function urlOf(query: TaskQuery, offset = 0): string {
  const params = new URLSearchParams();
  for (const key of QUERY_KEYS) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (offset > 0) params.set('offset', String(offset));
  const text = params.toString();
  return text ? `/inbox?${text}` : '/inbox';
}

/** Does a task that just arrived belong on the list as filtered now (first page only)? */
function matches(task: InboxTask, query: TaskQuery, username: string): boolean {
  if ((query.state ?? 'created') !== 'created' || query.view === 'cover') return false;
  if (query.caseNumber && !(subjectNumber(task) ?? '').startsWith(query.caseNumber)) return false;
  if (query.applicant && !(task.applicant?.name ?? '').includes(query.applicant)) return false;
  if (query.status && task.dueStatus !== query.status) return false;
  if (query.group && !task.candidateGroups.includes(query.group)) return false;
  if (query.assignee === 'me' && task.assignee?.id !== username) return false;
  if (query.assignee === 'unassigned' && task.assignee !== null) return false;
  return true;
}

function select(name: string, label: string, options: Array<[string, string]>, value: string | undefined): { field: HTMLElement; control: HTMLSelectElement } {
  const control = el('select', { class: 'sh-select', name, id: `filter-${name}` });
  for (const [v, text] of options) {
    const option = el('option', { value: v }, text);
    if (v === (value ?? '')) option.selected = true;
    control.append(option);
  }
  return { field: el('label', { class: 'sh-field', for: `filter-${name}` }, label, control), control };
}

function input(name: string, label: string, value: string | undefined, placeholder: string): { field: HTMLElement; control: HTMLInputElement } {
  const control = el('input', { class: 'sh-input', name, id: `filter-${name}`, type: 'search', placeholder, maxlength: name === 'caseNumber' ? '32' : '64' });
  control.value = value ?? '';
  return { field: el('label', { class: 'sh-field', for: `filter-${name}` }, label, control), control };
}

export function renderList(ctx: InboxContext, live: LiveFeed): () => void {
  const { user, main } = ctx;
  const { query, offset } = queryFromUrl(location.search);
  const view = query.view ?? 'mine';
  rememberListUrl(urlOf(query, offset));
  document.title = `待办事项 - ${document.title.split(' - ').pop() ?? ''}`;

  const messages = el('div', { class: 'inbox-messages' });
  const flash = takeFlash();
  if (flash) showMessage(messages, 'success', flash);

  // the views: my work, what I cover for an absent A holder (AB岗), and for a window head the whole window
  const tabs = el('div', { class: 'inbox-tabs', role: 'tablist' });
  const views: Array<readonly ['mine' | 'cover' | 'window', string]> = [
    ['mine', '我的待办'],
    ['cover', 'AB岗代办'],
  ];
  if (isHead(user)) views.push(['window', '本窗口全部任务']);
  for (const [key, label] of views) {
    const tab = el('a', { href: urlOf({ ...query, view: key === 'mine' ? undefined : key }), role: 'tab', class: key === view ? 'inbox-tab inbox-tab-active' : 'inbox-tab', 'aria-selected': String(key === view) }, label);
    tab.addEventListener('click', (event) => {
      event.preventDefault();
      ctx.navigate(tab.getAttribute('href')!);
    });
    tabs.append(tab);
  }
  const liveBadge = el('span', { class: 'inbox-live', title: '新任务自动出现，无需刷新' }, live.connected ? '● 实时更新' : '○ 正在连接…');

  // filters
  const caseNumber = input('caseNumber', '办件编号', query.caseNumber, '如 SH20260302-0001');
  const applicant = input('applicant', '申请人', query.applicant, '姓名或单位名称');
  const status = select('status', '时限状态', [['', '全部'], ...Object.entries(DUE_STATUS_LABELS)], query.status);
  const assignee = select(
    'assignee',
    '领取情况',
    [
      ['', '全部'],
      ['me', '我已领取'],
      ['unassigned', '未领取'],
    ],
    query.assignee,
  );
  const headed = isHead(user) && user.departmentCode ? [`window:${user.departmentCode}`, `lead:${user.departmentCode}`, `head:${user.departmentCode}`] : [];
  const groups = [...new Set([...user.candidateGroups, ...headed])];
  const group = select('group', '岗位', [['', '全部岗位'], ...groups.map((g): [string, string] => [g, groupLabel(g)])], query.group);
  const state = select('state', '任务状态', Object.entries(STATE_LABELS), query.state ?? 'created');
  const sort = select('sort', '排序', Object.entries(SORT_LABELS), query.sort ?? 'dueAt');
  const order = select(
    'order',
    '顺序',
    [
      ['asc', '升序'],
      ['desc', '降序'],
    ],
    query.order ?? 'asc',
  );
  const currentQuery = (): TaskQuery => {
    const q: Record<string, string> = {};
    if (view !== 'mine') q.view = view;
    const values: Record<string, string> = {
      caseNumber: caseNumber.control.value.trim().toUpperCase(),
      applicant: applicant.control.value.trim(),
      status: status.control.value,
      assignee: assignee.control.value,
      group: group.control.value,
      state: state.control.value === 'created' ? '' : state.control.value,
      sort: sort.control.value === 'dueAt' ? '' : sort.control.value,
      order: order.control.value === 'asc' ? '' : order.control.value,
    };
    for (const [k, v] of Object.entries(values)) if (v) q[k] = v;
    return q;
  };
  const search = el('button', { type: 'submit', class: 'sh-button' }, '查询');
  const reset = el('button', { type: 'button', class: 'sh-button sh-button-plain' }, '重置');
  reset.addEventListener('click', () => ctx.navigate(urlOf(view === 'mine' ? {} : { view })));
  const filterForm = el(
    'form',
    { class: 'inbox-filters', role: 'search' },
    caseNumber.field,
    applicant.field,
    status.field,
    assignee.field,
    group.field,
    state.field,
    sort.field,
    order.field,
    el('span', { class: 'inbox-filter-buttons' }, search, reset),
  );
  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate(urlOf(currentQuery()));
  });
  for (const s of [status, assignee, group, state, sort, order]) s.control.addEventListener('change', () => ctx.navigate(urlOf(currentQuery())));

  // saved filters, shared by the window (department)
  const savedSelect = el('select', { class: 'sh-select', id: 'saved-filter', 'aria-label': '已保存的筛选' }, el('option', { value: '' }, '已保存的筛选（本窗口共用）…'));
  const deleteSaved = el('button', { type: 'button', class: 'sh-button sh-button-danger sh-button-small', disabled: '' }, '删除');
  const saveName = el('input', { class: 'sh-input', id: 'save-filter-name', placeholder: '为当前筛选命名', maxlength: '40', 'aria-label': '筛选名称' });
  const saveButton = el('button', { type: 'button', class: 'sh-button sh-button-plain sh-button-small' }, '保存当前筛选');
  let filters: SavedFilter[] = [];
  const loadFilters = async () => {
    try {
      filters = (await api.get<{ filters: SavedFilter[] }>('/api/task-filters')).filters;
    } catch (e) {
      if (!handleUnauthenticated(e)) showMessage(messages, 'error', `读取已保存的筛选失败：${problemText(e)}`);
      return;
    }
    savedSelect.replaceChildren(el('option', { value: '' }, '已保存的筛选（本窗口共用）…'));
    const current = urlOf(currentQuery());
    for (const f of filters) {
      const option = el('option', { value: f.id }, `${f.name}（${f.createdBy}）`);
      if (urlOf(normalise(f.query)) === current && current !== '/inbox') option.selected = true;
      savedSelect.append(option);
    }
    deleteSaved.disabled = savedSelect.value === '';
  };
  savedSelect.addEventListener('change', () => {
    const chosen = filters.find((f) => f.id === savedSelect.value);
    deleteSaved.disabled = !chosen;
    if (chosen) ctx.navigate(urlOf(normalise(chosen.query)));
  });
  deleteSaved.addEventListener('click', () => {
    const chosen = filters.find((f) => f.id === savedSelect.value);
    if (!chosen) return;
    deleteSaved.disabled = true;
    api
      .delete(`/api/task-filters/${encodeURIComponent(chosen.id)}`)
      .then(() => {
        showMessage(messages, 'success', `已删除筛选「${chosen.name}」`);
        return loadFilters();
      })
      .catch((e: unknown) => {
        if (!handleUnauthenticated(e)) showMessage(messages, 'error', `删除筛选失败：${problemText(e)}`);
        deleteSaved.disabled = false;
      });
  });
  saveButton.addEventListener('click', () => {
    const name = saveName.value.trim();
    if (!name) {
      showMessage(messages, 'error', '请先为筛选命名');
      saveName.focus();
      return;
    }
    saveButton.disabled = true;
    api
      .post<SavedFilter>('/api/task-filters', { name, query: currentQuery() })
      .then((saved) => {
        saveName.value = '';
        showMessage(messages, 'success', `已保存筛选「${saved.name}」，本窗口的同事都可使用`);
        return loadFilters();
      })
      .catch((e: unknown) => {
        if (!handleUnauthenticated(e)) showMessage(messages, 'error', `保存筛选失败：${problemText(e)}`);
      })
      .finally(() => (saveButton.disabled = false));
  });
  const savedBar = el('div', { class: 'inbox-saved' }, savedSelect, deleteSaved, el('span', { class: 'inbox-saved-sep' }), saveName, saveButton);

  const cover = el('div', { class: 'inbox-cover' });
  const tbody = el('tbody');
  const table = el(
    'table',
    { class: 'sh-table inbox-table' },
    el(
      'thead',
      {},
      el('tr', {}, ...['办件编号', '申请人', '事项', '当前任务', '岗位', '办理人', '办理时限', '操作'].map((h) => el('th', { scope: 'col' }, h))),
    ),
    tbody,
  );
  const summary = el('span', { class: 'inbox-total sh-muted' });
  const prev = el('button', { type: 'button', class: 'sh-button sh-button-plain sh-button-small' }, '上一页');
  const next = el('button', { type: 'button', class: 'sh-button sh-button-plain sh-button-small' }, '下一页');
  prev.addEventListener('click', () => ctx.navigate(urlOf(query, Math.max(0, offset - PAGE_SIZE))));
  next.addEventListener('click', () => ctx.navigate(urlOf(query, offset + PAGE_SIZE)));

  main.replaceChildren(
    el('div', { class: 'inbox-head' }, el('h1', {}, '待办事项'), tabs, liveBadge, caseSearch(ctx)),
    messages,
    el('div', { class: 'sh-panel inbox-filter-panel' }, filterForm, savedBar),
    cover,
    el('div', { class: 'sh-panel inbox-list-panel' }, table, el('div', { class: 'inbox-pager' }, summary, prev, next)),
  );

  let total = 0;
  const setSummary = (shown: number) => {
    summary.textContent = total === 0 ? '共 0 条' : `第 ${offset + 1}–${offset + shown} 条，共 ${total} 条`;
    prev.disabled = offset === 0;
    next.disabled = offset + shown >= total;
  };

  const act = (work: () => Promise<unknown>, done: string) => {
    work()
      .then(() => {
        showMessage(messages, 'success', done);
        return load();
      })
      .catch((e: unknown) => {
        if (!handleUnauthenticated(e)) showMessage(messages, 'error', problemText(e));
      });
  };

  const row = (task: InboxTask, fresh = false): HTMLTableRowElement => {
    const open = () => ctx.navigate(`/inbox?task=${encodeURIComponent(task.userTaskKey)}`);
    const openLink = el('a', { href: `/inbox?task=${encodeURIComponent(task.userTaskKey)}`, class: 'inbox-open' }, subjectNumber(task) ?? '（无办件）');
    openLink.addEventListener('click', (event) => {
      event.preventDefault();
      open();
    });
    const mine = task.assignee?.id === user.username;
    const actions = el('td', { class: 'inbox-actions' });
    const work = el('button', { type: 'button', class: 'sh-button sh-button-small' }, task.state === 'created' && (mine || (task.assignee === null && inMyGroups(user, task))) ? '办理' : '查看');
    work.addEventListener('click', open);
    actions.append(work);
    if (task.state === 'created' && inMyGroups(user, task)) {
      if (task.assignee === null || (!mine && view === 'cover')) {
        const claim = el('button', { type: 'button', class: 'sh-button sh-button-plain sh-button-small' }, task.assignee === null ? '领取' : '接办');
        claim.addEventListener('click', () => act(() => claimTask(task.userTaskKey), `已领取「${task.name}」（${subjectNumber(task) ?? ''}）`));
        actions.append(claim);
      }
      if (mine) {
        const unclaim = el('button', { type: 'button', class: 'sh-button sh-button-plain sh-button-small' }, '退回');
        unclaim.addEventListener('click', () => act(() => unclaimTask(task.userTaskKey), `已将「${task.name}」退回岗位队列`));
        actions.append(unclaim);
      }
    }
    if (task.state === 'created' && headsTask(user, task)) {
      if (task.assignee !== null && !mine) {
        const unassign = el('button', { type: 'button', class: 'sh-button sh-button-plain sh-button-small' }, '收回到队列');
        unassign.addEventListener('click', () => act(() => unclaimTask(task.userTaskKey), `已将「${task.name}」从${personName(task.assignee)}处收回到岗位队列`));
        actions.append(unassign);
      }
      actions.append(assignControl(task.userTaskKey, (who) => new Promise<void>((resolve) => act(() => assignTask(task.userTaskKey, who.id).finally(resolve), `已将「${task.name}」指派给${who.name}`))));
    }
    const applicantCell = el('td', { class: 'inbox-applicant' });
    if (task.applicant) {
      applicantCell.append(el('div', {}, task.applicant.name));
      const numbers = [task.applicant.idNumber, task.applicant.phone].filter((x): x is string => !!x);
      if (numbers.length > 0) applicantCell.append(el('div', { class: 'sh-muted inbox-small' }, numbers.join(' · ')));
    } else if (task.complaint) {
      applicantCell.append(el('div', {}, task.complaint.complainant), el('div', { class: 'sh-muted inbox-small' }, '投诉人'));
    }
    const assigneeCell = el('td', {}, task.assignee ? personName(task.assignee) : el('span', { class: 'sh-muted' }, '未领取'));
    if (task.coveringFor) assigneeCell.append(' ', el('span', { class: 'sh-badge sh-badge-blue', title: 'AB岗：代不在岗的A岗办理' }, `代 ${personName(task.coveringFor)}`));
    const nameCell = el('td', {}, task.name);
    if (fresh) nameCell.append(' ', el('span', { class: 'sh-badge sh-badge-blue inbox-new-badge' }, '新'));
    if (task.state !== 'created') nameCell.append(' ', el('span', { class: 'sh-badge sh-badge-grey' }, STATE_LABELS[task.state]));
    return el(
      'tr',
      { 'data-task-key': task.userTaskKey, 'data-case-number': subjectNumber(task) ?? '', class: fresh ? 'inbox-row inbox-row-new' : 'inbox-row' },
      el('td', { class: 'inbox-case' }, openLink),
      applicantCell,
      el('td', {}, task.item?.name ?? task.item?.code ?? (task.complaint ? `投诉：${task.complaint.ground ?? '事由未登记'}` : '')),
      nameCell,
      el('td', { class: 'inbox-small' }, groupsText(task.candidateGroups)),
      assigneeCell,
      el('td', {}, dueCell(task)),
      actions,
    );
  };

  const load = async (): Promise<void> => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) params.set(k, String(v));
    params.set('limit', String(PAGE_SIZE));
    params.set('offset', String(offset));
    tbody.replaceChildren(el('tr', {}, el('td', { colspan: '8', class: 'sh-empty' }, '正在加载…')));
    let page: InboxPage;
    try {
      page = await api.get<InboxPage>(`/api/tasks?${params.toString()}`);
    } catch (e) {
      if (handleUnauthenticated(e)) return;
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: '8', class: 'sh-empty' }, `无法加载待办：${problemText(e)}`)));
      if (e instanceof ApiError && e.problem.status === 400) showMessage(messages, 'error', `筛选条件有误：${problemText(e)}`);
      return;
    }
    total = page.total;
    cover.replaceChildren();
    if (view === 'cover') {
      cover.append(
        page.coveredPosts.length === 0
          ? el('div', { class: 'sh-message sh-message-info' }, '目前没有需要您代办的岗位：您担任B岗的岗位，A岗均在岗。')
          : el(
              'div',
              { class: 'sh-message sh-message-info' },
              'AB岗代办：以下岗位的A岗不在岗，由您以其权限办理 —— ',
              page.coveredPosts.map((p) => `${groupLabel(p.candidateGroup)}（A岗：${personName(p.absentHolder)}）`).join('；'),
            ),
      );
    }
    if (page.tasks.length === 0) {
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: '8', class: 'sh-empty' }, (query.state ?? 'created') === 'created' ? '暂无待办任务' : '没有符合条件的任务')));
    } else {
      tbody.replaceChildren(...page.tasks.map((t) => row(t)));
    }
    setSummary(page.tasks.length);
  };

  const unsubscribe = live.subscribe({
    task: (task) => {
      if (offset !== 0 || !matches(task, query, user.username)) return;
      if (tbody.querySelector(`tr[data-task-key="${CSS.escape(task.userTaskKey)}"]`)) return;
      tbody.querySelector('td.sh-empty')?.closest('tr')?.remove();
      tbody.prepend(row(task, true));
      total += 1;
      setSummary(tbody.querySelectorAll('tr[data-task-key]').length);
    },
    status: (connected) => {
      liveBadge.textContent = connected ? '● 实时更新' : '○ 正在重新连接…';
      liveBadge.classList.toggle('inbox-live-off', !connected);
    },
  });
  const timer = window.setInterval(() => refreshCountdowns(tbody), 30_000);

  void load();
  void loadFilters();
  return () => {
    unsubscribe();
    window.clearInterval(timer);
  };
}

/** A saved query as the list's controls would write it (defaults left out), for comparing. */
function normalise(q: TaskQuery): TaskQuery {
  const out: Record<string, string> = {};
  for (const key of QUERY_KEYS) {
    const v = q[key];
    if (!v) continue;
    if ((key === 'state' && v === 'created') || (key === 'sort' && v === 'dueAt') || (key === 'order' && v === 'asc') || (key === 'view' && v === 'mine')) continue;
    out[key] = v;
  }
  return out;
}
