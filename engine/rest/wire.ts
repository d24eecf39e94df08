import type {
  DefinitionRecord,
  FormRecord,
  IncidentRecord,
  JobRecord,
  UserTaskRecord,
} from '../runtime/records.js';
import type { ActivatedJob } from '../runtime/jobs.js';

/**
 * Record → Camunda 8.8 REST (v2) response shapes. Keys are int64 in Zeebe, so they travel as
 * strings; dates as ISO 8601 text.
 */

export const TENANT = '<default>';

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

export function processDefinitionDto(def: DefinitionRecord) {
  return {
    processDefinitionId: def.bpmnProcessId,
    processDefinitionVersion: def.version,
    processDefinitionKey: String(def.key),
    resourceName: def.resourceName,
    tenantId: TENANT,
  };
}

/** A process definition as GET /process-definitions/{key} and the definition search answer it. */
export function processDefinitionResult(def: DefinitionRecord) {
  return {
    ...(def.name !== undefined ? { name: def.name } : {}),
    resourceName: def.resourceName,
    version: def.version,
    processDefinitionId: def.bpmnProcessId,
    tenantId: TENANT,
    processDefinitionKey: String(def.key),
    hasStartForm: false,
  };
}

export function formDto(form: FormRecord) {
  return {
    formId: form.formId,
    version: form.version,
    formKey: String(form.key),
    resourceName: form.resourceName,
    tenantId: TENANT,
  };
}

export function activatedJobDto({ job, variables, userTask }: ActivatedJob) {
  return {
    jobKey: String(job.key),
    type: job.type,
    processDefinitionId: job.bpmnProcessId,
    processDefinitionVersion: job.version,
    processDefinitionKey: String(job.definitionKey),
    elementId: job.elementId,
    elementInstanceKey: String(job.elementInstanceKey),
    processInstanceKey: String(job.processInstanceKey),
    customHeaders: job.customHeaders,
    worker: job.worker ?? '',
    retries: job.retries,
    deadline: job.deadline ?? 0,
    variables,
    tenantId: TENANT,
    kind: job.kind,
    listenerEventType: job.listenerEventType ? job.listenerEventType.toUpperCase() : 'UNSPECIFIED',
    ...(userTask ? { userTask: userTaskDto(userTask) } : {}),
  };
}

const JOB_STATE: Record<JobRecord['state'], string> = {
  ACTIVATABLE: 'CREATED',
  ACTIVATED: 'CREATED',
  FAILED: 'FAILED',
  ERROR_THROWN: 'ERROR_THROWN',
};

export function jobDto(job: JobRecord) {
  return {
    jobKey: String(job.key),
    type: job.type,
    worker: job.worker ?? '',
    state: JOB_STATE[job.state],
    kind: job.kind,
    listenerEventType: job.listenerEventType ? job.listenerEventType.toUpperCase() : 'UNSPECIFIED',
    retries: job.retries,
    isDenied: false,
    deniedReason: null,
    hasFailedWithRetriesLeft: job.state === 'FAILED' && job.retries > 0,
    errorCode: job.errorCode ?? null,
    errorMessage: job.errorMessage ?? null,
    customHeaders: job.customHeaders,
    deadline: iso(job.deadline),
    endTime: null,
    processDefinitionId: job.bpmnProcessId,
    processDefinitionKey: String(job.definitionKey),
    processInstanceKey: String(job.processInstanceKey),
    elementId: job.elementId,
    elementInstanceKey: String(job.elementInstanceKey),
    tenantId: TENANT,
  };
}

export function userTaskDto(task: UserTaskRecord) {
  return {
    userTaskKey: String(task.key),
    name: task.name ?? null,
    state: task.state,
    assignee: task.assignee ?? null,
    elementId: task.elementId,
    elementInstanceKey: String(task.elementInstanceKey),
    candidateGroups: task.candidateGroups,
    candidateUsers: task.candidateUsers,
    processDefinitionId: task.bpmnProcessId,
    processDefinitionKey: String(task.definitionKey),
    processDefinitionVersion: task.version,
    processInstanceKey: String(task.processInstanceKey),
    formKey: task.formKey !== undefined ? String(task.formKey) : null,
    externalFormReference: task.externalFormReference ?? null,
    creationDate: iso(task.creationDate),
    completionDate: iso(task.completionDate),
    dueDate: task.dueDate ?? null,
    followUpDate: task.followUpDate ?? null,
    priority: task.priority,
    customHeaders: task.customHeaders,
    tenantId: TENANT,
  };
}

export function incidentDto(incident: IncidentRecord) {
  return {
    incidentKey: String(incident.key),
    processDefinitionKey: String(incident.definitionKey),
    processDefinitionId: incident.bpmnProcessId,
    processInstanceKey: String(incident.processInstanceKey),
    errorType: incident.errorType,
    errorMessage: incident.errorMessage,
    elementId: incident.elementId,
    elementInstanceKey: String(incident.elementInstanceKey),
    creationTime: iso(incident.creationTime),
    state: incident.state,
    jobKey: incident.jobKey !== undefined ? String(incident.jobKey) : null,
    tenantId: TENANT,
  };
}
