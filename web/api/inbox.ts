import type { Response } from 'express';
import { FormDefinitionError } from '../../domain/forms/form-definition.js';
import type { FormJsSchema } from '../../domain/forms/types.js';
import { crossFieldErrors } from '../../domain/forms/cross-field-rules.js';
import { variablesReadBy } from '../../domain/forms/read-variables.js';
import { validateSubmission, type SubmissionError } from '../../domain/forms/submission-schema.js';
import type { Cause, InboxScope, InboxSort, Task, TaskCompletion, TaskFormRecord, TaskState } from '../../domain/store/index.js';
import { auditEntry } from '../audit.js';
import { mayWorkOn, type Principal } from '../auth/roles.js';
import { userTaskRefusalOf, userTaskRefusalText } from '../engine-errors.js';
import { authenticatedOf, inputOf } from '../http/context.js';
import { ApiProblem, type FieldError } from '../http/problem.js';
import {
  actsAsHead,
  assigneeOptions,
  checkAssignee,
  claimPlan,
  coveredPosts,
  knownTask,
  mayViewNow,
  overseenGroupsCovering,
  requireOpen,
  requireWorkable,
  staffIdOf,
} from '../inbox/access.js';
import { buildCaseFile } from '../inbox/case-file.js';
import { completionOutcome, openTasksBefore } from '../inbox/completion-outcome.js';
import { watchInstance } from '../../domain/store/change-signals.js';
import { createInboxEngine, engineProblem, toEngineError, type InboxEngine, type TaskForm } from '../inbox/engine.js';
import { maskVariables, unmaskSubmission } from '../inbox/masking.js';
import { authorisedWaiver } from '../inbox/fee-waiver.js';
import { createReconciler, type Reconciler } from '../inbox/reconcile.js';
import { streamTasks } from '../inbox/stream.js';
import { dueBands, inboxTaskBody } from '../inbox/view.js';
import type { Api } from '../openapi/routes.js';
import type { ApiContext } from './context.js';
import { registerJointDeskRoutes } from './joint.js';
import { arrivalOf, ServerTiming } from '../server-timing.js';

/**
 * The clerk inbox (docs/decisions/0006-inbox.md): the list of my and my groups' tasks from the
 * task store, its live feed, saved filters; and the work on one task: claim, hand back, assign,
 * open its form with the case file, keep a draft, complete. Reading comes from the project's
 * store; every change of a task goes to the engine first, through the SDK, and is mirrored in the
 * store and the audit log only once the engine has accepted it.
 */

interface ListQuery {
  state?: TaskState;
  caseNumber?: string;
  applicant?: string;
  status?: 'normal' | 'yellow' | 'red';
  assignee?: 'me' | 'unassigned';
  group?: string;
  view?: 'mine' | 'cover' | 'window';
  sort?: InboxSort;
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** 'missing[0].reason' (validateSubmission) → 'missing.0.reason' (the API's dotted fields) */
const dotted = (field: string) => field.replace(/\[(\d+)\]/g, '.$1');

export function registerInboxRoutes(api: Api, ctx: ApiContext): void {
  const engine = createInboxEngine(ctx.camunda);
  const reconciler = createReconciler({ store: ctx.store, engine, clock: ctx.clock, log: ctx.log });
  registerListRoutes(api, ctx, reconciler);
  registerTaskWorkRoutes(api, ctx, engine, reconciler);
  registerFilterRoutes(api, ctx);
  registerJointDeskRoutes(api, ctx, engine, reconciler);
}

function registerListRoutes(api: Api, ctx: ApiContext, reconciler: Reconciler): void {
  const { store, clock } = ctx;

  api.get('/api/tasks', 'listTasks', async (_req, res) => {
    const { query } = inputOf<{ query: ListQuery }>(res);
    const { principal } = authenticatedOf(res);
    const now = clock();
    // the covered posts decide what a stand-in oversees and are listed too: read once
    const covered = await coveredPosts(store, principal.staffId, now);
    const overseen = overseenGroupsCovering(principal, covered);
    if (query.group !== undefined && !principal.candidateGroups.includes(query.group) && !overseen.includes(query.group)) {
      throw new ApiProblem('forbidden', `${query.group} 不是您的候选组`, [{ in: 'query', field: 'group', message: `${query.group} 不是您的候选组` }]);
    }
    const view = query.view ?? 'mine';
    if (view === 'window' && overseen.length === 0) {
      throw new ApiProblem('forbidden', '只有窗口负责人（或代行其职责的B岗）可以查看本窗口的全部任务', [{ in: 'query', field: 'view', message: '您不是窗口负责人' }]);
    }
    const bands = await dueBands(ctx.shownCalendar, now);
    const scope: InboxScope =
      view === 'cover'
        ? { kind: 'cover', assignee: principal.staffId, posts: covered.map((p) => ({ candidateGroup: p.candidateGroup, absentHolder: p.absentHolder })) }
        : view === 'window'
          ? // every task of the window, whoever has it
            { kind: 'mine', assignee: null, candidateGroups: overseen }
          : { kind: 'mine', assignee: principal.staffId, candidateGroups: principal.candidateGroups };
    const state = query.state ?? 'created';
    const mine = query.assignee === 'me';
    const search = {
      scope,
      state,
      caseNumber: query.caseNumber,
      applicant: query.applicant,
      status: query.status === undefined ? undefined : { band: query.status, bands },
      // an account without a staff record has nothing assigned to it
      assignee: query.assignee === undefined ? undefined : mine ? (principal.staffId ?? '') : null,
      group: query.group,
      sort: query.sort,
      order: query.order,
      limit: query.limit,
      offset: query.offset,
    };
    let page = await store.inbox.search(search);
    // open tasks the engine has ended meanwhile are settled, then the page is read again
    if (state === 'created' && (await reconciler.reconcile(page.entries.map((e) => e.task))).length > 0) page = await store.inbox.search(search);
    res.json({
      tasks: page.entries.map((e) => inboxTaskBody(e, bands)),
      total: page.total,
      limit: query.limit,
      offset: query.offset,
      view,
      coveredPosts: covered.map((p) => ({ postCode: p.postCode, candidateGroup: p.candidateGroup, absentHolder: { id: p.absentHolder, name: p.absentHolderName } })),
    });
  });

  api.get('/api/tasks/stream', 'streamTasks', async (req, res) => {
    await streamTasks(ctx, req, res, authenticatedOf(res));
  });
}

function registerTaskWorkRoutes(api: Api, ctx: ApiContext, engine: InboxEngine, reconciler: Reconciler): void {
  const { store, clock } = ctx;

  const loadTask = (res: Response): Promise<Task> => knownTask(store, authenticatedOf(res).principal, inputOf(res).params.key, clock());

  const taskView = async (key: string) => {
    const [entry] = await store.inbox.entries([key]);
    return inboxTaskBody(entry, await dueBands(ctx.shownCalendar, clock()));
  };

  /**
   * The forms (as the engine client keeps them, one object per form key) this app has stored for
   * the completed tasks' records: a deployed form never changes, so it is stored once, not
   * serialised and offered to the store again with every completion.
   */
  const storedForms = new WeakSet<TaskForm>();

  const draftBody = (d: { userTaskKey: string; data: Record<string, unknown>; savedAt: Date }) => ({ userTaskKey: d.userTaskKey, variables: d.data, savedAt: d.savedAt.toISOString() });

  const nameOf = async (staffId: string) => (await store.staff.getStaff(staffId))?.name ?? staffId;
  /** a person's name for a user name; a job worker's signature stays as it is for the page to name */
  /**
   * The engine refused or could not be asked. A 409 on a claim is someone else's claim, named;
   * a 404 means the task ended in the engine, so the store is settled before answering.
   */
  const commandFailed = async (error: unknown, task: Task, doing: string): Promise<ApiProblem> => {
    const e = toEngineError(error);
    // the engine's own words stay in the log; the clerk reads Chinese
    ctx.log.warn(`inbox: engine refused to ${doing}`, { userTaskKey: task.userTaskKey, status: e.status, detail: e.detail });
    if (e.status === 404) await reconciler.reconcile([task]);
    if (e.status !== 400 && e.status !== 404 && e.status !== 409) return engineProblem(error, doing);
    const refusal = userTaskRefusalOf(e.status, e.detail);
    const names = new Map<string, string>();
    if (refusal?.reason === 'assigned') names.set(refusal.assignee, await nameOf(refusal.assignee));
    return new ApiProblem('conflict', userTaskRefusalText(refusal, doing, (id) => names.get(id) ?? id));
  };

  /** Takes the task for the user in the engine, then records it (store and audit, one transaction). */
  const take = async (res: Response, task: Task, staffId: string, detail: Record<string, unknown> = {}): Promise<Task> => {
    const now = clock();
    const plan = await claimPlan(store, staffId, task, now);
    if (plan.mine) return task;
    try {
      await engine.assign(task.userTaskKey, staffId, plan.allowOverride, 'claim');
    } catch (error) {
      throw await commandFailed(error, task, '领取');
    }
    return store.transaction(async (tx) => {
      const taken = await tx.tasks.assign(task.userTaskKey, staffId, plan.coveringFor);
      await tx.audit.record(
        auditEntry(res, now, { action: 'task.claim', targetType: 'task', targetId: task.userTaskKey, detail: { ...detail, previousAssignee: task.assignee, coveringFor: plan.coveringFor, caseId: task.caseId } }),
      );
      return taken;
    });
  };

  api.post('/api/tasks/{key}/claim', 'claimTask', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const task = await loadTask(res);
    requireWorkable(principal, task);
    requireOpen(task);
    const taken = await take(res, task, staffIdOf(principal));
    res.json(await taskView(taken.userTaskKey));
  });

  api.post('/api/tasks/{key}/unclaim', 'unclaimTask', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const task = await loadTask(res);
    const now = clock();
    const head = await actsAsHead(store, principal, task.departmentCode, now);
    if (!head) requireWorkable(principal, task);
    requireOpen(task);
    if (task.assignee === null) throw new ApiProblem('conflict', '该任务尚无人领取');
    if (task.assignee !== principal.staffId && !head) throw new ApiProblem('forbidden', '只有领取人本人或本部门窗口负责人可以退回此任务');
    try {
      await engine.unassign(task.userTaskKey);
    } catch (error) {
      throw await commandFailed(error, task, '退回');
    }
    await store.transaction(async (tx) => {
      await tx.tasks.assign(task.userTaskKey, null);
      await tx.audit.record(auditEntry(res, now, { action: 'task.unclaim', targetType: 'task', targetId: task.userTaskKey, detail: { previousAssignee: task.assignee, caseId: task.caseId } }));
    });
    res.json(await taskView(task.userTaskKey));
  });

  api.post('/api/tasks/{key}/assign', 'assignTask', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const { body } = inputOf<{ body: { assignee: string } }>(res);
    const task = await loadTask(res);
    const now = clock();
    if (body.assignee === principal.staffId) {
      requireWorkable(principal, task);
      requireOpen(task);
      res.json(await taskView((await take(res, task, body.assignee)).userTaskKey));
      return;
    }
    if (!(await actsAsHead(store, principal, task.departmentCode, now))) throw new ApiProblem('forbidden', '只有该任务所属部门的窗口负责人可以把任务指派给他人');
    requireOpen(task);
    const person = await checkAssignee(store, task, body.assignee, now);
    if (task.assignee !== person.id) {
      const plan = await claimPlan(store, person.id, task, now);
      const coveringFor = plan.mine ? task.coveringFor : plan.coveringFor;
      try {
        // the head's decision stands over an earlier claim
        await engine.assign(task.userTaskKey, person.id, true, 'assign');
      } catch (error) {
        throw await commandFailed(error, task, '指派');
      }
      await store.transaction(async (tx) => {
        await tx.tasks.assign(task.userTaskKey, person.id, coveringFor);
        await tx.audit.record(
          auditEntry(res, now, { action: 'task.assign', targetType: 'task', targetId: task.userTaskKey, detail: { assignee: person.id, previousAssignee: task.assignee, coveringFor, caseId: task.caseId } }),
        );
      });
    }
    res.json(await taskView(task.userTaskKey));
  });

  /** Whether the user could submit now: theirs, nobody's (it would be claimed), or an absent colleague's post (AB岗). */
  const editable = async (principal: Principal, task: Task): Promise<boolean> => {
    if (task.state !== 'created' || principal.staffId === null || !mayWorkOn(principal, task)) return false;
    const plan = await claimPlan(store, principal.staffId, task, clock());
    return plan.mine || task.assignee === null || plan.allowOverride;
  };

  api.get('/api/tasks/{key}/assignees', 'listTaskAssignees', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const task = await loadTask(res);
    const now = clock();
    if (!(await actsAsHead(store, principal, task.departmentCode, now))) throw new ApiProblem('forbidden', '只有该任务所属部门的窗口负责人可以查看可指派的人员');
    const options = await assigneeOptions(store, task, now);
    res.json({
      assignees: options.map((o) => ({
        id: o.id,
        name: o.name,
        posts: o.posts,
        present: o.present,
        absence: o.absence && { reason: o.absence.reason, endsAt: o.absence.endsAt.toISOString() },
        current: o.id === task.assignee,
      })),
    });
  });

  api.get('/api/tasks/{key}/form', 'getTaskForm', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    let task = await loadTask(res);
    if (!(await mayViewNow(store, principal, task, clock()))) throw new ApiProblem('forbidden', '该任务不属于您的部门或岗位，无权查看');
    let form: TaskFormRecord | null = null;
    let variables: Record<string, unknown> = {};
    let completion: TaskCompletion | undefined;
    if (task.state === 'created') {
      try {
        [form, variables] = await Promise.all([engine.form(task.userTaskKey), engine.taskVariables(task.userTaskKey)]);
      } catch (error) {
        if (error instanceof FormDefinitionError) throw error;
        if (toEngineError(error).status !== 404) throw new ApiProblem('engine-unavailable', '读取表单未成功：流程引擎暂时无法访问，请稍后再试');
        // the engine has ended the task: settle it, and show the case file without a form
        await reconciler.reconcile([task]);
        task = (await store.tasks.get(task.userTaskKey)) ?? task;
      }
    }
    if (task.state === 'completed') {
      // shown as it was submitted, from the task store: the engine may have let go of the task
      completion = await store.tasks.completion(task.userTaskKey);
      if (completion) {
        form = completion.form;
        variables = { ...completion.context, ...completion.values };
      }
    }
    const draft = mayWorkOn(principal, task) ? await store.inbox.getDraft(task.userTaskKey, principal.username) : undefined;
    res.json({
      task: await taskView(task.userTaskKey),
      editable: await editable(principal, task),
      form: form && { formKey: form.formKey, formId: form.formId, version: form.version, schema: form.schema },
      variables: maskVariables(variables),
      draft: draft ? draftBody(draft) : null,
      caseFile: await caseFile(principal, task, variables),
      completion: completion ? { by: { id: completion.completedBy, name: await nameOf(completion.completedBy) }, at: task.completedAt?.toISOString() ?? null } : null,
    });
  });

  /** The case file beside the form (web/inbox/case-file.ts). */
  const caseFile = async (principal: Principal, task: Task, variables: Record<string, unknown>) => {
    if (task.caseId === null) return null;
    const theCase = await store.cases.get(task.caseId);
    return theCase ? buildCaseFile(store, theCase, principal, { variables, taskKey: task.userTaskKey }) : null;
  };

  api.get('/api/tasks/{key}/notices/{noticeId}', 'getTaskNotice', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const { params } = inputOf(res);
    const task = await loadTask(res);
    if (!(await mayViewNow(store, principal, task, clock()))) throw new ApiProblem('forbidden', '该任务不属于您的部门或岗位，无权查看');
    const notice = await store.notices.get(params.noticeId);
    if (!notice || notice.caseId === null || notice.caseId !== task.caseId) throw new ApiProblem('not-found', '该任务的办件没有这份文书');
    // the notice is the project's own escaped HTML; it may still run nothing and load nothing
    res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    res.type('html').send(notice.html);
  });

  api.post('/api/tasks/{key}/completion', 'completeTask', async (_req, res) => {
    const timing = new ServerTiming(arrivalOf(res));
    timing.mark('middleware');
    const { principal } = authenticatedOf(res);
    const { body } = inputOf<{ body: { variables: Record<string, unknown> } }>(res);
    let task = await loadTask(res);
    requireWorkable(principal, task);
    requireOpen(task);
    const staffId = staffIdOf(principal);
    const plan = await claimPlan(store, staffId, task, clock());
    if (!plan.mine && task.assignee !== null && !plan.allowOverride) {
      throw new ApiProblem('conflict', `该任务已由${await nameOf(task.assignee)}领取，只有领取人可以提交；如需接办，请领取人退回或由窗口负责人改派`);
    }

    timing.mark('check');
    // what the store says beside the engine's answer, asked meanwhile rather than after it
    const storeReads = Promise.all([nameOf(staffId), openTasksBefore(store, task)]);
    // awaited below; an engine refusal first must not leave it unhandled
    storeReads.catch(() => undefined);
    let form: TaskForm | null;
    let variables: Record<string, unknown>;
    try {
      [form, variables] = await Promise.all([engine.form(task.userTaskKey), engine.taskVariables(task.userTaskKey)]);
    } catch (error) {
      if (error instanceof FormDefinitionError) throw error;
      throw await commandFailed(error, task, '办结');
    }
    timing.mark('engine-read');
    // masked copies handed out with the form come back as the real values they stand for
    const submitted = unmaskSubmission(body.variables, variables);
    checkSubmission(form, submitted, variables);
    const sent = await authorisedWaiver(store, submitted, staffId, task, clock());

    if (!plan.mine) task = await take(res, task, staffId, { auto: true, reason: 'completion' });
    const [name, openBefore] = await storeReads;
    // what the workers sign their records with until the next person or event acts (docs/procedures.md)
    const actedBy: Cause = { kind: 'staff', staffId, name, task: task.name, userTaskKey: task.userTaskKey };
    timing.mark('prepare');
    // opened before the completion is sent: what this process's workers commit after it is told to the wait
    const watch = watchInstance(task.processInstanceKey);
    try {
      await engine.complete(task.userTaskKey, { ...sent, actedBy });
    } catch (error) {
      watch.close();
      throw await commandFailed(error, task, '办结');
    }
    timing.mark('engine-complete');
    const now = clock();
    const recordCompletion = async () => {
      await store.transaction(async (tx) => {
        if (form && !storedForms.has(form)) await tx.tasks.storeForm(form);
        await tx.tasks.recordCompletion(task.userTaskKey, now, { completedBy: staffId, formKey: form?.formKey ?? null, values: submitted, context: formContext(form, variables) });
        await tx.inbox.deleteDraftsOf(task.userTaskKey);
        await tx.audit.record(
          auditEntry(res, now, {
            action: 'task.complete',
            targetType: 'task',
            targetId: task.userTaskKey,
            detail: { formId: form?.formId ?? null, fields: Object.keys(submitted), ...(typeof submitted.decision === 'string' ? { decision: submitted.decision } : {}), caseId: task.caseId },
          }),
        );
      });
      // committed: this form is in the store from now on
      if (form) storedForms.add(form);
    };
    // the wait for what the completion led to runs beside the record, not after it
    const [view, outcome] = await Promise.all([
      timing.span('record', recordCompletion).then(() => timing.span('view', () => taskView(task.userTaskKey))),
      timing.span('outcome', () => completionOutcome(store, task, openBefore, watch).finally(() => watch.close())),
    ]);
    timing.send(res);
    res.json({ ...view, outcome });
  });

  // ---- drafts: per user and task, while a form is being filled in ----

  api.get('/api/tasks/{key}/draft', 'getTaskDraft', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const task = await loadTask(res);
    requireWorkable(principal, task);
    const draft = await store.inbox.getDraft(task.userTaskKey, principal.username);
    if (!draft) throw new ApiProblem('not-found', '您没有保存此任务的草稿');
    res.json(draftBody(draft));
  });

  api.put('/api/tasks/{key}/draft', 'saveTaskDraft', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const { body } = inputOf<{ body: { variables: Record<string, unknown> } }>(res);
    const task = await loadTask(res);
    requireWorkable(principal, task);
    requireOpen(task);
    const draft = await store.inbox.saveDraft({ userTaskKey: task.userTaskKey, username: principal.username, data: body.variables, at: clock() });
    res.json(draftBody(draft));
  });

  api.delete('/api/tasks/{key}/draft', 'deleteTaskDraft', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const task = await loadTask(res);
    requireWorkable(principal, task);
    await store.inbox.deleteDraft(task.userTaskKey, principal.username);
    res.status(204).end();
  });
}

/**
 * The completion's variables against the task's form, judged with the task's variables as form-js
 * judges them (domain/forms); every wrong field is named (`variables.<field>`), and nothing has
 * been sent to the engine yet. A task without a form takes no variables.
 */
function checkSubmission(form: { schema: FormJsSchema; formId: string } | null, submitted: Record<string, unknown>, variables: Record<string, unknown>): void {
  let errors: FieldError[];
  if (form === null) {
    errors = Object.keys(submitted).map((key) => ({ in: 'body', field: `variables.${key}`, message: `此任务没有表单，不接受字段 ${key}` }));
  } else {
    const result = validateSubmission(form.schema, submitted, variables);
    const specific = crossFieldErrors(form.formId, submitted, variables);
    // a field the form's rules between fields explain is named once, with that explanation
    const general = result.ok ? [] : result.errors.filter((e) => !specific.some((x) => x.field === e.field));
    errors = [...general, ...specific].map((e: SubmissionError) => ({ in: 'body', field: e.field === '' ? 'variables' : `variables.${dotted(e.field)}`, message: e.message }));
  }
  if (errors.length > 0) throw new ApiProblem('validation', errors.map((e) => e.message).join('；'), errors);
}

/** The case file reads these of a task's variables beside what its form reads. */
const CASE_FILE_VARIABLES = ['materials', 'verifiedMaterials', 'missing'];

/** The task's variables a completed task is shown again with: those its form and the case file read. */
function formContext(form: { schema: FormJsSchema } | null, variables: Record<string, unknown>): Record<string, unknown> {
  const read = new Set([...(form ? variablesReadBy(form.schema) : []), ...CASE_FILE_VARIABLES]);
  read.delete('actedBy');
  return Object.fromEntries(Object.entries(variables).filter(([name]) => read.has(name)));
}

function registerFilterRoutes(api: Api, { store, clock }: ApiContext): void {
  const filterBody = (f: { id: string; name: string; departmentCode: string; query: Record<string, unknown>; createdBy: string; createdAt: Date }) => ({
    id: f.id,
    name: f.name,
    departmentCode: f.departmentCode,
    query: f.query,
    createdBy: f.createdBy,
    createdAt: f.createdAt.toISOString(),
  });

  api.get('/api/task-filters', 'listTaskFilters', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    res.json({ filters: (await store.inbox.listFilters(principal.departmentCode)).map(filterBody) });
  });

  api.post('/api/task-filters', 'createTaskFilter', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const { body } = inputOf<{ body: { name: string; query: Record<string, unknown> } }>(res);
    const now = clock();
    const saved = await store.transaction(async (tx) => {
      const added = await tx.inbox.addFilter({ departmentCode: principal.departmentCode, name: body.name.trim(), query: body.query, createdBy: principal.username, at: now });
      if (!added) throw new ApiProblem('conflict', `本部门已有名为「${body.name.trim()}」的筛选条件`);
      await tx.audit.record(auditEntry(res, now, { action: 'task-filter.create', targetType: 'task-filter', targetId: added.id, detail: { name: added.name, departmentCode: added.departmentCode } }));
      return added;
    });
    res.status(201).json(filterBody(saved));
  });

  api.delete('/api/task-filters/{id}', 'deleteTaskFilter', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const { params } = inputOf(res);
    const now = clock();
    const filter = await store.inbox.getFilter(params.id);
    // another window's filters are not even there for this user
    if (!filter || filter.departmentCode !== principal.departmentCode) throw new ApiProblem('not-found', '没有这个筛选条件');
    if (filter.createdBy !== principal.username && !(await actsAsHead(store, principal, filter.departmentCode, now))) {
      throw new ApiProblem('forbidden', '只有保存人或本部门窗口负责人可以删除此筛选条件');
    }
    await store.transaction(async (tx) => {
      await tx.inbox.deleteFilter(filter.id);
      await tx.audit.record(auditEntry(res, now, { action: 'task-filter.delete', targetType: 'task-filter', targetId: filter.id, detail: { name: filter.name, departmentCode: filter.departmentCode } }));
    });
    res.status(204).end();
  });
}
