import type { DurableStore, EntityKind } from '../store/durable-store.js';
import type { DefinitionRecord, IncidentRecord, JobRecord, MessageSubscriptionRecord, UserTaskRecord } from './records.js';

/**
 * The rows of jobs, user tasks, incidents and message subscriptions in the search tables
 * (engine/store/search-index.ts): written whenever the runtime stores the record, and once more
 * with its final state when it ends, so it stays searchable after it has left the runtime.
 */

/** What the rows need of the runtime context (which imports this module, so it is not named here). */
interface HistoryContext {
  readonly store: Pick<DurableStore, 'index'>;
  now(): number;
  definition(key: number): DefinitionRecord;
}

/** How a job ended: 8.8's job states for a job that is gone. */
export type JobEnd = 'COMPLETED' | 'CANCELED';

const JOB_STATE: Record<JobRecord['state'], string> = {
  ACTIVATABLE: 'CREATED',
  ACTIVATED: 'CREATED',
  FAILED: 'FAILED',
  ERROR_THROWN: 'ERROR_THROWN',
};

function jobRow(job: JobRecord, end?: { state: JobEnd; at: number }) {
  // a job whose error was thrown keeps that state when its element is left
  const state = end && job.state !== 'ERROR_THROWN' ? end.state : JOB_STATE[job.state];
  return {
    key: job.key,
    type: job.type,
    worker: job.worker ?? '',
    state,
    kind: job.kind,
    listener_event_type: job.listenerEventType ? job.listenerEventType.toUpperCase() : 'UNSPECIFIED',
    retries: job.retries,
    error_code: job.errorCode ?? null,
    error_message: job.errorMessage ?? null,
    deadline: end ? null : (job.deadline ?? null),
    end_time: end?.at ?? null,
    has_failed_with_retries_left: job.state === 'FAILED' && job.retries > 0 ? 1 : 0,
    custom_headers: JSON.stringify(job.customHeaders),
    process_definition_id: job.bpmnProcessId,
    process_definition_key: job.definitionKey,
    process_instance_key: job.processInstanceKey,
    element_id: job.elementId,
    element_instance_key: job.elementInstanceKey,
  };
}

/** A date a model or caller wrote as ISO 8601 text, as epoch ms for sorting and filtering. */
function epochOf(text: string | undefined): number | null {
  if (text === undefined) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

function userTaskRow(task: UserTaskRecord) {
  return {
    key: task.key,
    name: task.name ?? null,
    state: task.state,
    assignee: task.assignee ?? null,
    element_id: task.elementId,
    element_instance_key: task.elementInstanceKey,
    candidate_groups: JSON.stringify(task.candidateGroups),
    candidate_users: JSON.stringify(task.candidateUsers),
    process_definition_id: task.bpmnProcessId,
    process_definition_key: task.definitionKey,
    process_definition_version: task.version,
    process_instance_key: task.processInstanceKey,
    form_key: task.formKey ?? null,
    external_form_reference: task.externalFormReference ?? null,
    creation_date: task.creationDate,
    completion_date: task.completionDate ?? null,
    due_date: epochOf(task.dueDate),
    follow_up_date: epochOf(task.followUpDate),
    priority: task.priority,
    custom_headers: JSON.stringify(task.customHeaders),
  };
}

function incidentRow(incident: IncidentRecord) {
  return {
    key: incident.key,
    process_definition_key: incident.definitionKey,
    process_definition_id: incident.bpmnProcessId,
    process_instance_key: incident.processInstanceKey,
    error_type: incident.errorType,
    error_message: incident.errorMessage,
    element_id: incident.elementId,
    element_instance_key: incident.elementInstanceKey,
    creation_time: incident.creationTime,
    state: incident.state,
    job_key: incident.jobKey ?? null,
  };
}

/** Queues the row of a record the runtime stored; kinds without a search table are ignored. */
export function recordStored(ctx: HistoryContext, kind: EntityKind, doc: unknown): void {
  const index = ctx.store.index;
  if (kind === 'job') {
    const job = doc as JobRecord;
    index.recordChanged('job', job.key, () => jobRow(job));
  } else if (kind === 'userTask') {
    const task = doc as UserTaskRecord;
    index.recordChanged('user_task', task.key, () => userTaskRow(task));
  } else if (kind === 'incident') {
    const incident = doc as IncidentRecord;
    index.recordChanged('incident', incident.key, () => incidentRow(incident));
  }
}

/** A job left the runtime: its row keeps how and when it ended. */
export function jobEnded(ctx: HistoryContext, job: JobRecord, state: JobEnd): void {
  const end = { state, at: ctx.now() };
  ctx.store.index.recordChanged('job', job.key, () => jobRow(job, end));
}

/** 8.8's message subscription states. */
export type MessageSubscriptionState = 'CREATED' | 'CORRELATED' | 'DELETED' | 'MIGRATED';

export function messageSubscriptionChanged(ctx: HistoryContext, sub: MessageSubscriptionRecord, state: MessageSubscriptionState): void {
  const row = {
    key: sub.key,
    process_definition_id: ctx.definition(sub.definitionKey).bpmnProcessId,
    process_definition_key: sub.definitionKey,
    process_instance_key: sub.processInstanceKey,
    element_id: sub.elementId,
    element_instance_key: sub.ownerKey,
    state,
    last_updated_date: ctx.now(),
    message_name: sub.messageName,
    correlation_key: sub.correlationKey,
  };
  ctx.store.index.recordChanged('message_subscription', sub.key, () => row);
}
