import type { Form } from '@bpmn-io/form-js';
import { api, ApiError, el } from '../shared/api.js';
import { CASE_STATUS_LABELS, CASE_TYPE_LABELS, formatDateTime } from '../shared/format.js';
import { handleUnauthenticated, mayUse, problemText, showMessage } from '../shared/layout.js';
import { renderCaseFile } from './case-file.js';
import { renderCodeReissue } from './code-reissue.js';
import {
  assignControl,
  assignTask,
  claimTask,
  dueCell,
  groupsText,
  inMyGroups,
  headsTask,
  listUrl,
  personName,
  refreshCountdowns,
  setFlash,
  STATE_LABELS,
  subjectNumber,
  unclaimTask,
  type InboxContext,
} from './common.js';
import { loadFormViewer } from './form-loader.js';
import { formErrorsOf, locateField, ownedKeys, translateMessage } from './form-support.js';
import type { CompletedTask, CompletionOutcome, TaskDraft, TaskFormView } from './types.js';
import { labelTableData } from './table-labels.js';

/** How long typing pauses before the draft is saved. */
const DRAFT_DELAY_MS = 800;

type FormSchema = Parameters<typeof formErrorsOf>[0];

/** The confirmation after a completion: what became of the case, as far as the answer knows. */
function completionText(task: string, caseNumber: string | null, outcome: CompletionOutcome): string {
  const done = `「${task}」已办结${caseNumber ? `（办件 ${caseNumber}）` : ''}`;
  if (outcome.kind === 'finished') return `${done}，整个办件已办结。`;
  if (outcome.kind === 'next') return `${done}，流程已进入下一环节：${outcome.steps.map((s) => `「${s}」`).join('、')}。`;
  return `${done}，流程正在处理后续环节。`;
}

/**
 * One task: its form (form-js viewer, prefilled from the case, my draft laid over it), the case
 * file beside it, and the task's actions. The draft is saved as the clerk types (debounced PUT)
 * and comes back when they return; the completion goes to the engine through the API, and the
 * API's 400 field errors are shown on the fields.
 */
export function renderTask(ctx: InboxContext, key: string): () => void {
  const { user, main } = ctx;
  let disposed = false;
  let form: Form | undefined;
  let observer: MutationObserver | undefined;
  let draftTimer: number | undefined;
  let flushDraft: (() => void) | undefined;

  const back = el('a', { href: listUrl(), class: 'task-back' }, '← 返回待办列表');
  back.addEventListener('click', (event) => {
    event.preventDefault();
    ctx.navigate(listUrl());
  });
  const header = el('div', { class: 'task-header' });
  const messages = el('div', { class: 'task-messages' });
  // why the form is read-only: apart from the messages, so an action's outcome stays on screen
  const hint = el('div', { class: 'task-hint' });
  const formHost = el('div', { class: 'task-form', id: 'task-form' });
  const errorList = el('div', { class: 'task-errors', hidden: '' });
  const submit = el('button', { type: 'button', class: 'sh-button task-submit' }, '提交办结');
  const draftStatus = el('span', { class: 'task-draft-status sh-muted', role: 'status' });
  const discard = el('button', { type: 'button', class: 'sh-button sh-button-plain sh-button-small task-discard', hidden: '' }, '放弃草稿');
  const footer = el('div', { class: 'task-footer' }, submit, draftStatus, discard);
  const formPanel = el('section', { class: 'sh-panel task-form-panel', 'aria-label': '办理表单' }, messages, hint, errorList, formHost, footer);
  const caseFilePanel = el('aside', { class: 'sh-panel case-file', 'aria-label': '案卷' }, el('div', { class: 'sh-empty' }, '正在加载案卷…'));
  main.replaceChildren(el('div', { class: 'task-view' }, back, header, el('div', { class: 'task-body' }, formPanel, caseFilePanel)));

  const reload = () => {
    if (!disposed) void load();
  };

  const act = (work: () => Promise<unknown>, done: string) => {
    work()
      .then(() => {
        showMessage(messages, 'success', done);
        reload();
      })
      .catch((e: unknown) => {
        if (!handleUnauthenticated(e)) showMessage(messages, 'error', problemText(e));
      });
  };

  const renderHeader = (view: TaskFormView) => {
    const t = view.task;
    const actions = el('div', { class: 'task-actions' });
    const mine = t.assignee?.id === user.username;
    if (t.state === 'created' && inMyGroups(user, t)) {
      if (t.assignee === null || !mine) {
        const claim = el('button', { type: 'button', class: 'sh-button sh-button-plain' }, t.assignee === null ? '领取' : '接办（AB岗）');
        claim.addEventListener('click', () => act(() => claimTask(t.userTaskKey), '已领取，可以办理'));
        actions.append(claim);
      }
      if (mine) {
        const unclaim = el('button', { type: 'button', class: 'sh-button sh-button-plain' }, '退回岗位队列');
        unclaim.addEventListener('click', () => act(() => unclaimTask(t.userTaskKey), '已退回岗位队列'));
        actions.append(unclaim);
      }
    }
    if (t.state === 'created' && headsTask(user, t)) {
      if (t.assignee !== null && !mine) {
        const unassign = el('button', { type: 'button', class: 'sh-button sh-button-plain' }, '收回到岗位队列');
        unassign.addEventListener('click', () => act(() => unclaimTask(t.userTaskKey), `已从${personName(t.assignee)}处收回到岗位队列`));
        actions.append(unassign);
      }
      actions.append(assignControl(t.userTaskKey, (who) => new Promise<void>((resolve) => act(() => assignTask(t.userTaskKey, who.id).finally(resolve), `已指派给${who.name}`)), true));
    }
    const about: Array<[string, Node | string]> = t.complaint
      ? [
          ['投诉编号', t.complaint.number],
          ['投诉人', t.complaint.complainant],
          ['投诉事由', t.complaint.ground ?? '—'],
        ]
      : [
          ['办件编号', t.caseNumber ?? '—'],
          ['申请人', t.applicant?.name ?? '—'],
          ['事项', t.item?.name ?? t.item?.code ?? '—'],
        ];
    const facts: Array<[string, Node | string]> = [
      ...about,
      ['岗位', groupsText(t.candidateGroups)],
      ['办理人', t.assignee ? `${personName(t.assignee)}${t.coveringFor ? `（代 ${personName(t.coveringFor)}）` : ''}` : '未领取'],
      ['办理时限', dueCell(t)],
    ];
    if (view.completion) facts.push(['办结人', personName(view.completion.by)], ['办结时间', view.completion.at ? formatDateTime(view.completion.at) : '—']);
    if (t.complaint) facts.push(['答复期限', t.complaint.replyDueAt ? formatDateTime(t.complaint.replyDueAt) : '—']);
    if (view.caseFile) facts.splice(3, 0, ['类型', `${CASE_TYPE_LABELS[view.caseFile.caseType] ?? view.caseFile.caseType} · ${CASE_STATUS_LABELS[view.caseFile.status] ?? view.caseFile.status}`]);
    header.replaceChildren(
      el('h1', {}, t.name, ' ', el('span', { class: `sh-badge ${t.state === 'created' ? 'sh-badge-blue' : 'sh-badge-grey'}` }, STATE_LABELS[t.state])),
      el('dl', { class: 'task-facts' }, ...facts.map(([k, v]) => el('div', { class: 'task-fact' }, el('dt', {}, k), el('dd', {}, v)))),
      actions,
    );
  };

  const showFieldErrors = (schema: FormSchema, errors: Array<{ field: string; message: string }>) => {
    errorList.replaceChildren(
      el('strong', {}, '提交未通过校验，请更正以下各项：'),
      el(
        'ul',
        {},
        ...errors.map((e) => {
          const at = locateField(schema, e.field);
          return el('li', { 'data-field': e.field }, el('span', { class: 'task-error-field' }, at?.ref.label || e.field.replace(/^variables\./, '')), '：', translateMessage(e.message));
        }),
      ),
    );
    errorList.hidden = false;
  };

  async function load(): Promise<void> {
    // form-js downloads (the first time) while the task is fetched
    const viewer = loadFormViewer();
    viewer.catch(() => {}); // a task without a form does not need it; one with a form says so below
    let view: TaskFormView;
    try {
      view = await api.get<TaskFormView>(`/api/tasks/${encodeURIComponent(key)}/form`);
    } catch (e) {
      if (handleUnauthenticated(e)) return;
      header.replaceChildren(el('h1', {}, '无法打开任务'));
      showMessage(messages, 'error', problemText(e));
      formHost.replaceChildren();
      footer.hidden = true;
      caseFilePanel.replaceChildren();
      return;
    }
    if (disposed) return;
    document.title = `${view.task.name}${subjectNumber(view.task) ? ` ${subjectNumber(view.task)}` : ''} - ${document.title.split(' - ').pop() ?? ''}`;
    renderHeader(view);
    const complaint = view.task.complaint;
    caseFilePanel.replaceChildren(
      ...(!view.caseFile && complaint
        ? [
            el('h2', {}, '投诉'),
            el('p', { class: 'sh-muted' }, `此任务办理投诉 ${complaint.number}，不属于某一办件；投诉内容见表单。`),
            // the complaint office re-issues a complaint's code (the API allows no one else)
            ...(ctx.user.roles.includes('complaint-office')
              ? renderCodeReissue({
                  path: `/api/complaints/${encodeURIComponent(complaint.number)}/verification-code`,
                  button: '重新发放查询码',
                  intro: '投诉人遗失查询码，或查询码连续输错致网上查询暂停时，可重新发放；原查询码随即失效。',
                  holder: '投诉人',
                  tell: '当面或电话',
                  confirmText: `重新发放投诉 ${complaint.number} 的查询码吗？原查询码将立即失效，新查询码会发给投诉人。`,
                })
              : []),
          ]
        : renderCaseFile(
            view.caseFile,
            view.task.userTaskKey,
            (done) => {
              showMessage(messages, 'success', done);
              reload();
            },
            mayUse('ops', ctx.user.roles),
          )),
    );

    const t = view.task;
    hint.replaceChildren();
    if (!view.editable) {
      const why =
        t.state === 'completed'
          ? view.completion
            ? `该任务已由${personName(view.completion.by)}于 ${view.completion.at ? formatDateTime(view.completion.at) : '—'} 办结，以下是办结时提交的内容（只读）。`
            : '该任务已办结，但不是经待办办结的，没有保存提交的内容。'
          : t.state !== 'created'
            ? `该任务${STATE_LABELS[t.state]}，表单只读。`
            : headsTask(user, t) && !inMyGroups(user, t)
              ? '您是本部门窗口负责人：可以把此任务指派给本窗口在岗的工作人员，或收回到岗位队列，由工作人员办理。'
              : !inMyGroups(user, t) && t.assignee?.id !== user.username
                ? '您可以查看此任务及其案卷，但不能办理：它不属于您的岗位。'
                : t.assignee && t.assignee.id !== user.username
                  ? `该任务已由${personName(t.assignee)}领取，表单只读。如需办理，请${personName(t.assignee)}退回岗位队列，或请本部门窗口负责人改派给您。`
                  : '您可以查看此任务，但不能办理。';
      showMessage(hint, 'info', why);
    }
    errorList.hidden = true;

    form?.destroy();
    observer?.disconnect();
    formHost.replaceChildren();
    if (!view.form) {
      const none = t.state === 'created' ? '此任务没有表单，提交即办结。' : view.completion || t.state !== 'completed' ? '此任务没有表单。' : '没有保存此任务提交的内容。';
      formHost.append(el('p', { class: 'sh-muted' }, none));
    }
    const schema = (view.form?.schema ?? null) as FormSchema | null;
    const owned = schema ? ownedKeys(schema) : new Set<string>();
    const pick = (data: Record<string, unknown>) => Object.fromEntries(Object.entries(data).filter(([k]) => owned.has(k)));
    const draft: TaskDraft | null = view.editable ? view.draft : null;
    const initial = { ...view.variables, ...(draft?.variables ?? {}) };

    formHost.classList.toggle('task-form-readonly', !view.editable);
    if (schema) {
      try {
        const { createHallForm } = await viewer;
        if (disposed) return;
        ({ form, observer } = createHallForm(formHost, { readOnly: !view.editable }));
        await form.importSchema(schema, labelTableData(schema, initial, owned));
      } catch (e) {
        showMessage(messages, 'error', `表单无法显示：${e instanceof Error ? e.message : String(e)}`);
        return;
      }
    }
    if (disposed) return;

    submit.hidden = !view.editable;
    footer.hidden = !view.editable;
    discard.hidden = !draft;
    draftStatus.textContent = draft ? `已恢复 ${formatDateTime(draft.savedAt)} 保存的草稿` : '';

    // drafts: saved as the clerk types, a moment after they stop
    // compared with what the form holds once imported (its defaults filled in), so opening it saves nothing
    let lastSaved = JSON.stringify(pick(form ? (form._getState().data) : initial));
    let completing = false;
    const saveDraft = () => {
      draftTimer = undefined;
      if (!form || completing) return;
      const variables = pick(form._getState().data);
      const text = JSON.stringify(variables);
      if (text === lastSaved) return;
      lastSaved = text;
      draftStatus.textContent = '正在保存草稿…';
      api
        .put<TaskDraft>(`/api/tasks/${encodeURIComponent(key)}/draft`, { variables })
        .then((saved) => {
          draftStatus.textContent = `草稿已自动保存（${formatDateTime(saved.savedAt)}）`;
          discard.hidden = false;
        })
        .catch((e: unknown) => {
          if (handleUnauthenticated(e)) return;
          lastSaved = '';
          draftStatus.textContent = `草稿未能保存：${problemText(e)}`;
        });
    };
    flushDraft = () => {
      if (draftTimer !== undefined) {
        window.clearTimeout(draftTimer);
        saveDraft();
      }
    };
    if (form && view.editable) {
      form.on('changed', () => {
        if (completing) return;
        // the API's findings were about what was sent: once the clerk edits, the list goes
        if (!errorList.hidden) {
          errorList.hidden = true;
          messages.querySelector(':scope > .sh-message-error')?.remove();
        }
        window.clearTimeout(draftTimer);
        draftTimer = window.setTimeout(saveDraft, DRAFT_DELAY_MS);
      });
    }
    discard.onclick = () => {
      window.clearTimeout(draftTimer);
      draftTimer = undefined;
      api
        .delete(`/api/tasks/${encodeURIComponent(key)}/draft`)
        .then(reload)
        .catch((e: unknown) => {
          if (!handleUnauthenticated(e)) showMessage(messages, 'error', `放弃草稿失败：${problemText(e)}`);
        });
    };

    submit.onclick = () => {
      errorList.hidden = true;
      let variables: Record<string, unknown> = {};
      if (form && schema) {
        const result = form.submit();
        if (Object.keys(result.errors).length > 0) {
          showMessage(messages, 'error', '表单有未填或填写有误的项目，请按红色提示更正后再提交。');
          formHost.querySelector('.fjs-has-errors, .fjs-form-field-error')?.scrollIntoView({ block: 'center' });
          return;
        }
        variables = result.data;
      }
      completing = true;
      window.clearTimeout(draftTimer);
      draftTimer = undefined;
      submit.disabled = true;
      submit.textContent = '正在提交…';
      api
        .post<CompletedTask>(`/api/tasks/${encodeURIComponent(key)}/completion`, { variables })
        .then((done) => {
          setFlash(completionText(t.name, t.caseNumber, done.outcome));
          ctx.navigate(listUrl());
        })
        .catch((e: unknown) => {
          completing = false;
          submit.disabled = false;
          submit.textContent = '提交办结';
          if (handleUnauthenticated(e)) return;
          if (e instanceof ApiError && e.problem.status === 400 && schema && form) {
            const fieldErrors = (e.problem.errors ?? []).filter((x) => x.field.startsWith('variables'));
            if (fieldErrors.length > 0) {
              form._setState({ errors: formErrorsOf(schema, fieldErrors.map((x) => ({ ...x, message: translateMessage(x.message) }))) });
              showFieldErrors(schema, fieldErrors);
              showMessage(messages, 'error', '表单填写有误，任务未办结，流程没有变化。');
              messages.scrollIntoView({ block: 'start' });
              return;
            }
          }
          showMessage(messages, 'error', `提交失败：${problemText(e)}`);
        });
    };
    refreshCountdowns(header);
  }

  const timer = window.setInterval(() => refreshCountdowns(header), 30_000);
  const onHide = () => {
    if (document.visibilityState === 'hidden') flushDraft?.();
  };
  document.addEventListener('visibilitychange', onHide);
  void load();

  return () => {
    flushDraft?.();
    disposed = true;
    window.clearInterval(timer);
    document.removeEventListener('visibilitychange', onHide);
    observer?.disconnect();
    form?.destroy();
  };
}
