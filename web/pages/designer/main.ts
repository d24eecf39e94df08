import '../shared/shared.css';
import './style.css';
import resources from 'virtual:designer-resources';
import { api, ApiError, el } from '../shared/api.js';
import { handleUnauthenticated, mountLayout, problemText } from '../shared/layout.js';
import { blankDecision, blankDiagram, blankForm } from './blank.js';
import type { Current, Design, DesignVersion, Kind } from './design.js';
import { deployer } from './deploy.js';
import type { DecisionOfFile } from './dmn.js';
import { chinaDateTime, versionHistory } from './history.js';

/**
 * 流程设计 (designers, administrators): the diagrams of processes/ in bpmn-js, the forms of
 * forms/ in form-js and the decisions (DMN, made here) in dmn-js, each saved as a numbered version in the store, compared line by line with
 * what the engine runs, and deployed; the engine's refusal is shown on the elements it names
 * (web/api/designer.ts, docs/decisions/0007). The three editors are chunks of their own, loaded
 * when the page first opens a diagram, a form or a decision (docs/decisions/0014).
 */

const KINDS: readonly Kind[] = ['bpmn', 'form', 'dmn'];

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
  const versions = versionHistory({ openPanel, failed, withBusy });
  versionsButton.addEventListener('click', () => {
    const c = current;
    if (c) void withBusy(() => versions.showVersions(c));
  });

  diffButton.addEventListener('click', () => {
    const c = current;
    if (c) void withBusy(() => versions.showDiff(c, 'deployed'));
  });

  // ---- deploy ---------------------------------------------------------------------------
  const deploy = deployer({ save, bpmnEditor, dmnEditor, say, confirm, openPanel, closePanel: () => (panel.hidden = true), failed, withBusy, loadDecisions });
  deployButton.addEventListener('click', () => {
    const c = current;
    if (c) void withBusy(() => deploy(c));
  });

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

void main();
