import type { DecisionRecord, DecisionRequirementsRecord, DefinitionRecord, FormRecord, ResourceRecord } from '../runtime/records.js';
import type { DecisionEvaluation } from '../runtime/decisions.js';
import type { ActivatedJob } from '../runtime/jobs.js';
import type { ListenerTaskView } from '../runtime/user-task-view.js';

/**
 * Record → Camunda 8.8 REST (v2) response shapes. Keys are int64 in Zeebe, so they travel as
 * strings; dates as ISO 8601 text. A field the record lacks is left out, never null: the 8.8
 * contract marks such fields optional but not nullable, and strict clients refuse a null.
 */

export const TENANT = '<default>';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A date the model or a caller wrote (an ISO 8601 text, maybe with an offset) in the contract's
 * UTC form; a text that is no date passes unchanged.
 */
function isoText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? text : iso(ms);
}

/** `{ [name]: value }` when the value is set, else nothing to spread. */
function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}

export function processDefinitionDto(def: DefinitionRecord) {
  return {
    processDefinitionId: def.bpmnProcessId,
    processDefinitionVersion: def.version,
    processDefinitionKey: String(def.key),
    resourceName: def.resourceName,
    tenantId: TENANT,
  };
}

/**
 * A process definition as GET /process-definitions/{key} and the definition search answer it;
 * hasStartForm when its start event links a form (startFormId), as Camunda 8.8 derives it.
 */
export function processDefinitionResult(def: DefinitionRecord, startFormId: string | undefined) {
  return {
    ...(def.name !== undefined ? { name: def.name } : {}),
    resourceName: def.resourceName,
    version: def.version,
    processDefinitionId: def.bpmnProcessId,
    tenantId: TENANT,
    processDefinitionKey: String(def.key),
    hasStartForm: startFormId !== undefined,
  };
}

/** A decision as the deployment answer and the decision definition search and get give it (same fields in 8.8). */
export function decisionDefinitionDto(decision: DecisionRecord) {
  return {
    decisionDefinitionId: decision.decisionId,
    name: decision.name ?? decision.decisionId,
    version: decision.version,
    decisionRequirementsId: decision.decisionRequirementsId,
    tenantId: TENANT,
    decisionDefinitionKey: String(decision.key),
    decisionRequirementsKey: String(decision.decisionRequirementsKey),
  };
}

/** A DRG as the deployment answer and the decision requirements search and get give it. */
export function decisionRequirementsDto(drg: DecisionRequirementsRecord) {
  return {
    decisionRequirementsId: drg.decisionRequirementsId,
    decisionRequirementsName: drg.name ?? drg.decisionRequirementsId,
    version: drg.version,
    resourceName: drg.resourceName,
    tenantId: TENANT,
    decisionRequirementsKey: String(drg.key),
  };
}

/**
 * The answer of POST /decision-definitions/evaluation, as 8.8's gateway maps the evaluation
 * record: outputs are JSON text, and the failure fields are empty strings when nothing failed.
 */
export function decisionEvaluationDto({ key, decision, requirements, result, evaluatedDecisions }: DecisionEvaluation) {
  return {
    decisionDefinitionId: decision.decisionId,
    decisionDefinitionKey: String(decision.key),
    decisionDefinitionName: decision.name ?? decision.decisionId,
    decisionDefinitionVersion: decision.version,
    decisionRequirementsId: requirements.decisionRequirementsId,
    decisionRequirementsKey: String(requirements.key),
    output: result.output,
    failedDecisionDefinitionId: result.failure?.failedDecisionId ?? '',
    failureMessage: result.failure?.message ?? '',
    tenantId: TENANT,
    decisionInstanceKey: String(key),
    decisionEvaluationKey: String(key),
    evaluatedDecisions: result.evaluatedDecisions.map((evaluated, i) => ({
      decisionDefinitionKey: String(evaluatedDecisions[i].key),
      decisionDefinitionId: evaluated.decisionId,
      decisionEvaluationInstanceKey: `${key}-${i + 1}`,
      decisionDefinitionName: evaluated.decisionName,
      decisionDefinitionVersion: evaluatedDecisions[i].version,
      decisionDefinitionType: evaluated.decisionType,
      output: evaluated.output,
      tenantId: TENANT,
      matchedRules: evaluated.matchedRules,
      evaluatedInputs: evaluated.evaluatedInputs,
    })),
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

/** A deployed RPA script as POST /deployments lists it (DeploymentResourceResult). */
export function deployedResourceDto(resource: ResourceRecord) {
  return { resourceId: resource.resourceId, version: resource.version, resourceName: resource.resourceName, tenantId: TENANT, resourceKey: String(resource.key) };
}

/** A deployed RPA script as GET /resources/{key} answers it (ResourceResult). */
export function resourceResult(resource: ResourceRecord) {
  return {
    resourceName: resource.resourceName,
    version: resource.version,
    ...(resource.versionTag !== undefined && { versionTag: resource.versionTag }),
    resourceId: resource.resourceId,
    tenantId: TENANT,
    resourceKey: String(resource.key),
  };
}

/** A form with its schema, as GET /user-tasks/{key}/form and GET /process-definitions/{key}/form answer it. */
export function formResult(form: FormRecord) {
  return { formKey: String(form.key), formId: form.formId, version: form.version, schema: form.schema, tenantId: TENANT };
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
    ...(userTask ? { userTask: listenerTaskDto(userTask) } : {}),
  };
}

/** The 8.8 UserTaskProperties of a task-listener job. */
function listenerTaskDto({ task, action, changedAttributes }: ListenerTaskView) {
  return {
    ...optional('action', action),
    ...optional('assignee', task.assignee),
    candidateGroups: task.candidateGroups,
    candidateUsers: task.candidateUsers,
    changedAttributes,
    ...optional('dueDate', isoText(task.dueDate)),
    ...optional('followUpDate', isoText(task.followUpDate)),
    ...optional('formKey', task.formKey === undefined ? undefined : String(task.formKey)),
    priority: task.priority,
    userTaskKey: String(task.key),
  };
}
