import { api, ApiError, el, session } from '../shared/api.js';
import { problemText } from '../shared/layout.js';
import type { BpmnEditor, ElementProblem } from './bpmn.js';
import type { Current } from './design.js';
import type { DmnEditor } from './dmn.js';

/**
 * Deploying the open file: saved first when it has changes, the checks' or the engine's refusal
 * shown on the elements it names, process ids moved in on confirmation, an administrator's override.
 */

interface Deployment {
  version: number;
  deployedVersionKey: string;
  engineVersion: number;
  deployedAt: string;
}

/** What a deploy confirms past a refusal (issue 11): process ids moved in, an administrator's override. */
interface DeployConfirmations {
  moveProcessIds?: string[];
  lintOverride?: { reason: string };
}

/** What deploying needs of the page; the editors are its lazy chunks, asked for only when a file of theirs is deployed. */
export interface DeployPage {
  save: (c: Current) => Promise<boolean>;
  bpmnEditor: () => Promise<BpmnEditor>;
  dmnEditor: () => Promise<DmnEditor>;
  say: (kind: 'info' | 'success' | 'error', text: string) => void;
  confirm: (message: string, ok: string) => Promise<boolean>;
  openPanel: (heading: string, ...content: Node[]) => void;
  closePanel: () => void;
  failed: (error: unknown, what: string) => void;
  withBusy: <T>(fn: () => Promise<T>) => Promise<T>;
  loadDecisions: () => Promise<void>;
}

export function deployer(page: DeployPage): (c: Current) => Promise<void> {
  const { save, bpmnEditor, dmnEditor, say, confirm, openPanel, closePanel, failed, withBusy, loadDecisions } = page;

  async function deploy(c: Current, confirmations: DeployConfirmations = {}): Promise<void> {
    if ((c.dirty || c.version === 0) && !(await save(c))) return;
    // lint errors are refused by the server, which answers them like the engine's refusal below
    if (c.kind === 'bpmn') (await bpmnEditor()).clearDeployProblems();
    try {
      const done = await api.post<Deployment>(`/api/designer/${c.kind}/${encodeURIComponent(c.id)}/deploy`, { version: c.version, ...confirmations });
      c.saved = { ...c.saved, deployedVersionKey: done.deployedVersionKey, deployedAt: done.deployedAt };
      const engineVersion = c.kind === 'dmn' ? `决策需求图在引擎中的第 ${done.engineVersion} 版` : `引擎中的第 ${done.engineVersion} 版`;
      say('success', `第 ${done.version} 版已部署到流程引擎（${engineVersion}，键 ${done.deployedVersionKey}）。`);
      closePanel();
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

  return deploy;
}
