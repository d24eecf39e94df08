import type Database from 'better-sqlite3';
import type { IndexedSearchSpec } from './indexed-search.js';
import { TENANT } from './wire.js';

/**
 * The 8.8 search resources served from the indexed tables: their filter and sort fields and the
 * response shape of a row. Optional fields the row does not have are left out, as a cluster does.
 */

const iso = (ms: number) => new Date(ms).toISOString();
const optionalIso = (ms: number | null) => (ms === null ? undefined : iso(ms));
const optionalKey = (key: number | null) => (key === null ? undefined : String(key));
const tenant = { sql: `'${TENANT}'`, kind: 'text' } as const;

interface ProcessInstanceRow {
  key: number;
  process_definition_id: string;
  process_definition_name: string | null;
  process_definition_version: number;
  process_definition_key: number;
  state: string;
  start_date: number;
  end_date: number | null;
  has_incident: number;
  parent_process_instance_key: number | null;
  parent_element_instance_key: number | null;
}

export const processInstances: IndexedSearchSpec<ProcessInstanceRow, Record<string, unknown>> = {
  table: 'process_instance',
  what: 'process instances',
  keyColumn: 'key',
  fields: {
    processInstanceKey: { sql: 'key', kind: 'key' },
    processDefinitionId: { sql: 'process_definition_id', kind: 'text' },
    processDefinitionName: { sql: 'COALESCE(process_definition_name, process_definition_id)', kind: 'text' },
    processDefinitionVersion: { sql: 'process_definition_version', kind: 'int' },
    processDefinitionKey: { sql: 'process_definition_key', kind: 'key' },
    state: { sql: 'state', kind: 'text' },
    startDate: { sql: 'start_date', kind: 'date' },
    endDate: { sql: 'end_date', kind: 'date' },
    hasIncident: { sql: 'has_incident', kind: 'bool' },
    parentProcessInstanceKey: { sql: 'parent_process_instance_key', kind: 'key' },
    parentElementInstanceKey: { sql: 'parent_element_instance_key', kind: 'key' },
    tenantId: tenant,
  },
  dto: (r) => ({
    processInstanceKey: String(r.key),
    processDefinitionId: r.process_definition_id,
    processDefinitionName: r.process_definition_name ?? r.process_definition_id,
    processDefinitionVersion: r.process_definition_version,
    processDefinitionKey: String(r.process_definition_key),
    state: r.state,
    startDate: iso(r.start_date),
    endDate: optionalIso(r.end_date),
    hasIncident: r.has_incident === 1,
    parentProcessInstanceKey: optionalKey(r.parent_process_instance_key),
    parentElementInstanceKey: optionalKey(r.parent_element_instance_key),
    tenantId: TENANT,
  }),
};

interface ElementInstanceRow {
  key: number;
  process_instance_key: number;
  process_definition_key: number;
  process_definition_id: string;
  element_id: string;
  element_name: string;
  type: string;
  state: string;
  start_date: number;
  end_date: number | null;
  incident_key: number | null;
  scope_key: number | null;
}

export const elementInstances: IndexedSearchSpec<ElementInstanceRow, Record<string, unknown>> = {
  table: 'element_instance',
  what: 'element instances',
  keyColumn: 'key',
  fields: {
    elementInstanceKey: { sql: 'key', kind: 'key' },
    processInstanceKey: { sql: 'process_instance_key', kind: 'key' },
    processDefinitionKey: { sql: 'process_definition_key', kind: 'key' },
    processDefinitionId: { sql: 'process_definition_id', kind: 'text' },
    elementId: { sql: 'element_id', kind: 'text' },
    elementName: { sql: 'element_name', kind: 'text' },
    type: { sql: 'type', kind: 'text' },
    state: { sql: 'state', kind: 'text' },
    startDate: { sql: 'start_date', kind: 'date' },
    endDate: { sql: 'end_date', kind: 'date' },
    hasIncident: { sql: '(incident_key IS NOT NULL)', kind: 'bool' },
    incidentKey: { sql: 'incident_key', kind: 'key' },
    elementInstanceScopeKey: { sql: 'scope_key', kind: 'key' },
    tenantId: tenant,
  },
  dto: (r) => ({
    elementInstanceKey: String(r.key),
    processInstanceKey: String(r.process_instance_key),
    processDefinitionKey: String(r.process_definition_key),
    processDefinitionId: r.process_definition_id,
    elementId: r.element_id,
    elementName: r.element_name,
    type: r.type,
    state: r.state,
    startDate: iso(r.start_date),
    endDate: optionalIso(r.end_date),
    hasIncident: r.incident_key !== null,
    incidentKey: optionalKey(r.incident_key),
    tenantId: TENANT,
  }),
};

interface VariableRow {
  variable_key: number;
  scope_key: number;
  process_instance_key: number;
  name: string;
  value: string;
}

const variableBase = (r: VariableRow) => ({
  variableKey: String(r.variable_key),
  name: r.name,
  value: r.value,
  scopeKey: String(r.scope_key),
  processInstanceKey: String(r.process_instance_key),
  tenantId: TENANT,
});

const variableFields = {
  variableKey: { sql: 'variable_key', kind: 'key' },
  name: { sql: 'name', kind: 'text' },
  value: { sql: 'value', kind: 'text' },
  scopeKey: { sql: 'scope_key', kind: 'key' },
  processInstanceKey: { sql: 'process_instance_key', kind: 'key' },
  isTruncated: { sql: '0', kind: 'bool' },
  tenantId: tenant,
} as const;

/** Search answers carry isTruncated; values are never cut short here, so it is always false. */
export const variables: IndexedSearchSpec<VariableRow, Record<string, unknown>> = {
  table: 'variable',
  what: 'variables',
  keyColumn: 'variable_key',
  fields: variableFields,
  dto: (r) => ({ ...variableBase(r), isTruncated: false }),
};

/** GET /variables/{key} answers the value whole, without isTruncated. */
export const variable: IndexedSearchSpec<VariableRow, Record<string, unknown>> = { ...variables, dto: variableBase };

/**
 * The variables a user task sees: per name, the one of the innermost scope that defines it, among
 * the task's element instance and its enclosing scopes. A scope's key is drawn after its flow
 * scope's, so the innermost is the one with the highest key.
 */
export function variablesInScopes(scopeKeys: number[]): IndexedSearchSpec<VariableRow, Record<string, unknown>> {
  const list = `(${scopeKeys.map(() => '?').join(', ') || 'NULL'})`;
  return {
    ...variables,
    where: {
      sql: `scope_key IN ${list} AND scope_key = (SELECT MAX(seen.scope_key) FROM variable AS seen WHERE seen.name = variable.name AND seen.scope_key IN ${list})`,
      params: [...scopeKeys, ...scopeKeys],
    },
  };
}

/** An element instance's key and those of its enclosing scopes up to the process instance, live or ended. */
export function scopeChain(db: Database.Database, elementInstanceKey: number): number[] {
  const parentOf = db.prepare('SELECT scope_key AS scopeKey FROM element_instance WHERE key = ?');
  const chain: number[] = [];
  let key: number | null = elementInstanceKey;
  while (key !== null) {
    chain.push(key);
    const row = parentOf.get(key) as { scopeKey: number | null } | undefined;
    key = row?.scopeKey ?? null;
  }
  return chain;
}

interface JobRow {
  key: number;
  type: string;
  worker: string;
  state: string;
  kind: string;
  listener_event_type: string;
  retries: number;
  error_code: string | null;
  error_message: string | null;
  deadline: number | null;
  end_time: number | null;
  has_failed_with_retries_left: number;
  custom_headers: string;
  process_definition_id: string;
  process_definition_key: number;
  process_instance_key: number;
  element_id: string;
  element_instance_key: number;
}

const optionalText = (text: string | null) => (text === null ? undefined : text);

export const jobs: IndexedSearchSpec<JobRow, Record<string, unknown>> = {
  table: 'job',
  what: 'jobs',
  keyColumn: 'key',
  fields: {
    jobKey: { sql: 'key', kind: 'key' },
    type: { sql: 'type', kind: 'text' },
    worker: { sql: 'worker', kind: 'text' },
    state: { sql: 'state', kind: 'text' },
    kind: { sql: 'kind', kind: 'text' },
    listenerEventType: { sql: 'listener_event_type', kind: 'text' },
    retries: { sql: 'retries', kind: 'int' },
    errorCode: { sql: 'error_code', kind: 'text' },
    errorMessage: { sql: 'error_message', kind: 'text' },
    deadline: { sql: 'deadline', kind: 'date' },
    endTime: { sql: 'end_time', kind: 'date' },
    hasFailedWithRetriesLeft: { sql: 'has_failed_with_retries_left', kind: 'bool' },
    isDenied: { sql: '0', kind: 'bool' },
    processDefinitionId: { sql: 'process_definition_id', kind: 'text' },
    processDefinitionKey: { sql: 'process_definition_key', kind: 'key' },
    processInstanceKey: { sql: 'process_instance_key', kind: 'key' },
    elementId: { sql: 'element_id', kind: 'text' },
    elementInstanceKey: { sql: 'element_instance_key', kind: 'key' },
    tenantId: tenant,
  },
  dto: (r) => ({
    jobKey: String(r.key),
    type: r.type,
    worker: r.worker,
    state: r.state,
    kind: r.kind,
    listenerEventType: r.listener_event_type,
    retries: r.retries,
    isDenied: false,
    hasFailedWithRetriesLeft: r.has_failed_with_retries_left === 1,
    errorCode: optionalText(r.error_code),
    errorMessage: optionalText(r.error_message),
    customHeaders: JSON.parse(r.custom_headers) as Record<string, string>,
    deadline: optionalIso(r.deadline),
    endTime: optionalIso(r.end_time),
    processDefinitionId: r.process_definition_id,
    processDefinitionKey: String(r.process_definition_key),
    processInstanceKey: String(r.process_instance_key),
    elementId: r.element_id,
    elementInstanceKey: String(r.element_instance_key),
    tenantId: TENANT,
  }),
};

interface UserTaskRow {
  key: number;
  name: string | null;
  state: string;
  assignee: string | null;
  element_id: string;
  element_instance_key: number;
  candidate_groups: string;
  candidate_users: string;
  process_definition_id: string;
  process_definition_key: number;
  process_definition_version: number;
  process_instance_key: number;
  form_key: number | null;
  external_form_reference: string | null;
  creation_date: number;
  completion_date: number | null;
  due_date: number | null;
  follow_up_date: number | null;
  priority: number;
  custom_headers: string;
}

export const userTasks: IndexedSearchSpec<UserTaskRow, Record<string, unknown>> = {
  table: 'user_task',
  what: 'user tasks',
  keyColumn: 'key',
  fields: {
    userTaskKey: { sql: 'key', kind: 'key' },
    name: { sql: 'name', kind: 'text' },
    state: { sql: 'state', kind: 'text' },
    assignee: { sql: 'assignee', kind: 'text' },
    elementId: { sql: 'element_id', kind: 'text' },
    elementInstanceKey: { sql: 'element_instance_key', kind: 'key' },
    candidateGroup: { sql: 'candidate_groups', kind: 'textList' },
    candidateUser: { sql: 'candidate_users', kind: 'textList' },
    processDefinitionId: { sql: 'process_definition_id', kind: 'text' },
    processDefinitionKey: { sql: 'process_definition_key', kind: 'key' },
    processInstanceKey: { sql: 'process_instance_key', kind: 'key' },
    formKey: { sql: 'form_key', kind: 'key' },
    creationDate: { sql: 'creation_date', kind: 'date' },
    completionDate: { sql: 'completion_date', kind: 'date' },
    dueDate: { sql: 'due_date', kind: 'date' },
    followUpDate: { sql: 'follow_up_date', kind: 'date' },
    priority: { sql: 'priority', kind: 'int' },
    tenantId: tenant,
  },
  dto: (r) => ({
    userTaskKey: String(r.key),
    name: optionalText(r.name),
    state: r.state,
    assignee: optionalText(r.assignee),
    elementId: r.element_id,
    elementInstanceKey: String(r.element_instance_key),
    candidateGroups: JSON.parse(r.candidate_groups) as string[],
    candidateUsers: JSON.parse(r.candidate_users) as string[],
    processDefinitionId: r.process_definition_id,
    processDefinitionKey: String(r.process_definition_key),
    processDefinitionVersion: r.process_definition_version,
    processInstanceKey: String(r.process_instance_key),
    formKey: optionalKey(r.form_key),
    externalFormReference: optionalText(r.external_form_reference),
    creationDate: iso(r.creation_date),
    completionDate: optionalIso(r.completion_date),
    dueDate: optionalIso(r.due_date),
    followUpDate: optionalIso(r.follow_up_date),
    priority: r.priority,
    customHeaders: JSON.parse(r.custom_headers) as Record<string, string>,
    tenantId: TENANT,
  }),
};

interface IncidentRow {
  key: number;
  process_definition_key: number;
  process_definition_id: string;
  process_instance_key: number;
  error_type: string;
  error_message: string;
  element_id: string;
  element_instance_key: number;
  creation_time: number;
  state: string;
  job_key: number | null;
}

export const incidents: IndexedSearchSpec<IncidentRow, Record<string, unknown>> = {
  table: 'incident',
  what: 'incidents',
  keyColumn: 'key',
  fields: {
    incidentKey: { sql: 'key', kind: 'key' },
    processDefinitionKey: { sql: 'process_definition_key', kind: 'key' },
    processDefinitionId: { sql: 'process_definition_id', kind: 'text' },
    processInstanceKey: { sql: 'process_instance_key', kind: 'key' },
    errorType: { sql: 'error_type', kind: 'text' },
    errorMessage: { sql: 'error_message', kind: 'text' },
    elementId: { sql: 'element_id', kind: 'text' },
    elementInstanceKey: { sql: 'element_instance_key', kind: 'key' },
    creationTime: { sql: 'creation_time', kind: 'date' },
    state: { sql: 'state', kind: 'text' },
    jobKey: { sql: 'job_key', kind: 'key' },
    tenantId: tenant,
  },
  dto: (r) => ({
    incidentKey: String(r.key),
    processDefinitionKey: String(r.process_definition_key),
    processDefinitionId: r.process_definition_id,
    processInstanceKey: String(r.process_instance_key),
    errorType: r.error_type,
    errorMessage: r.error_message,
    elementId: r.element_id,
    elementInstanceKey: String(r.element_instance_key),
    creationTime: iso(r.creation_time),
    state: r.state,
    jobKey: optionalKey(r.job_key),
    tenantId: TENANT,
  }),
};

interface MessageSubscriptionRow {
  key: number;
  process_definition_id: string;
  process_definition_key: number;
  process_instance_key: number;
  element_id: string;
  element_instance_key: number;
  state: string;
  last_updated_date: number;
  message_name: string;
  correlation_key: string;
}

export const messageSubscriptions: IndexedSearchSpec<MessageSubscriptionRow, Record<string, unknown>> = {
  table: 'message_subscription',
  what: 'message subscriptions',
  keyColumn: 'key',
  fields: {
    messageSubscriptionKey: { sql: 'key', kind: 'key' },
    processDefinitionId: { sql: 'process_definition_id', kind: 'text' },
    processDefinitionKey: { sql: 'process_definition_key', kind: 'key' },
    processInstanceKey: { sql: 'process_instance_key', kind: 'key' },
    elementId: { sql: 'element_id', kind: 'text' },
    elementInstanceKey: { sql: 'element_instance_key', kind: 'key' },
    messageSubscriptionState: { sql: 'state', kind: 'text' },
    lastUpdatedDate: { sql: 'last_updated_date', kind: 'date' },
    messageName: { sql: 'message_name', kind: 'text' },
    correlationKey: { sql: 'correlation_key', kind: 'text' },
    tenantId: tenant,
  },
  dto: (r) => ({
    messageSubscriptionKey: String(r.key),
    processDefinitionId: r.process_definition_id,
    processDefinitionKey: String(r.process_definition_key),
    processInstanceKey: String(r.process_instance_key),
    elementId: r.element_id,
    elementInstanceKey: String(r.element_instance_key),
    messageSubscriptionState: r.state,
    lastUpdatedDate: iso(r.last_updated_date),
    messageName: r.message_name,
    correlationKey: r.correlation_key,
    tenantId: TENANT,
  }),
};

interface BatchOperationRow {
  key: number;
  operation_type: string;
  state: string;
  start_date: number;
  end_date: number | null;
  operations_total_count: number;
  operations_failed_count: number;
  operations_completed_count: number;
}

export const batchOperations: IndexedSearchSpec<BatchOperationRow, Record<string, unknown>> = {
  table: 'batch_operation',
  what: 'batch operations',
  keyColumn: 'key',
  fields: {
    batchOperationKey: { sql: 'key', kind: 'key' },
    operationType: { sql: 'operation_type', kind: 'text' },
    state: { sql: 'state', kind: 'text' },
    startDate: { sql: 'start_date', kind: 'date' },
    endDate: { sql: 'end_date', kind: 'date' },
  },
  dto: (r) => ({
    batchOperationKey: String(r.key),
    state: r.state,
    batchOperationType: r.operation_type,
    startDate: iso(r.start_date),
    endDate: optionalIso(r.end_date),
    operationsTotalCount: r.operations_total_count,
    operationsFailedCount: r.operations_failed_count,
    operationsCompletedCount: r.operations_completed_count,
  }),
};

interface BatchOperationItemRow {
  key: number;
  batch_operation_key: number;
  operation_type: string;
  item_key: number;
  process_instance_key: number;
  state: string;
  processed_date: number | null;
  error_message: string | null;
}

export const batchOperationItems: IndexedSearchSpec<BatchOperationItemRow, Record<string, unknown>> = {
  table: 'batch_operation_item',
  what: 'batch operation items',
  keyColumn: 'key',
  fields: {
    batchOperationKey: { sql: 'batch_operation_key', kind: 'key' },
    operationType: { sql: 'operation_type', kind: 'text' },
    itemKey: { sql: 'item_key', kind: 'key' },
    processInstanceKey: { sql: 'process_instance_key', kind: 'key' },
    state: { sql: 'state', kind: 'text' },
  },
  dto: (r) => ({
    operationType: r.operation_type,
    batchOperationKey: String(r.batch_operation_key),
    itemKey: String(r.item_key),
    processInstanceKey: String(r.process_instance_key),
    state: r.state,
    processedDate: optionalIso(r.processed_date),
    errorMessage: optionalText(r.error_message),
  }),
};
