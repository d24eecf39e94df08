import { api, ApiError, el } from '../shared/api.js';
import { formatDateTime } from '../shared/format.js';
import { handleUnauthenticated, mountLayout, problemText, showMessage } from '../shared/layout.js';
import '../shared/shared.css';
import './style.css';

/**
 * 工作日历 (administrators): a year's holidays and adjusted working days, entered by hand or
 * imported from a text file, previewed as a month grid with the open cases whose deadlines move,
 * then applied (PUT /api/admin/calendar/{year}). The API checks every line; nothing is kept on error.
 */

interface Day {
  date: string;
  kind: 'holiday' | 'workday';
  reason: string;
}
interface YearView {
  year: number;
  source: 'package' | 'admin' | null;
  days: Day[];
  entered: Day[];
}
interface Change {
  caseNumber: string;
  before: { dueAt: string | null; calendarFlag: string | null };
  after: { dueAt: string | null; calendarFlag: string | null };
}

const KIND_LABELS: Record<Day['kind'], string> = { holiday: '放假', workday: '调休上班' };
const SOURCE_LABELS: Record<string, string> = { package: '已有（软件包数据）', admin: '已录入' };
const WEEK_HEAD = ['一', '二', '三', '四', '五', '六', '日'];

const layout = await mountLayout('calendar', '工作日历');
if (layout.allowed) {
  const { main } = layout;
  const thisYear = new Date().getFullYear();
  let year = thisYear + 1;
  let entries: Day[] = [];
  let file: string | null = null;

  const yearSelect = el('select', { id: 'cal-year', 'aria-label': '年份' }, ...[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => el('option', { value: String(y) }, `${y} 年`)));
  yearSelect.value = String(year);
  const status = el('p', { class: 'cal-status' });
  const fileInput = el('input', { type: 'file', id: 'cal-file', accept: '.txt,.csv,text/plain' });
  const fileName = el('span', { class: 'sh-muted' });
  const entryDate = el('input', { type: 'date', id: 'cal-entry-date', 'aria-label': '日期' });
  const entryKind = el('select', { id: 'cal-entry-kind', 'aria-label': '类型' }, el('option', { value: 'holiday' }, '放假'), el('option', { value: 'workday' }, '调休上班'));
  const entryReason = el('input', { type: 'text', id: 'cal-entry-reason', 'aria-label': '名称', placeholder: '名称，如 元旦', maxlength: '20' });
  const addButton = el('button', { type: 'button', class: 'sh-button sh-button-small' }, '添加');
  const entryTable = el('div', { class: 'cal-entries' });
  const previewButton = el('button', { type: 'button', class: 'sh-button', id: 'cal-preview' }, '预览');
  const applyButton = el('button', { type: 'button', class: 'sh-button', id: 'cal-apply', disabled: '' }, '应用');
  const messages = el('div', { class: 'cal-messages' });
  const grid = el('section', { class: 'cal-panel', id: 'cal-grid', 'aria-label': '全年日历' });
  const affected = el('section', { class: 'cal-panel', id: 'cal-changes', 'aria-label': '受影响的办件' });

  main.append(
    el('h1', {}, '工作日历'),
    el('div', { class: 'cal-toolbar' }, el('label', { for: 'cal-year' }, '年份 '), yearSelect, status),
    el(
      'section',
      { class: 'cal-panel' },
      el('h2', {}, '导入文件'),
      el('p', { class: 'sh-muted' }, '文本文件，每行一天：日期,类型,名称。例如 2027-01-01,holiday,元旦 或 2027-02-07,workday,春节调休（holiday 放假，workday 调休上班）。'),
      el('div', { class: 'cal-toolbar' }, fileInput, fileName),
    ),
    el('section', { class: 'cal-panel' }, el('h2', {}, '手工录入'), el('div', { class: 'cal-entry-form' }, entryDate, entryKind, entryReason, addButton), entryTable),
    el('div', { class: 'cal-toolbar' }, previewButton, applyButton),
    messages,
    grid,
    affected,
  );

  const fail = (error: unknown) => {
    if (handleUnauthenticated(error)) return;
    const box = showMessage(messages, 'error', problemText(error));
    if (error instanceof ApiError && error.problem.errors && error.problem.errors.length > 1) {
      box.textContent = error.problem.detail ?? '';
      box.append(el('ul', { class: 'cal-errors' }, ...error.problem.errors.map((e) => el('li', {}, e.message))));
    }
  };

  const scheduleBody = () => (file !== null ? { file } : { entries });

  function renderEntries(): void {
    if (file !== null) {
      entryTable.replaceChildren(el('p', { class: 'sh-muted' }, '已选择导入文件；预览后显示文件中的各天。'));
      return;
    }
    if (entries.length === 0) {
      entryTable.replaceChildren(el('p', { class: 'sh-muted' }, '尚未录入任何日期。'));
      return;
    }
    entryTable.replaceChildren(
      el(
        'table',
        { class: 'sh-table' },
        el('thead', {}, el('tr', {}, el('th', {}, '日期'), el('th', {}, '类型'), el('th', {}, '名称'), el('th', {}, ''))),
        el(
          'tbody',
          {},
          ...entries.map((d, i) => {
            const remove = el('button', { type: 'button', class: 'sh-button sh-button-plain sh-button-small' }, '删除');
            remove.addEventListener('click', () => {
              entries.splice(i, 1);
              changed();
            });
            return el('tr', { 'data-date': d.date }, el('td', {}, d.date), el('td', {}, KIND_LABELS[d.kind]), el('td', {}, d.reason), el('td', {}, remove));
          }),
        ),
      ),
    );
  }

  /** Anything edited makes the last preview stale: it has to be previewed again before applying. */
  function changed(): void {
    applyButton.disabled = true;
    grid.replaceChildren();
    affected.replaceChildren();
    renderEntries();
  }

  function renderGrid(view: YearView): void {
    const byDate = new Map(view.days.map((d) => [d.date, d]));
    const months = Array.from({ length: 12 }, (_, m) => {
      const first = new Date(Date.UTC(view.year, m, 1));
      const length = new Date(Date.UTC(view.year, m + 1, 0)).getUTCDate();
      const lead = (first.getUTCDay() + 6) % 7;
      const cells: HTMLTableCellElement[] = Array.from({ length: lead }, () => el('td', {}));
      for (let d = 1; d <= length; d += 1) {
        const date = `${view.year}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const special = byDate.get(date);
        const weekend = (lead + d - 1) % 7 >= 5;
        const cls = special ? `cal-${special.kind}` : weekend ? 'cal-weekend' : '';
        cells.push(el('td', { class: cls, 'data-date': date, title: special ? `${KIND_LABELS[special.kind]}：${special.reason}` : '' }, String(d)));
      }
      const rows: HTMLTableRowElement[] = [];
      for (let i = 0; i < cells.length; i += 7) rows.push(el('tr', {}, ...cells.slice(i, i + 7)));
      return el('div', { class: 'cal-month' }, el('table', {}, el('caption', {}, `${m + 1} 月`), el('thead', {}, el('tr', {}, ...WEEK_HEAD.map((w) => el('th', {}, w)))), el('tbody', {}, ...rows)));
    });
    grid.replaceChildren(
      el('h2', {}, `${view.year} 年日历预览`),
      el('p', { class: 'cal-legend' }, el('span', { class: 'cal-holiday' }, '放假'), el('span', { class: 'cal-workday' }, '调休上班'), el('span', { class: 'cal-weekend' }, '周末')),
      el('div', { class: 'cal-months' }, ...months),
    );
  }

  function renderChanges(title: string, changes: Change[]): void {
    affected.replaceChildren(
      el('h2', {}, title),
      changes.length === 0
        ? el('p', { class: 'sh-muted' }, '没有未办结办件的办结时限或标记因此改变。')
        : el(
            'table',
            { class: 'sh-table' },
            el('thead', {}, el('tr', {}, el('th', {}, '办件编号'), el('th', {}, '原办结时限'), el('th', {}, '新办结时限'), el('th', {}, '年度标记'))),
            el(
              'tbody',
              {},
              ...changes.map((c) =>
                el(
                  'tr',
                  { 'data-case': c.caseNumber },
                  el('td', {}, c.caseNumber),
                  el('td', {}, formatDateTime(c.before.dueAt)),
                  el('td', {}, formatDateTime(c.after.dueAt)),
                  el('td', {}, c.before.calendarFlag && !c.after.calendarFlag ? '清除「年度安排未录入」标记' : (c.after.calendarFlag ?? '—')),
                ),
              ),
            ),
          ),
    );
  }

  async function load(): Promise<void> {
    file = null;
    fileInput.value = '';
    fileName.textContent = '';
    messages.replaceChildren();
    try {
      const view = await api.get<YearView>(`/api/admin/calendar/${year}`);
      entries = view.entered.map((d) => ({ ...d }));
      status.textContent = view.source ? `${year} 年节假日安排：${SOURCE_LABELS[view.source]}` : `${year} 年节假日安排尚未录入：截止日期落在该年的办件仅按周末推算并被标记`;
      changed();
      renderGrid(view);
    } catch (error) {
      fail(error);
    }
  }

  yearSelect.addEventListener('change', () => {
    year = Number(yearSelect.value);
    void load();
  });

  fileInput.addEventListener('change', () => {
    const chosen = fileInput.files?.[0];
    if (!chosen) return;
    void chosen.text().then((text) => {
      file = text;
      fileName.textContent = `已选择 ${chosen.name}`;
      messages.replaceChildren();
      changed();
    });
  });

  addButton.addEventListener('click', () => {
    if (file !== null) {
      file = null;
      fileInput.value = '';
      fileName.textContent = '';
    }
    entries.push({ date: entryDate.value, kind: entryKind.value as Day['kind'], reason: entryReason.value.trim() });
    entries.sort((a, b) => a.date.localeCompare(b.date));
    entryReason.value = '';
    changed();
  });

  previewButton.addEventListener('click', () => {
    previewButton.disabled = true;
    messages.replaceChildren();
    api
      .post<{ calendar: YearView; changes: Change[] }>(`/api/admin/calendar/${year}/preview`, scheduleBody())
      .then((preview) => {
        if (file !== null) {
          entries = preview.calendar.entered.map((d) => ({ ...d }));
          file = null;
          fileInput.value = '';
          fileName.textContent = '';
        }
        renderEntries();
        renderGrid(preview.calendar);
        renderChanges('应用后办结时限改变的办件', preview.changes);
        showMessage(messages, 'info', `预览：${preview.calendar.entered.length} 天，${preview.changes.length} 件办件受影响。确认无误后点击「应用」。`);
        applyButton.disabled = false;
      })
      .catch(fail)
      .finally(() => {
        previewButton.disabled = false;
      });
  });

  applyButton.addEventListener('click', () => {
    applyButton.disabled = true;
    api
      .put<{ calendar: YearView; changes: Change[]; engineFailures: string[] }>(`/api/admin/calendar/${year}`, { entries })
      .then((result) => {
        status.textContent = `${year} 年节假日安排：${SOURCE_LABELS.admin}`;
        renderGrid(result.calendar);
        renderChanges('已重新计算办结时限的办件', result.changes);
        const warning = result.engineFailures.length > 0 ? `；以下办件的流程变量未能更新，请到流程运维处理：${result.engineFailures.join('、')}` : '';
        showMessage(messages, result.engineFailures.length > 0 ? 'error' : 'success', `已应用 ${year} 年节假日安排，${result.changes.length} 件办件的办结时限已重新计算${warning}`);
      })
      .catch((error: unknown) => {
        applyButton.disabled = false;
        fail(error);
      });
  });

  await load();
}
