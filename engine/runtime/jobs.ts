import type { ElementModel, ExecutionListenerDefinition, Expr } from '../model/types.js';
import { evaluateNumber, evaluateString } from '../feel/feel.js';
import type { RuntimeContext } from './context.js';
import { adHocProcessorOf } from './processors/registry.js';
import type { AdHocJobResult } from './processors/processor.js';
import type { ElementInstanceRecord, IncidentErrorType, IncidentRecord, JobRecord, UserTaskRecord, Variables } from './records.js';
import { invalidArgument, invalidState, notFound } from './errors.js';
import type { JobSpec } from './behaviors.js';
import { ActivationIncident, feelOpts } from './evaluation.js';
import { jobEnded, type JobEnd } from './history.js';
import { jobWorkerUserTaskHeaders } from './job-worker-user-task.js';
import { linkedResourcesHeader } from './resources.js';
import { DENIABLE_EVENT_TYPES, listenerTaskView, type ListenerTaskView } from './user-task-view.js';

/**
 * Jobs: created for job-based tasks, execution listeners and task listeners, activated by workers (at least once:
 * a timed-out job is handed out again), completed, failed with retries and back-off, or ended
 * by a BPMN error.
 */

export function rebuildJobIndex(ctx: RuntimeContext): void {
  for (const job of ctx.store.table<JobRecord>('job').values()) {
    if (job.state === 'ACTIVATABLE') markActivatable(ctx, job);
    else if (job.state === 'ACTIVATED' && job.deadline !== undefined) ctx.time.push({ at: job.deadline, kind: 'jobTimeout', key: job.key });
    else if (job.state === 'FAILED' && job.backoffUntil !== undefined && job.retries > 0) ctx.time.push({ at: job.backoffUntil, kind: 'jobBackoff', key: job.key });
  }
}

function markActivatable(ctx: RuntimeContext, job: JobRecord): void {
  let set = ctx.activatable.get(job.type);
  if (!set) ctx.activatable.set(job.type, (set = new Set()));
  set.add(job.key);
  ctx.notifyJobType(job.type);
}

function unmarkActivatable(ctx: RuntimeContext, job: JobRecord): void {
  ctx.activatable.get(job.type)?.delete(job.key);
}

function evaluateJobType(ctx: RuntimeContext, expr: Expr, vars: Variables): string {
  const type = evaluateString(expr, vars, feelOpts(ctx));
  if (!type) throw new ActivationIncident('EXTRACT_VALUE_ERROR', 'Expected job type to be a non-empty string');
  return type;
}

export function createElementJob(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel, kind: JobRecord['kind'] = 'BPMN_ELEMENT'): void {
  const job = element.job!;
  const vars = ctx.visibleVariables(ei.key);
  const type = evaluateJobType(ctx, job.type, vars);
  const retries = evaluateNumber(job.retries, vars, feelOpts(ctx));
  const linkedHeaders = job.linkedResources ? linkedResourcesHeader(ctx, ei, job.linkedResources) : {};
  const userTaskHeaders = job.userTask ? jobWorkerUserTaskHeaders(ctx, ei, job.userTask, vars) : {};
  createJob(ctx, ei, { type, retries, kind, customHeaders: { ...job.headers, ...linkedHeaders, ...userTaskHeaders } });
}

/** Zeebe 8.8 hands an execution listener job no custom headers, and its event type in upper case on the wire. */
export function createExecutionListenerJob(ctx: RuntimeContext, ei: ElementInstanceRecord, listener: ExecutionListenerDefinition): void {
  const vars = ctx.visibleVariables(ei.key);
  const type = evaluateJobType(ctx, listener.type, vars);
  const retries = evaluateNumber(listener.retries, vars, feelOpts(ctx));
  createJob(ctx, ei, { type, retries, kind: 'EXECUTION_LISTENER', listenerEventType: listener.eventType, customHeaders: {} });
}

export function createJob(
  ctx: RuntimeContext,
  ei: ElementInstanceRecord,
  spec: JobSpec,
): JobRecord {
  const def = ctx.definition(ei.definitionKey);
  const job: JobRecord = {
    key: ctx.newKey(),
    type: spec.type,
    kind: spec.kind,
    state: 'ACTIVATABLE',
    retries: spec.retries,
    elementInstanceKey: ei.key,
    processInstanceKey: ei.processInstanceKey,
    definitionKey: ei.definitionKey,
    bpmnProcessId: def.bpmnProcessId,
    version: def.version,
    elementId: ei.elementId,
    customHeaders: spec.customHeaders,
    createdAt: ctx.now(),
    ...(spec.listenerEventType ? { listenerEventType: spec.listenerEventType } : {}),
    ...(spec.userTaskKey !== undefined ? { userTaskKey: spec.userTaskKey } : {}),
  };
  ctx.put('job', job.key, job);
  ei.jobKey = job.key;
  ctx.saveEi(ei);
  markActivatable(ctx, job);
  return job;
}

export function cancelJobOf(ctx: RuntimeContext, ei: ElementInstanceRecord): void {
  if (ei.jobKey === undefined) return;
  const job = ctx.get<JobRecord>('job', ei.jobKey);
  if (job) removeJob(ctx, job, 'CANCELED');
  delete ei.jobKey;
}

function removeJob(ctx: RuntimeContext, job: JobRecord, end: JobEnd): void {
  unmarkActivatable(ctx, job);
  if (job.incidentKey !== undefined) {
    const incident = ctx.get<IncidentRecord>('incident', job.incidentKey);
    if (incident?.state === 'ACTIVE') ctx.resolveIncidentRecord(incident);
  }
  jobEnded(ctx, job, end);
  ctx.store.delete('job', job.key);
}

export interface ActivateRequest {
  type: string;
  worker?: string;
  timeout: number;
  maxJobsToActivate: number;
  fetchVariable?: string[];
}

export interface ActivatedJob {
  job: JobRecord;
  variables: Variables;
  userTask?: ListenerTaskView;
}

export function hasActivatable(ctx: RuntimeContext, type: string): boolean {
  return (ctx.activatable.get(type)?.size ?? 0) > 0;
}

export function activateJobs(ctx: RuntimeContext, req: ActivateRequest): ActivatedJob[] {
  const set = ctx.activatable.get(req.type);
  if (!set || set.size === 0) return [];
  const result: ActivatedJob[] = [];
  for (const key of set) {
    if (result.length >= req.maxJobsToActivate) break;
    const job = ctx.get<JobRecord>('job', key);
    set.delete(key);
    if (!job || job.state !== 'ACTIVATABLE') continue;
    job.state = 'ACTIVATED';
    job.worker = req.worker ?? '';
    job.deadline = ctx.now() + req.timeout;
    ctx.put('job', job.key, job);
    ctx.time.push({ at: job.deadline, kind: 'jobTimeout', key: job.key });
    let variables = ctx.visibleVariables(job.elementInstanceKey);
    if (req.fetchVariable && req.fetchVariable.length > 0) {
      const picked: Variables = {};
      for (const name of req.fetchVariable) if (name in variables) picked[name] = variables[name];
      variables = picked;
    }
    const userTask = job.userTaskKey !== undefined ? ctx.get<UserTaskRecord>('userTask', job.userTaskKey) : undefined;
    result.push({ job, variables, ...(userTask ? { userTask: listenerTaskView(userTask) } : {}) });
  }
  if (result.length > 0) ctx.listeners.scheduleChanged();
  return result;
}

function requireJob(ctx: RuntimeContext, jobKey: number, action: string): JobRecord {
  const job = ctx.get<JobRecord>('job', jobKey);
  if (!job) throw notFound(`Expected to ${action} job with key '${jobKey}', but no such job was found`);
  return job;
}

export interface TaskListenerResult {
  denied?: boolean;
  deniedReason?: string;
  corrections?: Record<string, unknown>;
  /** the result of an ad-hoc sub-process job (type adHocSubProcess) */
  adHoc?: AdHocJobResult;
}

/** Zeebe's preconditions for completing an ad-hoc sub-process job (JobCompleteProcessor, AdHocSubProcessUtils). */
function checkAdHocCompletion(ctx: RuntimeContext, job: JobRecord, result: AdHocJobResult): void {
  const ei = ctx.ei(job.elementInstanceKey);
  if (!ei || ei.state !== 'ACTIVATED') {
    throw invalidState(`Expected to complete ad-hoc sub-process job, but the ad-hoc sub-process instance is not active (job key '${job.key}', type '${job.type}', processInstanceKey '${job.processInstanceKey}')`);
  }
  const ids = (result.activateElements ?? []).map((element) => element.elementId);
  const unknown = ids.filter((id) => !ctx.element(ei).adHoc!.activityIds.includes(id));
  if (unknown.length > 0) {
    throw notFound(`Expected to activate activities for ad-hoc sub-process with key '${ei.key}', but the given elements [${unknown.join(', ')}] do not exist.`);
  }
  if (ids.length > 0 && result.isCompletionConditionFulfilled) {
    throw invalidArgument(
      `Expected to complete ad-hoc sub-process job, but the job result contains elements to be activated while the completion condition is fulfilled (job key '${job.key}'). When the completion condition is fulfilled, no further element activations are allowed. Either remove the elements to be activated from the job result, or set the completion condition to not fulfilled.`,
    );
  }
}

export function completeJob(ctx: RuntimeContext, jobKey: number, variables: Variables, result?: TaskListenerResult): void {
  const job = requireJob(ctx, jobKey, 'complete');
  if (job.state !== 'ACTIVATED' && job.state !== 'ACTIVATABLE') {
    throw invalidState(`Expected to complete job with key '${jobKey}', but it is in state '${job.state}'`);
  }
  if (job.kind === 'AD_HOC_SUB_PROCESS') checkAdHocCompletion(ctx, job, result?.adHoc ?? {});
  if (job.kind === 'TASK_LISTENER') {
    checkListenerCompletion(job, variables, result);
    removeJob(ctx, job, 'COMPLETED');
    const ei = ctx.ei(job.elementInstanceKey);
    if (ei) {
      delete ei.jobKey;
      ctx.saveEi(ei);
    }
    if (result?.denied) ctx.behaviors.userTasks.listenerJobDenied(job, result.deniedReason ?? '');
    else ctx.behaviors.userTasks.listenerJobCompleted(job, result?.corrections ?? {});
    return;
  }
  const ei = ctx.ei(job.elementInstanceKey);
  removeJob(ctx, job, 'COMPLETED');
  if (!ei) return;
  delete ei.jobKey;
  if (job.kind === 'AD_HOC_SUB_PROCESS') {
    ctx.saveEi(ei);
    adHocProcessorOf(ei, ctx.element(ei)).jobCompleted(ctx, ei, ctx.element(ei), variables, result?.adHoc ?? {});
    return;
  }
  if (job.kind === 'EXECUTION_LISTENER') {
    ctx.saveEi(ei);
    ctx.behaviors.lifecycle.executionListenerCompleted(ei, variables);
    return;
  }
  ei.pending = { ...(ei.pending ?? {}), ...variables };
  ctx.saveEi(ei);
  ctx.behaviors.lifecycle.complete(ei);
}

/** Zeebe's preconditions for completing a task listener job, all INVALID_ARGUMENT. */
function checkListenerCompletion(job: JobRecord, variables: Variables, result: TaskListenerResult | undefined): void {
  const ids = `(job key '${job.key}', type '${job.type}', processInstanceKey '${job.processInstanceKey}')`;
  if (Object.keys(variables).length > 0) {
    throw invalidArgument(`Task Listener job completion with variables payload provided is not yet supported ${ids}. Support will be enabled with the resolution of issue #23702.`);
  }
  if (!result?.denied) return;
  if (!DENIABLE_EVENT_TYPES.includes(job.listenerEventType ?? '')) {
    const supported = DENIABLE_EVENT_TYPES.map((t) => t.toUpperCase()).sort().join(', ');
    throw invalidArgument(
      `Denying result is not supported for '${(job.listenerEventType ?? '').toUpperCase()}' task listener jobs ${ids}. Only the following listener event types support denying: [${supported}].`,
    );
  }
  const corrected = Object.values(result.corrections ?? {}).some((v) => v !== null && v !== undefined);
  if (corrected) {
    throw invalidArgument(
      `Expected to complete task listener job with corrections, but the job result is denied ${ids}. The corrections would be reverted by the denial. Either complete the job with corrections without setting denied, or complete the job with a denied result but no corrections.`,
    );
  }
}

export function failJob(
  ctx: RuntimeContext,
  jobKey: number,
  req: { retries: number; errorMessage?: string; retryBackOff?: number; variables?: Variables },
): void {
  const job = requireJob(ctx, jobKey, 'fail');
  if (job.state !== 'ACTIVATED' && job.state !== 'ACTIVATABLE') {
    throw invalidState(`Expected to fail job with key '${jobKey}', but it is in state '${job.state}'`);
  }
  unmarkActivatable(ctx, job);
  job.retries = req.retries;
  if (req.errorMessage !== undefined) job.errorMessage = req.errorMessage;
  delete job.deadline;
  const ei = ctx.ei(job.elementInstanceKey);
  if (ei && req.variables && Object.keys(req.variables).length > 0) ctx.setLocalVariables(ei, req.variables);
  if (job.retries > 0) {
    if (req.retryBackOff && req.retryBackOff > 0) {
      job.state = 'FAILED';
      job.backoffUntil = ctx.now() + req.retryBackOff;
      ctx.time.push({ at: job.backoffUntil, kind: 'jobBackoff', key: job.key });
      ctx.listeners.scheduleChanged();
      ctx.put('job', job.key, job);
    } else {
      job.state = 'ACTIVATABLE';
      ctx.put('job', job.key, job);
      markActivatable(ctx, job);
    }
    return;
  }
  job.state = 'FAILED';
  ctx.put('job', job.key, job);
  raiseJobIncident(ctx, job, job.errorMessage || 'No more retries left.');
}

const NO_RETRIES_INCIDENT = {
  BPMN_ELEMENT: 'JOB_NO_RETRIES',
  EXECUTION_LISTENER: 'EXECUTION_LISTENER_NO_RETRIES',
  TASK_LISTENER: 'TASK_LISTENER_NO_RETRIES',
  AD_HOC_SUB_PROCESS: 'AD_HOC_SUB_PROCESS_NO_RETRIES',
} as const satisfies Record<JobRecord['kind'], IncidentErrorType>;

function raiseJobIncident(ctx: RuntimeContext, job: JobRecord, message: string): void {
  const ei = ctx.ei(job.elementInstanceKey);
  if (!ei) return;
  const incident = ctx.raiseIncident(ei, NO_RETRIES_INCIDENT[job.kind], message, { jobKey: job.key });
  job.incidentKey = incident.key;
  ctx.put('job', job.key, job);
}

export function throwJobError(ctx: RuntimeContext, jobKey: number, req: { errorCode: string; errorMessage?: string; variables?: Variables }): void {
  const job = requireJob(ctx, jobKey, 'throw an error for');
  if (job.state !== 'ACTIVATED' && job.state !== 'ACTIVATABLE') {
    throw invalidState(`Expected to throw an error for job with key '${jobKey}', but it is in state '${job.state}'`);
  }
  // Zeebe 8.8 refuses a BPMN error from any listener job (JobThrowErrorProcessor; task listeners
  // since camunda/camunda#36051): the listener's element is not in a state that could catch it
  if (job.kind === 'EXECUTION_LISTENER' || job.kind === 'TASK_LISTENER') {
    throw invalidState(`Cannot throw BPMN error from ${job.kind} job with key '${jobKey}', type '${job.type}' and processInstanceKey '${job.processInstanceKey}'`);
  }
  if (!req.errorCode) throw invalidArgument('No errorCode provided.');
  unmarkActivatable(ctx, job);
  job.state = 'ERROR_THROWN';
  job.errorCode = req.errorCode;
  if (req.errorMessage !== undefined) job.errorMessage = req.errorMessage;
  delete job.deadline;
  ctx.put('job', job.key, job);
  const ei = ctx.ei(job.elementInstanceKey);
  if (!ei) return;
  const caught = ctx.behaviors.events.throwError(ei, req.errorCode, req.errorMessage ?? '', req.variables ?? {});
  if (!caught) {
    const current = ctx.get<JobRecord>('job', job.key);
    const incidentKey = ctx.ei(job.elementInstanceKey)?.incidentKey;
    if (current && incidentKey !== undefined) {
      current.incidentKey = incidentKey;
      ctx.put('job', current.key, current);
    }
  }
}

export function updateJob(ctx: RuntimeContext, jobKey: number, changes: { retries?: number; timeout?: number }): void {
  const job = requireJob(ctx, jobKey, 'update');
  // Zeebe checks every change before applying any and rejects them together as INVALID_ARGUMENT
  const errors: string[] = [];
  if (changes.retries !== undefined && changes.retries < 1) {
    errors.push(`Expected to update retries for job with key '${jobKey}' with a positive amount of retries, but the amount given was '${changes.retries}'`);
  }
  if (changes.timeout !== undefined && (job.state !== 'ACTIVATED' || job.deadline === undefined)) {
    errors.push(`Expected to update the timeout of job with key '${jobKey}', but it is not active`);
  }
  if (errors.length > 0) throw invalidArgument(errors.join(', '));
  if (changes.retries !== undefined) job.retries = changes.retries;
  if (changes.timeout !== undefined) {
    job.deadline = ctx.now() + changes.timeout;
    ctx.time.push({ at: job.deadline, kind: 'jobTimeout', key: job.key });
    ctx.listeners.scheduleChanged();
  }
  ctx.put('job', job.key, job);
}

/** Re-offers a job after its incident is resolved; resolving checked that it has retries left. */
export function retryJobAfterIncident(ctx: RuntimeContext, job: JobRecord): void {
  delete job.incidentKey;
  job.state = 'ACTIVATABLE';
  delete job.backoffUntil;
  ctx.put('job', job.key, job);
  markActivatable(ctx, job);
}

export function jobTimedOut(ctx: RuntimeContext, key: number): void {
  const job = ctx.get<JobRecord>('job', key);
  if (!job || job.state !== 'ACTIVATED' || job.deadline === undefined || job.deadline > ctx.now()) return;
  job.state = 'ACTIVATABLE';
  delete job.deadline;
  ctx.put('job', job.key, job);
  markActivatable(ctx, job);
}

export function jobBackoffEnded(ctx: RuntimeContext, key: number): void {
  const job = ctx.get<JobRecord>('job', key);
  if (!job || job.state !== 'FAILED' || job.retries <= 0 || job.backoffUntil === undefined || job.backoffUntil > ctx.now()) return;
  job.state = 'ACTIVATABLE';
  delete job.backoffUntil;
  ctx.put('job', job.key, job);
  markActivatable(ctx, job);
}

