import type { ElementModel, TaskListenerDefinition } from '../model/types.js';
import { evaluateExpr, evaluateNumber, evaluateString, evaluateStringList } from '../feel/feel.js';
import type { RuntimeContext } from './context.js';
import type { ElementInstanceRecord, JobRecord, UserTaskChanges, UserTaskRecord, Variables } from './records.js';
import { invalidArgument, invalidState, notFound } from './errors.js';
import { feelOpts } from './evaluation.js';
import { linkedForm } from './definitions.js';
import { DENIED_OPERATION, pendingView, type TransitionType } from './user-task-view.js';
import type { TerminationMode } from './behaviors.js';

/**
 * Camunda user tasks (zeebe:userTask). Every transition (creating, assigning, updating,
 * completing, canceling) first runs the element's task listeners of that event type, one job at
 * a time; a listener may correct the task's data or, except on creating and canceling, deny the
 * transition. Canceling listeners hold the termination of the task's element until they completed.
 */

const BUSY_STATE: Record<TransitionType, UserTaskRecord['state']> = {
  creating: 'CREATING',
  assigning: 'ASSIGNING',
  updating: 'UPDATING',
  completing: 'COMPLETING',
  canceling: 'CANCELING',
};

/** undefined for an absent expression or one that gives null or '' */
export function optionalString(ctx: RuntimeContext, expr: import('../model/types.js').Expr | undefined, vars: Variables): string | undefined {
  if (!expr) return undefined;
  const v = evaluateExpr(expr, vars, feelOpts(ctx));
  if (v === null || v === undefined || v === '') return undefined;
  return typeof v === 'string' ? v : evaluateString(expr, vars, feelOpts(ctx));
}

export function createUserTask(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel): void {
  const def = element.userTask!;
  const vars = ctx.visibleVariables(ei.key);
  const opts = feelOpts(ctx);
  const formKey = def.formId ? linkedForm(ctx, ei, def.formId, def.formBinding).key : undefined;
  const assignee = optionalString(ctx, def.assignee, vars);
  const dueDate = optionalString(ctx, def.dueDate, vars);
  const followUpDate = optionalString(ctx, def.followUpDate, vars);
  const definition = ctx.definition(ei.definitionKey);
  const task: UserTaskRecord = {
    key: ctx.newKey(),
    elementInstanceKey: ei.key,
    processInstanceKey: ei.processInstanceKey,
    definitionKey: ei.definitionKey,
    bpmnProcessId: definition.bpmnProcessId,
    version: definition.version,
    elementId: element.id,
    ...(element.name ? { name: element.name } : {}),
    state: 'CREATING',
    candidateGroups: def.candidateGroups ? evaluateStringList(def.candidateGroups, vars, opts) : [],
    candidateUsers: def.candidateUsers ? evaluateStringList(def.candidateUsers, vars, opts) : [],
    ...(dueDate ? { dueDate } : {}),
    ...(followUpDate ? { followUpDate } : {}),
    priority: def.priority ? evaluateNumber(def.priority, vars, opts) : 50,
    ...(formKey !== undefined ? { formKey } : {}),
    ...(def.externalReference ? { externalFormReference: def.externalReference } : {}),
    customHeaders: { ...def.headers },
    creationDate: ctx.now(),
  };
  ctx.put('userTask', task.key, task);
  ei.userTaskKey = task.key;
  ctx.saveEi(ei);
  startTransition(ctx, task, 'creating', assignee ? { assignee } : {});
}

function listenersFor(ctx: RuntimeContext, task: UserTaskRecord, eventType: TransitionType): TaskListenerDefinition[] {
  const element = ctx.model(task.definitionKey).elements.get(task.elementId)!;
  return element.userTask!.listeners.filter((l) => l.eventType === eventType);
}

function startTransition(ctx: RuntimeContext, task: UserTaskRecord, eventType: TransitionType, changes: UserTaskChanges, variables?: Variables, action?: string): void {
  task.state = BUSY_STATE[eventType];
  task.transition = {
    eventType,
    listenerIndex: 0,
    changes,
    ...(variables ? { variables } : {}),
    ...(action ? { action } : {}),
    ...(task.assignee ? { previousAssignee: task.assignee } : {}),
  };
  ctx.put('userTask', task.key, task);
  runNextListener(ctx, task);
}

/** Custom headers Zeebe gives task-listener jobs, so a worker knows the task without a lookup. */
export function userTaskHeaders(task: UserTaskRecord): Record<string, string> {
  const headers: Record<string, string> = {
    ...task.customHeaders,
    'io.camunda.zeebe:userTaskKey': String(task.key),
    'io.camunda.zeebe:candidateGroups': JSON.stringify(task.candidateGroups),
    'io.camunda.zeebe:candidateUsers': JSON.stringify(task.candidateUsers),
    'io.camunda.zeebe:priority': String(task.priority),
  };
  if (task.assignee) headers['io.camunda.zeebe:assignee'] = task.assignee;
  if (task.dueDate) headers['io.camunda.zeebe:dueDate'] = task.dueDate;
  if (task.followUpDate) headers['io.camunda.zeebe:followUpDate'] = task.followUpDate;
  if (task.formKey !== undefined) headers['io.camunda.zeebe:formKey'] = String(task.formKey);
  return headers;
}

function runNextListener(ctx: RuntimeContext, task: UserTaskRecord): void {
  const transition = task.transition!;
  const listeners = listenersFor(ctx, task, transition.eventType);
  const listener = listeners[transition.listenerIndex];
  if (!listener) {
    finishTransition(ctx, task);
    return;
  }
  const ei = ctx.ei(task.elementInstanceKey)!;
  const vars = ctx.visibleVariables(ei.key);
  const type = evaluateString(listener.type, vars, feelOpts(ctx));
  const retries = evaluateNumber(listener.retries, vars, feelOpts(ctx));
  ctx.behaviors.jobs.createJob(ei, {
    type,
    retries,
    kind: 'TASK_LISTENER',
    listenerEventType: transition.eventType,
    userTaskKey: task.key,
    customHeaders: userTaskHeaders({ ...task, ...pendingView(task) }),
  });
}

const CORRECTABLE = ['assignee', 'dueDate', 'followUpDate', 'candidateGroups', 'candidateUsers', 'priority'] as const;

export function listenerJobCompleted(ctx: RuntimeContext, job: JobRecord, corrections: Record<string, unknown>): void {
  const task = ctx.get<UserTaskRecord>('userTask', job.userTaskKey!);
  if (!task?.transition) return;
  for (const field of CORRECTABLE) {
    // a null (or omitted) correction keeps the value; clearing takes an empty string or list
    const value = corrections[field];
    if (value !== undefined && value !== null) (task.transition.changes as Record<string, unknown>)[field] = value;
  }
  task.transition.listenerIndex++;
  ctx.put('userTask', task.key, task);
  runNextListener(ctx, task);
}

/** A listener denied the transition: the task returns to CREATED unchanged and the request is refused. */
export function listenerJobDenied(ctx: RuntimeContext, job: JobRecord, deniedReason: string): void {
  const task = ctx.get<UserTaskRecord>('userTask', job.userTaskKey!);
  if (!task?.transition) return;
  const eventType = task.transition.eventType;
  if (eventType === 'creating' || eventType === 'canceling') throw new Error(`a ${eventType} transition cannot be denied`);
  task.state = 'CREATED';
  delete task.transition;
  ctx.put('userTask', task.key, task);
  ctx.endedUserTaskTransitions.push({
    userTaskKey: task.key,
    refusal: `${DENIED_OPERATION[eventType]} of the User Task with key '${task.key}' was denied by Task Listener. Reason to deny: '${deniedReason}'`,
  });
}

function applyChanges(task: UserTaskRecord, c: UserTaskChanges): void {
  if (c.assignee !== undefined) {
    if (c.assignee) task.assignee = c.assignee;
    else delete task.assignee;
  }
  if (c.dueDate !== undefined) {
    if (c.dueDate) task.dueDate = c.dueDate;
    else delete task.dueDate;
  }
  if (c.followUpDate !== undefined) {
    if (c.followUpDate) task.followUpDate = c.followUpDate;
    else delete task.followUpDate;
  }
  if (c.candidateGroups) task.candidateGroups = c.candidateGroups;
  if (c.candidateUsers) task.candidateUsers = c.candidateUsers;
  if (c.priority !== undefined) task.priority = c.priority;
}

function finishTransition(ctx: RuntimeContext, task: UserTaskRecord): void {
  const transition = task.transition!;
  delete task.transition;
  ctx.endedUserTaskTransitions.push({ userTaskKey: task.key });
  if (transition.eventType === 'completing') {
    task.state = 'COMPLETED';
    task.completionDate = ctx.now();
    retireTask(ctx, task);
    const ei = ctx.ei(task.elementInstanceKey);
    if (!ei) return;
    delete ei.userTaskKey;
    ei.pending = { ...(ei.pending ?? {}), ...(transition.variables ?? {}) };
    ctx.saveEi(ei);
    ctx.behaviors.lifecycle.complete(ei);
    return;
  }
  if (transition.eventType === 'canceling') {
    applyChanges(task, transition.changes);
    endTask(ctx, task);
    const ei = ctx.ei(task.elementInstanceKey);
    if (ei) ctx.behaviors.lifecycle.terminationReleased(ei);
    return;
  }
  if (transition.eventType === 'creating') {
    const { assignee, ...rest } = transition.changes;
    applyChanges(task, rest);
    task.state = 'CREATED';
    ctx.put('userTask', task.key, task);
    if (assignee) startTransition(ctx, task, 'assigning', { assignee });
    return;
  }
  applyChanges(task, transition.changes);
  task.state = 'CREATED';
  ctx.put('userTask', task.key, task);
}

/** An ended task leaves the runtime, as in Zeebe; its search row keeps it. */
function retireTask(ctx: RuntimeContext, task: UserTaskRecord): void {
  ctx.put('userTask', task.key, task);
  ctx.store.delete('userTask', task.key);
}

function requireTask(ctx: RuntimeContext, key: number, action: string): UserTaskRecord {
  const task = ctx.get<UserTaskRecord>('userTask', key);
  // Zeebe removes a user task from its state when it ends, so an ended task is not found
  if (!task || task.state === 'COMPLETED' || task.state === 'CANCELED') {
    throw notFound(`Expected to ${action} user task with key '${key}', but no such user task was found`);
  }
  if (task.state !== 'CREATED') {
    throw invalidState(`Expected to ${action} user task with key '${key}', but it is in state '${task.state}'`);
  }
  return task;
}

/*
 * A request without an action gets the default the 8.8 API documents ("If not provided, it will
 * default to \"complete\"", likewise "assign" and "update"); listeners read it from the job's
 * userTask.action.
 */

export function completeUserTask(ctx: RuntimeContext, key: number, variables: Variables, action?: string): void {
  const task = requireTask(ctx, key, 'complete');
  startTransition(ctx, task, 'completing', {}, variables, action ?? 'complete');
}

export function assignUserTask(ctx: RuntimeContext, key: number, assignee: string, allowOverride: boolean, action?: string): void {
  if (!assignee) throw invalidArgument('No assignee provided.');
  const task = requireTask(ctx, key, 'assign');
  if (task.assignee && !allowOverride && task.assignee !== assignee) {
    throw invalidState(`Expected to assign user task with key '${key}', but it is already assigned to '${task.assignee}'`);
  }
  startTransition(ctx, task, 'assigning', { assignee }, undefined, action ?? 'assign');
}

export function unassignUserTask(ctx: RuntimeContext, key: number): void {
  const task = requireTask(ctx, key, 'unassign');
  startTransition(ctx, task, 'assigning', { assignee: null }, undefined, 'unassign');
}

export function updateUserTask(ctx: RuntimeContext, key: number, changes: UserTaskChanges, action?: string): void {
  const task = requireTask(ctx, key, 'update');
  startTransition(ctx, task, 'updating', changes, undefined, action ?? 'update');
}

/**
 * The task's element is terminated (process instance canceled, interrupting event, ...). A
 * transition in progress ends refused; with canceling listeners the task is CANCELING until they
 * completed, and the termination waits for them (8.8: "When a canceling process instance
 * terminates a user task", "When a catch event interrupts a user task"). An immediate
 * termination (process instance modification) cancels it without them, as Zeebe's
 * BpmnUserTaskBehavior#cancelUserTask does.
 */
export function cancelUserTaskOf(ctx: RuntimeContext, ei: ElementInstanceRecord, mode: TerminationMode): void | 'held' {
  if (ei.userTaskKey === undefined) return;
  const task = ctx.get<UserTaskRecord>('userTask', ei.userTaskKey);
  if (!task || task.state === 'COMPLETED' || task.state === 'CANCELED') {
    delete ei.userTaskKey;
    return;
  }
  if (task.transition?.eventType === 'canceling') return 'held';
  if (task.transition) {
    ctx.endedUserTaskTransitions.push({ userTaskKey: task.key, refusal: `The user task with key '${task.key}' was canceled while its task listeners ran` });
  }
  delete task.transition;
  if (mode === 'awaiting' && listenersFor(ctx, task, 'canceling').length > 0) {
    startTransition(ctx, task, 'canceling', {});
    return 'held';
  }
  endTask(ctx, task);
}

function endTask(ctx: RuntimeContext, task: UserTaskRecord): void {
  task.state = 'CANCELED';
  task.completionDate = ctx.now();
  retireTask(ctx, task);
  const ei = ctx.ei(task.elementInstanceKey);
  if (ei) {
    delete ei.userTaskKey;
    ctx.saveEi(ei);
  }
}
