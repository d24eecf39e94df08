import '../shared/shared.css';
import './style.css';
import resources from 'virtual:designer-resources';
import { api, ApiError, el, session } from '../shared/api.js';
import { handleUnauthenticated, mountLayout, problemText } from '../shared/layout.js';
import type { ElementProblem } from './bpmn.js';
import type { DecisionOfFile } from './dmn.js';

/**
 * 流程设计 (designers, administrators): the diagrams of processes/ in bpmn-js, the forms of
 * forms/ in form-js and the decisions (DMN, made here) in dmn-js, each saved as a numbered version in the store, compared line by line with
 * what the engine runs, and deployed; the engine's refusal is shown on the elements it names
 * (web/api/designer.ts, docs/decisions/0007). The three editors are chunks of their own, loaded
 * when the page first opens a diagram, a form or a decision (docs/decisions/0014).
 */

type Kind = 'bpmn' | 'form' | 'dmn';
const KINDS: readonly Kind[] = ['bpmn', 'form', 'dmn'];

interface Design {
  kind: Kind;
  id: string;
  version: number;
  author: string | null;
  createdAt: string | null;
  deployedVersionKey: string | null;
  deployedAt: string | null;
  content: string;
}
type DesignVersion = Omit<Design, 'content'> & { size: number };
interface Diff {
  version: number;
  against: { kind: 'deployed' | 'version'; version: number | null; key: string | null };
  identical: boolean;
  added: number;
  removed: number;
  hunks: Array<{ oldStart: number; oldLines: number; newStart: number; newLines: number; lines: string[] }>;
}
interface Deployment {
  version: number;
  deployedVersionKey: string;
  engineVersion: number;
  deployedAt: string;
}
/** A decision file saved here, as GET /api/designer/dmn lists it. */
interface SavedDesign {
  id: string;
  name: string | null;
  version: number;
  deployedVersion: number | null;
}
interface LintResult {
  errors: number;
  warnings: number;
  issues: Array<{ rule: string; category: 'error' | 'warn' | 'info'; elementId: string | null; message: string }>;
}

const KIND_LABEL: Record<Kind, string> = { bpmn: '流程图', form: '表单', dmn: '决策' };
const EXTENSION: Record<Kind, string> = { bpmn: 'bpmn', form: 'form', dmn: 'dmn' };
const ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
// the input's pattern attribute is compiled with the v flag, where a class's literal - must be escaped
const ID_PATTERN_ATTRIBUTE = '[A-Za-z_][A-Za-z0-9_\\-]{0,63}';

interface Current {
  kind: Kind;
  id: string;
  name: string;
  /** the saved version the editor started from (0: the project's file, never saved here) */
  version: number;
  saved: Omit<Design, 'content'>;
  dirty: boolean;
}

async function main(): Promise<void> {
  const layout = await mountLayout('designer', '流程设计');
  if (!layout.allowed) return;
  layout.main.classList.add('designer-main');

  // ---- the frame ------------------------------------------------------------------------
  const list = (k: Kind) => el('ul', { class: 'designer-list', id: `list-${k}` });
  const tab = (k: Kind) => el('button', { type: 'button', role: 'tab', class: 'designer-tab', id: `tab-${k}`, 'aria-controls': `list-${k}` }, KIND_LABEL[k]);
  const listOf: Record<Kind, HTMLElement> = { bpmn: list('bpmn'), form: list('form'), dmn: list('dmn') };
  const tabs: Record<Kind, HTMLButtonElement> = { bpmn: tab('bpmn'), form: tab('form'), dmn: tab('dmn') };
  const openInput = el('input', { class: 'sh-input', id: 'open-id', name: 'id', placeholder: '如 immediate-case', maxlength: '64', pattern: ID_PATTERN_ATTRIBUTE, autocomplete: 'off' });
  const openForm = el(
    'form',
    { class: 'designer-open', id: 'open-form' },
    el('label', { for: 'open-id' }, '按标识打开或新建'),
    el('div', { class: 'designer-open-row' }, openInput, el('button', { type: 'submit', class: 'sh-button sh-button-plain sh-button-small' }, '打开')),
  );
  const sidebar = el(
    'nav',
    { class: 'designer-sidebar', 'aria-label': '流程图、表单和决策' },
    el('div', { class: 'designer-tabs', role: 'tablist' }, ...KINDS.map((k) => tabs[k])),
    ...KINDS.map((k) => listOf[k]),
    openForm,
  );

  const title = el('h1', { class: 'designer-title', id: 'designer-title' }, '请选择流程图或表单');
  const versionInfo = el('div', { class: 'designer-version', id: 'version-info' });
  // a decision file's decisions, by the ids a business rule task calls them with
  const decisionsInfo = el('div', { class: 'designer-decisions', id: 'decisions-info', hidden: '' });
  const dirtyMark = el('span', { class: 'designer-dirty', id: 'dirty-mark', hidden: '' }, '● 有未保存的修改');
  const saveButton = el('button', { type: 'button', class: 'sh-button', id: 'save', disabled: '' }, '保存');
  const versionsButton = el('button', { type: 'button', class: 'sh-button sh-button-plain', id: 'versions', disabled: '' }, '版本记录');
  const diffButton = el('button', { type: 'button', class: 'sh-button sh-button-plain', id: 'diff', disabled: '' }, '与已部署版本比较');
  const deployButton = el('button', { type: 'button', class: 'sh-button sh-button-danger', id: 'deploy', disabled: '' }, '部署');
  const toolbar = el(
    'div',
    { class: 'designer-toolbar' },
    el('div', { class: 'designer-heading' }, title, el('div', { class: 'designer-meta' }, versionInfo, dirtyMark), decisionsInfo),
    el('div', { class: 'designer-actions' }, saveButton, versionsButton, diffButton, deployButton),
  );
  const status = el('div', { class: 'designer-status', id: 'designer-status', 'aria-live': 'polite' });

  const canvas = el('div', { class: 'designer-canvas', id: 'bpmn-canvas' });
  const properties = el('aside', { class: 'designer-properties', id: 'bpmn-properties', 'aria-label': '属性' });
  const bpmnView = el('section', { class: 'designer-view designer-bpmn', id: 'bpmn-view', hidden: '' }, canvas, properties);
  const formHost = el('div', { class: 'designer-form-host', id: 'form-editor' });
  const formView = el('section', { class: 'designer-view designer-form', id: 'form-view', hidden: '' }, formHost);
  const dmnHost = el('div', { class: 'designer-dmn-host', id: 'dmn-editor' });
  const dmnView = el('section', { class: 'designer-view designer-dmn', id: 'dmn-view', hidden: '' }, dmnHost);
  const emptyView = el('section', { class: 'designer-view designer-empty' }, el('p', {}, '从左侧选择要编辑的流程图、表单或决策。'));

  const panelTitle = el('h2', { id: 'panel-title' });
  const panelBody = el('div', { class: 'designer-panel-body', id: 'panel-body' });
  const panelClose = el('button', { type: 'button', class: 'sh-button sh-button-plain sh-button-small', 'aria-label': '关闭' }, '关闭');
  const panel = el('section', { class: 'designer-panel', id: 'designer-panel', hidden: '' }, el('div', { class: 'designer-panel-head' }, panelTitle, panelClose), panelBody);
  panelClose.addEventListener('click', () => (panel.hidden = true));

  const dialog = el('dialog', { class: 'designer-dialog', id: 'designer-dialog' });
  const work = el('div', { class: 'designer-work' }, toolbar, status, emptyView, bpmnView, formView, dmnView, panel);
  layout.main.append(el('div', { class: 'designer-layout' }, sidebar, work), dialog);

  // ---- editors (downloaded and made when first needed) ----------------------------------
  let current: Current | undefined;
  let busy = false;

  const markDirty = () => {
    if (!current || current.dirty) return;
    current.dirty = true;
    refresh();
  };
  const bpmnEditor = lazyEditor(
    '流程图编辑器',
    () => import('./bpmn.js'),
    (m) => m.createBpmnEditor(canvas, properties, markDirty, (errors) => say('error', `元素模板有误：${errors.map((e) => e.message).join('；')}`)),
  );
  const formDesigner = lazyEditor(
    '表单编辑器',
    () => import('./form.js'),
    (m) => m.createFormDesigner(formHost, markDirty),
  );
  const dmnEditor = lazyEditor(
    '决策编辑器',
    () => import('./dmn.js'),
    (m) => m.createDmnEditor(dmnHost, markDirty),
  );
  const editorOf = (kind: Kind) => (kind === 'bpmn' ? bpmnEditor() : kind === 'form' ? formDesigner() : dmnEditor());

  // ---- messages and dialogs -------------------------------------------------------------
  function say(kind: 'info' | 'success' | 'error', text: string, ...actions: HTMLElement[]): void {
    status.replaceChildren(el('div', { class: `sh-message sh-message-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text, ...actions));
  }

  function confirm(message: string, ok: string): Promise<boolean> {
    return new Promise((resolve) => {
      const yes = el('button', { type: 'button', class: 'sh-button', value: 'ok', id: 'dialog-ok' }, ok);
      const no = el('button', { type: 'button', class: 'sh-button sh-button-plain', value: 'cancel', id: 'dialog-cancel' }, '取消');
      dialog.replaceChildren(el('p', { class: 'designer-dialog-text' }, message), el('div', { class: 'designer-dialog-actions' }, no, yes));
      const done = (answer: boolean) => {
        dialog.close();
        resolve(answer);
      };
      yes.addEventListener('click', () => done(true));
      no.addEventListener('click', () => done(false));
      dialog.addEventListener('cancel', () => resolve(false), { once: true });
      dialog.showModal();
      no.focus();
    });
  }

  function openPanel(heading: string, ...content: Node[]): void {
    panelTitle.textContent = heading;
    panelBody.replaceChildren(...content);
    panel.hidden = false;
  }

  function failed(error: unknown, what: string): void {
    if (handleUnauthenticated(error)) return;
    say('error', `${what}失败：${problemText(error)}`);
  }

  // ---- the list -------------------------------------------------------------------------
  function showTab(kind: Kind): void {
    for (const k of KINDS) {
      tabs[k].setAttribute('aria-selected', String(k === kind));
      tabs[k].classList.toggle('designer-tab-active', k === kind);
      listOf[k].hidden = k !== kind;
    }
    openInput.dataset.kind = kind;
  }
  const listItem = (kind: Kind, id: string, name: string, ...more: Node[]) => {
    const item = el('button', { type: 'button', class: 'designer-item', 'data-kind': kind, 'data-id': id }, el('span', { class: 'designer-item-name' }, name), el('code', { class: 'designer-item-id' }, id), ...more);
    item.addEventListener('click', () => void open(kind, id, name));
    return el('li', {}, item);
  };
  for (const kind of KINDS) tabs[kind].addEventListener('click', () => showTab(kind));
  for (const kind of ['bpmn', 'form'] as const) {
    for (const r of kind === 'bpmn' ? resources.processes : resources.forms) listOf[kind].append(listItem(kind, r.id, r.name));
  }

  // the project ships no decisions: the list is what was saved here, with what was deployed
  let decisions: SavedDesign[] = [];
  async function loadDecisions(): Promise<void> {
    try {
      decisions = (await api.get<{ items: SavedDesign[] }>('/api/designer/dmn')).items;
    } catch (error) {
      return failed(error, '读取决策列表');
    }
    listOf.dmn.replaceChildren(
      ...(decisions.length === 0
        ? [el('li', { class: 'sh-empty designer-list-empty' }, '尚无决策。在下方输入标识新建。')]
        : decisions.map((d) =>
            listItem('dmn', d.id, d.name ?? d.id, el('span', { class: 'designer-item-state' }, d.deployedVersion === null ? `第 ${d.version} 版 · 未部署` : `第 ${d.version} 版 · 已部署第 ${d.deployedVersion} 版`)),
          )),
    );
    refresh();
  }
  const nameOf = (kind: Kind, id: string) => (kind === 'dmn' ? decisions.find((d) => d.id === id)?.name : (kind === 'bpmn' ? resources.processes : resources.forms).find((r) => r.id === id)?.name) ?? undefined;
  openForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = openInput.value.trim();
    if (!ID_PATTERN.test(id)) {
      say('error', '标识只能由字母、数字、_ 和 - 组成，以字母或 _ 开头，最长 64 个字符');
      return;
    }
    void open((openInput.dataset.kind as Kind | undefined) ?? 'bpmn', id, id, true);
  });

  // ---- state shown in the toolbar -------------------------------------------------------
  function refresh(): void {
    sidebar.querySelectorAll<HTMLElement>('.designer-item').forEach((button) => {
      const active = current !== undefined && button.dataset.kind === current.kind && button.dataset.id === current.id;
      button.classList.toggle('designer-item-active', active);
      if (active) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
    });
    const c = current;
    for (const b of [saveButton, versionsButton, diffButton, deployButton]) b.disabled = busy || c === undefined;
    dirtyMark.hidden = !c?.dirty;
    if (!c) return;
    title.replaceChildren(el('span', {}, c.name), el('code', { class: 'designer-title-id' }, `${c.id}.${EXTENSION[c.kind]}`));
    const s = c.saved;
    const parts: Array<Node | string> = [];
    // the project ships no decision files: one not saved yet is new
    if (s.version === 0 && c.kind === 'dmn') parts.push(el('span', { class: 'sh-badge sh-badge-grey' }, '新建'), ' 尚未保存');
    else if (s.version === 0) parts.push(el('span', { class: 'sh-badge sh-badge-grey' }, '项目文件'), ' 尚未在本系统保存');
    else parts.push(el('span', { class: 'sh-badge sh-badge-blue' }, `第 ${s.version} 版`), ` ${s.author ?? ''} 保存于 ${chinaDateTime(s.createdAt)}`);
    if (s.deployedVersionKey) parts.push(' · ', el('span', { class: 'sh-badge designer-deployed' }, '已部署'), ` ${chinaDateTime(s.deployedAt)}`);
    else if (s.version > 0) parts.push(' · ', el('span', { class: 'sh-badge sh-badge-grey' }, '本版未部署'));
    versionInfo.replaceChildren(...parts);
    saveButton.textContent = '保存';
    deployButton.textContent = c.dirty || c.version === 0 ? '保存并部署' : '部署';
    versionsButton.disabled ||= c.saved.version === 0;
  }

  async function withBusy<T>(fn: () => Promise<T>): Promise<T> {
    busy = true;
    refresh();
    try {
      return await fn();
    } finally {
      busy = false;
      refresh();
    }
  }

  // ---- open -----------------------------------------------------------------------------
  async function open(kind: Kind, id: string, name: string, mayCreate = false): Promise<void> {
    if (busy) return;
    if (current?.dirty && !(await confirm(`「${current.name}」有未保存的修改。放弃这些修改并打开「${name}」吗？`, '放弃修改并打开'))) return;
    await withBusy(async () => {
      // the editor downloads while the design is fetched; a failure is told where it is awaited
      const editor = editorOf(kind);
      editor.catch(() => undefined);
      let design: Design;
      let created = false;
      try {
        design = await api.get<Design>(`/api/designer/${kind}/${encodeURIComponent(id)}`);
      } catch (error) {
        if (!(mayCreate && error instanceof ApiError && error.problem.status === 404)) return failed(error, '打开');
        if (!(await confirm(`没有标识为 ${id} 的${KIND_LABEL[kind]}。新建一个吗？`, `新建${KIND_LABEL[kind]}`))) return;
        design = { kind, id, version: 0, author: null, createdAt: null, deployedVersionKey: null, deployedAt: null, content: kind === 'bpmn' ? blankDiagram(id) : kind === 'form' ? blankForm(id) : blankDecision(id) };
        created = true;
      }
      showView(kind);
      try {
        if (kind === 'bpmn') {
          const warnings = await (await bpmnEditor()).open(design.content);
          if (warnings.length > 0) say('info', `流程图已打开，有 ${warnings.length} 条导入提示：${warnings.slice(0, 3).join('；')}`);
          else status.replaceChildren();
        } else if (kind === 'form') {
          await (await formDesigner()).open(design.content);
          status.replaceChildren();
        } else {
          const warnings = await (await dmnEditor()).open(design.content);
          if (warnings.length > 0) say('info', `决策已打开，有 ${warnings.length} 条导入提示：${warnings.slice(0, 3).join('；')}`);
          else status.replaceChildren();
        }
      } catch (error) {
        say('error', `无法打开 ${id}：${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      const saved = { kind, id, version: design.version, author: design.author, createdAt: design.createdAt, deployedVersionKey: design.deployedVersionKey, deployedAt: design.deployedAt };
      current = { kind, id, name: nameOf(kind, id) ?? (name || id), version: design.version, saved, dirty: created };
      await showDecisions(current);
      panel.hidden = true;
      history.replaceState(null, '', `/designer?kind=${kind}&id=${encodeURIComponent(id)}`);
      showTab(kind);
    });
  }

  function showView(kind: Kind | undefined): void {
    emptyView.hidden = kind !== undefined;
    bpmnView.hidden = kind !== 'bpmn';
    formView.hidden = kind !== 'form';
    dmnView.hidden = kind !== 'dmn';
  }

  /** The decisions of the open decision file by id, the name a business rule task calls them by. */
  async function showDecisions(c: Current): Promise<void> {
    decisionsInfo.hidden = c.kind !== 'dmn';
    if (c.kind !== 'dmn') return;
    const found: DecisionOfFile[] = (await dmnEditor()).decisions();
    decisionsInfo.replaceChildren(
      '本文件的决策（业务规则任务按 id 调用）：',
      ...found.flatMap((d, i) => [...(i > 0 ? ['、'] : []), el('span', { class: 'designer-decision', 'data-decision-id': d.id }, d.name ?? d.id, ' ', el('code', {}, d.id))]),
    );
  }

  const contentOf = async (c: Current): Promise<string> => (c.kind === 'bpmn' ? (await bpmnEditor()).xml() : c.kind === 'form' ? (await formDesigner()).json() : (await dmnEditor()).xml());

  // ---- save -----------------------------------------------------------------------------
  async function save(c: Current): Promise<boolean> {
    let content: string;
    try {
      content = await contentOf(c);
    } catch (error) {
      say('error', `无法导出${KIND_LABEL[c.kind]}：${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
    try {
      const saved = await api.put<DesignVersion>(`/api/designer/${c.kind}/${encodeURIComponent(c.id)}`, { content, baseVersion: c.version });
      c.version = saved.version;
      c.saved = saved;
      c.dirty = false;
      say('success', `已保存为第 ${saved.version} 版。`);
    } catch (error) {
      if (error instanceof ApiError && error.problem.status === 409) {
        const reload = el('button', { type: 'button', class: 'sh-button sh-button-small designer-inline-action' }, '载入最新版本');
        reload.addEventListener('click', () => {
          c.dirty = false;
          void open(c.kind, c.id, c.name);
        });
        say('error', `${problemText(error)}。`, reload);
        return false;
      }
      failed(error, '保存');
      return false;
    }
    if (c.kind === 'form') await lintForm(c);
    if (c.kind === 'dmn') {
      await showDecisions(c);
      await loadDecisions();
    }
    return true;
  }

  /** What the inbox needs of a form (domain/forms), checked on the saved version. */
  async function lintForm(c: Current): Promise<LintResult | undefined> {
    try {
      const result = await api.post<LintResult>(`/api/designer/form/${encodeURIComponent(c.id)}/lint`, { version: c.version });
      if (result.issues.length > 0) {
        openPanel(
          `表单检查：${result.errors} 个错误，${result.warnings} 个警告`,
          el('ul', { class: 'designer-issues' }, ...result.issues.map((i) => el('li', { class: `designer-issue-${i.category}` }, i.elementId ? el('code', {}, i.elementId) : '', ' ', i.message))),
        );
      }
      return result;
    } catch (error) {
      failed(error, '表单检查');
      return undefined;
    }
  }

  saveButton.addEventListener('click', () => {
    const c = current;
    if (c) void withBusy(() => save(c));
  });

  // ---- versions and diff ----------------------------------------------------------------
  versionsButton.addEventListener('click', () => {
    const c = current;
    if (!c) return;
    void withBusy(async () => {
      try {
        const list = await api.get<{ versions: DesignVersion[] }>(`/api/designer/${c.kind}/${encodeURIComponent(c.id)}/versions`);
        const latest = list.versions[0]?.version;
        const rows = list.versions.map((v) => {
          const compare = el('button', { type: 'button', class: 'sh-button sh-button-plain sh-button-small' }, '最新版与此版比较');
          compare.addEventListener('click', () => void withBusy(() => showDiff(c, String(v.version))));
          return el(
            'tr',
            {},
            el('td', {}, `第 ${v.version} 版`),
            el('td', {}, v.author ?? '—'),
            el('td', {}, chinaDateTime(v.createdAt)),
            el('td', {}, `${v.size.toLocaleString('zh-CN')} 字符`),
            el('td', {}, v.deployedVersionKey ? `已部署 ${chinaDateTime(v.deployedAt)}` : '—'),
            el('td', {}, v.version === latest ? '最新' : compare),
          );
        });
        openPanel(
          `${c.name} 的版本记录`,
          list.versions.length === 0
            ? el('p', { class: 'sh-empty' }, '尚无保存的版本')
            : el('table', { class: 'sh-table' }, el('thead', {}, el('tr', {}, ...['版本', '保存人', '保存时间', '大小', '部署', ''].map((h) => el('th', {}, h)))), el('tbody', {}, ...rows)),
        );
      } catch (error) {
        failed(error, '读取版本记录');
      }
    });
  });

  diffButton.addEventListener('click', () => {
    const c = current;
    if (c) void withBusy(() => showDiff(c, 'deployed'));
  });

  async function showDiff(c: Current, against: string): Promise<void> {
    let diff: Diff;
    try {
      diff = await api.get<Diff>(`/api/designer/${c.kind}/${encodeURIComponent(c.id)}/diff?against=${against}`);
    } catch (error) {
      if (error instanceof ApiError && error.problem.status === 404) {
        openPanel('差异', el('p', { class: 'sh-empty' }, `${problemText(error)}。${c.saved.version === 0 ? '请先保存。' : ''}`));
        return;
      }
      return failed(error, '比较');
    }
    const base = diff.against.kind === 'deployed' ? `引擎中已部署的版本${diff.against.version ? `（第 ${diff.against.version} 版）` : ''}` : `第 ${diff.against.version} 版`;
    const note = c.dirty ? el('p', { class: 'designer-note' }, '比较的是已保存的版本；编辑器中未保存的修改不在其中。') : null;
    const summary = diff.identical ? `第 ${diff.version} 版与${base}相同。` : `第 ${diff.version} 版与${base}相比：增加 ${diff.added} 行，删除 ${diff.removed} 行。`;
    openPanel(`差异：第 ${diff.version} 版 ↔ ${base}`, ...(note ? [note] : []), el('p', { class: 'designer-diff-summary' }, summary), ...diff.hunks.map(renderHunk));
  }

  // ---- deploy ---------------------------------------------------------------------------
  deployButton.addEventListener('click', () => {
    const c = current;
    if (c) void withBusy(() => deploy(c));
  });

  /** What a deploy confirms past a refusal (issue 11): process ids moved in, an administrator's override. */
  interface DeployConfirmations {
    moveProcessIds?: string[];
    lintOverride?: { reason: string };
  }

  async function deploy(c: Current, confirmations: DeployConfirmations = {}): Promise<void> {
    if ((c.dirty || c.version === 0) && !(await save(c))) return;
    // lint errors are refused by the server, which answers them like the engine's refusal below
    if (c.kind === 'bpmn') (await bpmnEditor()).clearDeployProblems();
    try {
      const done = await api.post<Deployment>(`/api/designer/${c.kind}/${encodeURIComponent(c.id)}/deploy`, { version: c.version, ...confirmations });
      c.saved = { ...c.saved, deployedVersionKey: done.deployedVersionKey, deployedAt: done.deployedAt };
      const engineVersion = c.kind === 'dmn' ? `决策需求图在引擎中的第 ${done.engineVersion} 版` : `引擎中的第 ${done.engineVersion} 版`;
      say('success', `第 ${done.version} 版已部署到流程引擎（${engineVersion}，键 ${done.deployedVersionKey}）。`);
      panel.hidden = true;
      if (c.kind === 'dmn') await loadDecisions();
    } catch (error) {
      if (error instanceof ApiError && (error.problem.code === 'deployment-rejected' || error.problem.code === 'deployment-refused')) {
        const byEngine = error.problem.code === 'deployment-rejected';
        const moves = (error.problem.moves as Array<{ id: string; from: string | null }> | undefined) ?? [];
        if (moves.length > 0) {
          const named = moves.map((m) => `${m.id}（${m.from ? `现属流程图 ${m.from}` : '尚不属于任何流程图'}）`).join('、');
          const question = `第 ${c.version} 版还定义了流程 ${named}。部署会把它移入本流程图 ${c.id}，此后由本流程图部署它。确认移入吗？`;
          if (await confirm(question, '确认移入并部署')) {
            await deploy(c, { ...confirmations, moveProcessIds: [...(confirmations.moveProcessIds ?? []), ...moves.map((m) => m.id)] });
            return;
          }
        }
        const answered = (error.problem.problems as ElementProblem[] | undefined) ?? [];
        // the checks answer bpmnlint's own words; the page's lint shows them in Chinese
        const editor = c.kind === 'bpmn' ? await bpmnEditor() : undefined;
        const problems = editor && !byEngine ? answered.map((p) => ({ ...p, message: editor.translate(p.message) })) : answered;
        const unplaced = editor ? editor.showDeployProblems(problems, byEngine ? '引擎拒绝：' : '未通过检查：') : problems;
        const marked = c.kind === 'bpmn' && unplaced.length < problems.length ? '，已在图上标出' : '';
        say('error', byEngine ? `流程引擎拒绝部署第 ${c.version} 版：${problems.length > 0 ? `${problems.length} 处错误${marked}` : problemText(error)}。` : `${problemText(error)}${marked}。`);
        openPanel(
          byEngine ? `流程引擎拒绝部署第 ${c.version} 版` : `第 ${c.version} 版未通过部署前检查，未部署`,
          el(
            'ul',
            { class: 'designer-issues', id: 'deploy-problems' },
            ...(problems.length > 0 ? problems : [{ elementId: null, elementType: null, message: problemText(error) }]).map((p) => {
              const target = p.elementId ? el('button', { type: 'button', class: 'designer-link', 'data-element-id': p.elementId }, p.elementId) : el('span', {}, '整个文件');
              if (p.elementId && c.kind === 'bpmn') target.addEventListener('click', () => void bpmnEditor().then((editor) => editor.focus(p.elementId!)));
              if (p.elementId && c.kind === 'dmn') target.addEventListener('click', () => void dmnEditor().then((editor) => editor.show(p.elementId!)));
              return el('li', { class: 'designer-issue-error' }, target, p.elementType ? ` (${p.elementType})` : '', '：', p.message);
            }),
          ),
          ...(!byEngine && moves.length === 0 && (await isAdmin()) ? [overrideForm(c, confirmations)] : []),
        );
        return;
      }
      failed(error, '部署');
    }
  }

  let admin: Promise<boolean> | undefined;
  const isAdmin = () => (admin ??= session().then((info) => info.user?.roles.includes('admin') ?? false));

  /** An administrator may deploy past lint errors, saying why; the engine's own refusal has no such form. */
  function overrideForm(c: Current, confirmations: DeployConfirmations): HTMLElement {
    const reason = el('textarea', { id: 'override-reason', rows: '2', maxlength: '500', required: '' });
    const go = el('button', { type: 'button', class: 'sh-button sh-button-danger', id: 'override-deploy' }, '越过检查并部署（管理员）');
    go.addEventListener('click', () => {
      if (reason.value.trim() === '') {
        say('error', '越过检查部署须写明理由。');
        reason.focus();
        return;
      }
      void withBusy(() => deploy(c, { ...confirmations, lintOverride: { reason: reason.value.trim() } }));
    });
    return el('div', { class: 'designer-override' }, el('label', { for: 'override-reason' }, '管理员越过检查的理由（记入操作日志）'), reason, go);
  }

  addEventListener('beforeunload', (event) => {
    if (current?.dirty) event.preventDefault();
  });

  // ---- start ----------------------------------------------------------------------------
  const params = new URLSearchParams(location.search);
  const startKind: Kind = KINDS.find((k) => k === params.get('kind')) ?? 'bpmn';
  showTab(startKind);
  showView(undefined);
  refresh();
  await loadDecisions();
  const startId = params.get('id');
  if (startId && ID_PATTERN.test(startId)) await open(startKind, startId, nameOf(startKind, startId) ?? startId);
}

/**
 * An editor made once, when first asked for, from the module `load` downloads (its own chunk). A
 * failed download is told in Chinese; after a failure the next ask tries again.
 */
function lazyEditor<M, T>(name: string, load: () => Promise<M>, make: (module: M) => T): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () =>
    (made ??= load()
      .then(make, () => {
        throw new Error(`${name}未能下载，请检查网络后重试`);
      })
      .catch((error: unknown) => {
        made = undefined;
        throw error;
      }));
}

/** 2026-03-02 09:00, China time (the center's), whatever the browser's zone; — for none. */
function chinaDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** One hunk of a unified diff, with the old and new line numbers beside each line. */
function renderHunk(hunk: Diff['hunks'][number]): HTMLElement {
  let oldLine = hunk.oldStart;
  let newLine = hunk.newStart;
  const rows = hunk.lines.map((line) => {
    const mark = line[0];
    const kind = mark === '+' ? 'add' : mark === '-' ? 'del' : 'ctx';
    const oldNo = kind === 'add' ? '' : String(oldLine++);
    const newNo = kind === 'del' ? '' : String(newLine++);
    return el('tr', { class: `designer-diff-${kind}` }, el('td', { class: 'designer-diff-no' }, oldNo), el('td', { class: 'designer-diff-no' }, newNo), el('td', { class: 'designer-diff-line' }, line));
  });
  return el(
    'div',
    { class: 'designer-hunk' },
    el('div', { class: 'designer-hunk-head' }, `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`),
    el('table', { class: 'designer-diff' }, el('tbody', {}, ...rows)),
  );
}

/** A new diagram: a start event on an empty Zeebe process whose id is the file's. */
function blankDiagram(id: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${id}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Service Hall" exporterVersion="0.1.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="${id}" name="${id}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" name="开始" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${id}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="152" y="102" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/**
 * A new decision file: one decision table (UNIQUE, one input, one output, one rule) on its
 * requirements diagram, labelled in Chinese. Its decision's id is the file's with -decision, so
 * it belongs to no other file; the input expression is left for the designer to write.
 */
function blankDecision(id: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="${id}" name="${id}" namespace="http://camunda.org/schema/1.0/dmn" exporter="Service Hall" exporterVersion="0.1.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <decision id="${id}-decision" name="新决策">
    <decisionTable id="${id}-table" hitPolicy="UNIQUE">
      <input id="${id}-input-1" label="输入">
        <inputExpression id="${id}-input-expression-1" typeRef="string">
          <text></text>
        </inputExpression>
      </input>
      <output id="${id}-output-1" label="结果" name="result" typeRef="string" />
      <rule id="${id}-rule-1">
        <inputEntry id="${id}-rule-1-input-1">
          <text>-</text>
        </inputEntry>
        <outputEntry id="${id}-rule-1-output-1">
          <text></text>
        </outputEntry>
      </rule>
    </decisionTable>
  </decision>
  <dmndi:DMNDI>
    <dmndi:DMNDiagram id="${id}-diagram">
      <dmndi:DMNShape id="${id}-decision-shape" dmnElementRef="${id}-decision">
        <dc:Bounds height="80" width="180" x="160" y="100" />
      </dmndi:DMNShape>
    </dmndi:DMNDiagram>
  </dmndi:DMNDI>
</definitions>
`;
}

/** A new form for a user task (forms/<id>.form), as the project's forms start. */
function blankForm(id: string): string {
  return `${JSON.stringify(
    {
      type: 'default',
      id,
      schemaVersion: 19,
      executionPlatform: 'Camunda Cloud',
      executionPlatformVersion: '8.8.0',
      exporter: { name: 'Service Hall', version: '0.1.0' },
      components: [{ type: 'text', id: 'Text_title', text: `## ${id}` }],
    },
    null,
    2,
  )}\n`;
}

void main();
