import { api, el } from '../shared/api.js';
import { formatDateTime } from '../shared/format.js';
import { variableOfMessage } from '../shared/job-input-message.js';
import { incidentMessage, INCIDENT_TYPE_LABELS, labelOf } from '../shared/labels.js';
import { handleUnauthenticated, mayUse, mountLayout, problemText, showMessage } from '../shared/layout.js';
import '../shared/shared.css';
import './style.css';

/**
 * 流程运维 for 业务督查科 and administrators: the open incidents in Chinese, each with its case,
 * retried one by one or many at once; an instance (/ops?instance=<key>) with its diagram, where it
 * waits and where it stopped, its variables (ID and phone numbers masked), and the correction of
 * variables followed by the retry. The API checks the role on every call.
 */

interface Incident {
  incidentKey: string;
  processInstanceKey: string;
  processName: string | null;
  elementId: string;
  elementName: string | null;
  errorType: string;
  errorMessage: string;
  state: string;
  creationTime: string | null;
  caseNumber: string | null;
}

interface RelatedInstance {
  processInstanceKey: string;
  processName: string | null;
  state: string;
  startDate: string | null;
}

interface InstanceView {
  processInstanceKey: string;
  processDefinitionVersion: number | null;
  processName: string | null;
  state: string;
  startDate: string | null;
  endDate: string | null;
  caseNumber: string | null;
  parent: RelatedInstance | null;
  children: RelatedInstance[];
  incidents: Incident[];
  elements: Array<{ elementId: string; elementName: string | null; state: string; hasIncident: boolean }>;
  variables: Array<{ name: string; value: string | null; truncated: boolean; local: boolean }>;
  diagramXml: string;
}

const INSTANCE_STATES: Record<string, string> = { ACTIVE: '运行中', COMPLETED: '已完成', TERMINATED: '已取消', CANCELED: '已取消' };

const caseLink = (caseNumber: string | null): Node | string =>
  caseNumber === null ? '—' : el('a', { href: `/inbox?case=${encodeURIComponent(caseNumber)}`, class: 'ops-case-link' }, caseNumber);
const instanceUrl = (key: string) => `/ops?instance=${encodeURIComponent(key)}`;
const elementLabel = (i: { elementName: string | null; elementId: string }) => i.elementName ?? `未命名环节（${i.elementId}）`;

function failure(area: HTMLElement, error: unknown): void {
  if (!handleUnauthenticated(error)) showMessage(area, 'error', problemText(error));
}

async function start(): Promise<void> {
  const { main, allowed, user } = await mountLayout('ops', '流程运维');
  if (!allowed) return;
  const instance = new URLSearchParams(location.search).get('instance');
  if (instance !== null && /^\d{1,20}$/.test(instance)) instanceView(main, instance, mayUse('cases', user.roles));
  else incidentList(main);
}

/** The open incidents: what stops cases now. */
function incidentList(main: HTMLElement): void {
  const messages = el('div', { 'aria-live': 'polite' });
  const body = el('div', {});
  const retrySelected = el('button', { type: 'button', class: 'sh-button', disabled: '' }, '重试所选事故');
  const refresh = el('button', { type: 'button', class: 'sh-button sh-button-plain' }, '刷新');
  main.append(
    el('h1', {}, '流程运维'),
    el('p', { class: 'ops-lead' }, '流程中因数据或故障停下的环节（流程事故）。先查看流程实例、必要时修改变量，再重试；重试后环节重新执行。'),
    el('section', { class: 'sh-panel', 'aria-labelledby': 'ops-incidents-title' }, el('div', { class: 'ops-head' }, el('h2', { id: 'ops-incidents-title' }, '未解决的流程事故'), retrySelected, refresh), messages, body),
  );

  const checked = () => [...body.querySelectorAll<HTMLInputElement>('input.ops-select:checked')].map((box) => box.value);
  const updateButton = () => {
    const n = checked().length;
    retrySelected.disabled = n === 0;
    retrySelected.textContent = n === 0 ? '重试所选事故' : `重试所选 ${n} 个事故`;
  };

  const load = async () => {
    try {
      const list = await api.get<{ items: Incident[]; total: number }>('/api/ops/incidents');
      body.replaceChildren(list.items.length === 0 ? el('p', { class: 'sh-muted' }, '没有未解决的流程事故。') : table(list.items));
    } catch (error) {
      body.replaceChildren();
      failure(messages, error);
    }
    updateButton();
  };

  const table = (items: Incident[]): HTMLElement => {
    const all = el('input', { type: 'checkbox', 'aria-label': '全选' });
    all.addEventListener('change', () => {
      for (const box of body.querySelectorAll<HTMLInputElement>('input.ops-select')) box.checked = all.checked;
      updateButton();
    });
    return el(
      'table',
      { class: 'sh-table ops-table' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, all), ...['发生时间', '办件', '流程', '环节', '事故类型', '原因', ''].map((h) => el('th', { scope: 'col' }, h)))),
      el(
        'tbody',
        {},
        ...items.map((i) => {
          const box = el('input', { type: 'checkbox', class: 'ops-select', value: i.incidentKey, 'aria-label': `选择 ${i.caseNumber ?? i.processInstanceKey} ${elementLabel(i)} 的事故` });
          box.addEventListener('change', updateButton);
          return el(
            'tr',
            { 'data-incident': i.incidentKey },
            el('td', {}, box),
            el('td', { class: 'ops-nowrap' }, formatDateTime(i.creationTime)),
            el('td', { class: 'ops-nowrap' }, caseLink(i.caseNumber)),
            el('td', {}, i.processName ?? '未命名流程'),
            el('td', { 'data-element': i.elementId }, elementLabel(i)),
            el('td', {}, labelOf(INCIDENT_TYPE_LABELS, i.errorType, '其他故障')),
            el('td', { class: 'ops-error' }, incidentMessage(i.errorType, i.errorMessage)),
            el('td', { class: 'ops-nowrap' }, el('a', { href: instanceUrl(i.processInstanceKey), class: 'sh-button sh-button-small sh-button-plain' }, '查看实例')),
          );
        }),
      ),
    );
  };

  retrySelected.addEventListener('click', () => {
    const keys = checked();
    retrySelected.disabled = true;
    api
      .post<{ results: Array<{ incidentKey: string; retried: boolean; detail: string | null }>; retried: number }>('/api/ops/incidents/retry', { incidentKeys: keys })
      .then(async (done) => {
        const refused = done.results.filter((r) => !r.retried);
        await load();
        showMessage(
          messages,
          refused.length === 0 ? 'success' : 'error',
          `已重试 ${done.retried} 个事故，作业已重新派发。${refused.map((r) => `事故 ${r.incidentKey} 未重试：${r.detail ?? ''}`).join('；')}`,
        );
      })
      .catch((error: unknown) => {
        updateButton();
        failure(messages, error);
      });
  });
  refresh.addEventListener('click', () => void load());
  void load();
}

/** One instance: its case, where it came from and what it called, the diagram, its incidents and variables. */
function instanceView(main: HTMLElement, key: string, maySearchCases: boolean): void {
  const messages = el('div', { 'aria-live': 'polite' });
  const content = el('div', {}, el('p', { class: 'sh-muted' }, '正在加载流程实例…'));
  main.append(el('a', { href: '/ops', class: 'ops-back' }, '← 返回流程事故'), el('h1', {}, `流程实例 ${key}`), messages, content);

  const load = async () => {
    let view: InstanceView;
    try {
      view = await api.get<InstanceView>(`/api/ops/instances/${encodeURIComponent(key)}`);
    } catch (error) {
      content.replaceChildren();
      failure(messages, error);
      return;
    }
    document.title = `${view.processName ?? '流程实例'} ${view.caseNumber ?? key} - ${document.title.split(' - ').pop() ?? ''}`;
    const canvas = el('div', { class: 'ops-diagram', id: 'ops-diagram', role: 'img', 'aria-label': '流程图：已完成、等待中和出事故的环节已标出' });
    const open = view.incidents.filter((i) => i.state === 'ACTIVE');
    content.replaceChildren(
      facts(view, maySearchCases),
      el(
        'section',
        { class: 'sh-panel', 'aria-labelledby': 'ops-diagram-title' },
        el('h2', { id: 'ops-diagram-title' }, '流程图'),
        el(
          'p',
          { class: 'ops-legend' },
          el('span', { class: 'ops-key ops-key-active' }, '等待中'),
          el('span', { class: 'ops-key ops-key-incident' }, '出事故'),
          el('span', { class: 'ops-key ops-key-completed' }, '已完成'),
        ),
        canvas,
      ),
      ...open.map((i) => incidentPanel(i, view, messages, load)),
      variablesPanel(view),
    );
    const incidents: Record<string, number> = {};
    for (const i of open) incidents[i.elementId] = (incidents[i.elementId] ?? 0) + 1;
    // the viewer is a chunk of its own (scripts/build-web.ts), downloaded when first needed
    const marks = {
      completed: view.elements.filter((e) => e.state === 'COMPLETED').map((e) => e.elementId),
      active: view.elements.filter((e) => e.state === 'ACTIVE' && !e.hasIncident).map((e) => e.elementId),
      incidents,
    };
    await import('./diagram.js')
      .then((diagram) => diagram.showDiagram(canvas, view.diagramXml, marks))
      .catch(() => canvas.replaceChildren(el('p', { class: 'sh-muted' }, '流程图无法显示。')));
  };
  void load();
}

function facts(view: InstanceView, maySearchCases: boolean): HTMLElement {
  const rows: Array<[string, Node | string]> = [
    ['流程', `${view.processName ?? '未命名流程'}${view.processDefinitionVersion === null ? '' : `（第 ${view.processDefinitionVersion} 版）`}`],
    ['状态', `${INSTANCE_STATES[view.state] ?? view.state}${view.incidents.some((i) => i.state === 'ACTIVE') ? '，有未解决的事故' : ''}`],
    ['办件', caseLink(view.caseNumber)],
    ['开始时间', formatDateTime(view.startDate)],
  ];
  if (view.endDate) rows.push(['结束时间', formatDateTime(view.endDate)]);
  if (view.parent) rows.push(['由此流程调用', el('a', { href: instanceUrl(view.parent.processInstanceKey) }, `${view.parent.processName ?? '流程'} ${view.parent.processInstanceKey}`)]);
  if (view.children.length > 0) {
    rows.push([
      '调用的流程',
      el('span', {}, ...view.children.flatMap((c, n) => [n > 0 ? '、' : '', el('a', { href: instanceUrl(c.processInstanceKey) }, `${c.processName ?? '流程'}（${INSTANCE_STATES[c.state] ?? c.state}）`)])),
    ]);
  }
  if (maySearchCases && view.caseNumber) rows.push(['办件查询', el('a', { href: `/cases?number=${encodeURIComponent(view.caseNumber)}` }, '在办件查询中查看')]);
  return el('dl', { class: 'sh-panel ops-facts' }, ...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

/** One open incident: what stopped, why, and the correction of variables with the retry in one step. */
function incidentPanel(incident: Incident, view: InstanceView, messages: HTMLElement, reload: () => Promise<void>): HTMLElement {
  const rows = el('div', { class: 'ops-edits' });
  const named = variableOfMessage(incident.errorMessage);
  const addRow = (name = '') => {
    const current = view.variables.find((v) => v.name === name && !v.truncated);
    const parsed: unknown = current?.value ? JSON.parse(current.value) : undefined;
    const isText = parsed === undefined || parsed === null || typeof parsed === 'string';
    const n = rows.children.length;
    const nameInput = el('input', { class: 'sh-input ops-edit-name', id: `ops-name-${incident.incidentKey}-${n}`, value: name, maxlength: '100', autocomplete: 'off' });
    const kind = el('select', { class: 'sh-input ops-edit-kind', id: `ops-kind-${incident.incidentKey}-${n}` }, el('option', { value: 'text' }, '文本'), el('option', { value: 'json' }, '数字、是否、列表或对象（JSON）'));
    kind.value = isText ? 'text' : 'json';
    const value = el('textarea', { class: 'sh-input ops-edit-value', id: `ops-value-${incident.incidentKey}-${n}`, rows: '2', maxlength: '10000' });
    value.value = typeof parsed === 'string' ? parsed : parsed === undefined || parsed === null ? '' : JSON.stringify(parsed, null, 1);
    rows.append(
      el(
        'div',
        { class: 'ops-edit' },
        el('label', { class: 'sh-field' }, el('span', {}, '变量名'), nameInput),
        el('label', { class: 'sh-field' }, el('span', {}, '值的类型'), kind),
        el('label', { class: 'sh-field ops-edit-value-field' }, el('span', {}, '新值'), value),
      ),
    );
  };
  addRow(named ?? '');
  const more = el('button', { type: 'button', class: 'sh-button sh-button-plain sh-button-small' }, '再改一个变量');
  more.addEventListener('click', () => addRow());
  const fix = el('button', { type: 'submit', class: 'sh-button' }, '修改变量并重试');
  const retry = el('button', { type: 'button', class: 'sh-button sh-button-plain' }, '不改变量，直接重试');
  const form = el('form', { class: 'ops-fix', 'aria-label': '修改变量并重试' }, rows, el('div', { class: 'ops-actions' }, more, fix, retry));

  const done = async (text: string) => {
    await reload();
    showMessage(messages, 'success', text);
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const variables = [...rows.querySelectorAll('.ops-edit')]
      .map((row) => ({
        name: row.querySelector<HTMLInputElement>('.ops-edit-name')!.value.trim(),
        kind: row.querySelector<HTMLSelectElement>('.ops-edit-kind')!.value,
        value: row.querySelector<HTMLTextAreaElement>('.ops-edit-value')!.value,
      }))
      .filter((v) => v.name !== '');
    if (variables.length === 0) {
      showMessage(messages, 'error', '请填写要修改的变量名');
      return;
    }
    fix.disabled = true;
    api
      .post<{ changed: string[] }>(`/api/ops/incidents/${encodeURIComponent(incident.incidentKey)}/variables`, { variables })
      .then((result) => done(`已修改变量 ${result.changed.join('、')} 并重试「${elementLabel(incident)}」，环节正在重新执行。`))
      .catch((error: unknown) => {
        fix.disabled = false;
        failure(messages, error);
      });
  });
  retry.addEventListener('click', () => {
    retry.disabled = true;
    api
      .post(`/api/ops/incidents/${encodeURIComponent(incident.incidentKey)}/retry`)
      .then(() => done(`已重试「${elementLabel(incident)}」，环节正在重新执行。`))
      .catch((error: unknown) => {
        retry.disabled = false;
        failure(messages, error);
      });
  });

  return el(
    'section',
    { class: 'sh-panel ops-incident', 'data-incident': incident.incidentKey, 'aria-labelledby': `ops-incident-${incident.incidentKey}` },
    el('h2', { id: `ops-incident-${incident.incidentKey}` }, `事故：${elementLabel(incident)}`),
    el(
      'dl',
      { class: 'ops-facts' },
      el('dt', {}, '事故类型'),
      el('dd', {}, labelOf(INCIDENT_TYPE_LABELS, incident.errorType, '其他故障')),
      el('dt', {}, '原因'),
      el('dd', { class: 'ops-error' }, incidentMessage(incident.errorType, incident.errorMessage)),
      el('dt', {}, '发生时间'),
      el('dd', {}, formatDateTime(incident.creationTime)),
    ),
    el('details', { class: 'ops-original' }, el('summary', {}, '引擎记录的原文'), el('pre', {}, incident.errorMessage)),
    el('p', { class: 'sh-muted' }, '修改后立即重试；修改前后的值记入操作日志（证件号、手机号遮挡）。办件编号、投诉编号不能修改。'),
    form,
  );
}

function variablesPanel(view: InstanceView): HTMLElement {
  const rows = view.variables.map((v) =>
    el(
      'tr',
      { 'data-variable': v.name },
      el('th', { scope: 'row' }, v.name),
      el('td', {}, v.truncated ? el('span', { class: 'sh-muted' }, '（值过长，引擎只给出截断的内容）') : el('code', { class: 'ops-value' }, v.value ?? 'null')),
      el('td', {}, v.local ? '环节' : '流程实例'),
    ),
  );
  return el(
    'section',
    { class: 'sh-panel', 'aria-labelledby': 'ops-variables-title' },
    el('h2', { id: 'ops-variables-title' }, '流程变量'),
    view.state !== 'ACTIVE'
      ? el('p', { class: 'sh-muted' }, '流程实例已结束，流程引擎不再保留其变量。')
      : el('table', { class: 'sh-table ops-variables' }, el('thead', {}, el('tr', {}, ...['变量', '值（证件号、手机号遮挡）', '作用域'].map((h) => el('th', { scope: 'col' }, h)))), el('tbody', {}, ...rows)),
  );
}

void start();
