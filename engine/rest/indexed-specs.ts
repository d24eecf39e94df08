import type Database from 'better-sqlite3';
import type { FieldKind, IndexedField, IndexedSearchSpec } from './indexed-search.js';
import { TENANT } from './wire.js';

/**
 * The 8.8 search resources served from the indexed tables: their filter and sort fields and the
 * response shape of a row. Optional fields the row does not have are left out, as a cluster does.
 */

type Row = Record<string, unknown>;

/**
 * One field of a resource: how a filter or sort reads it (`filter`) and how a row answers it
 * (`read`). Most fields are both; a few only filter (candidateGroup) or only answer (customHeaders).
 * A column that is NULL answers undefined, so the field is left out of the JSON.
 */
interface Field {
  filter?: IndexedField;
  read?: (row: Row) => unknown;
}

const iso = (ms: unknown) => (ms === null ? undefined : new Date(ms as number).toISOString());

const key = (column: string): Field => ({ filter: { sql: column, kind: 'key' }, read: (r) => (r[column] === null ? undefined : (r[column] as number).toString()) });
const text = (column: string): Field => ({ filter: { sql: column, kind: 'text' }, read: (r) => r[column] ?? undefined });
const int = (column: string): Field => ({ filter: { sql: column, kind: 'int' }, read: (r) => r[column] });
const date = (column: string): Field => ({ filter: { sql: column, kind: 'date' }, read: (r) => iso(r[column]) });
const bool = (column: string): Field => ({ filter: { sql: column, kind: 'bool' }, read: (r) => r[column] === 1 });
/** a JSON document in a column, answered parsed; not filterable */
const json = (column: string): Field => ({ read: (r) => JSON.parse(r[column] as string) as unknown });
/** a field the engine answers with one value for every row (the contract requires it, nothing varies it here) */
const constant = (sql: string, kind: FieldKind, value: unknown): Field => ({ filter: { sql, kind }, read: () => value });
const filterOnly = (sql: string, kind: FieldKind): Field => ({ filter: { sql, kind } });
const answerOnly = (field: Field): Field => ({ read: field.read });
const tenant = constant(`'${TENANT}'`, 'text', TENANT);

/** A search resource over one table, its filter fields and answer shape both read off `fields`. */
function spec(table: string, what: string, fields: Record<string, Field>, keyColumn = 'key'): IndexedSearchSpec<Row, Row> {
  const entries = Object.entries(fields);
  const filters = entries.flatMap(([name, f]) => (f.filter ? [[name, f.filter] as const] : []));
  const readers = entries.flatMap(([name, f]) => (f.read ? [[name, f.read] as const] : []));
  return {
    table,
    what,
    keyColumn,
    fields: Object.fromEntries(filters),
    dto: (r) => Object.fromEntries(readers.map(([name, read]) => [name, read(r)])),
  };
}

export const processInstances = spec('process_instance', 'process instances', {
  processInstanceKey: key('key'),
  processDefinitionId: text('process_definition_id'),
  processDefinitionName: {
    filter: { sql: 'COALESCE(process_definition_name, process_definition_id)', kind: 'text' },
    read: (r) => r.process_definition_name ?? r.process_definition_id,
  },
  processDefinitionVersion: int('process_definition_version'),
  processDefinitionKey: key('process_definition_key'),
  state: text('state'),
  startDate: date('start_date'),
  endDate: date('end_date'),
  hasIncident: bool('has_incident'),
  parentProcessInstanceKey: key('parent_process_instance_key'),
  parentElementInstanceKey: key('parent_element_instance_key'),
  tenantId: tenant,
});

export const elementInstances = spec('element_instance', 'element instances', {
  elementInstanceKey: key('key'),
  processInstanceKey: key('process_instance_key'),
  processDefinitionKey: key('process_definition_key'),
  processDefinitionId: text('process_definition_id'),
  elementId: text('element_id'),
  elementName: text('element_name'),
  type: text('type'),
  state: text('state'),
  startDate: date('start_date'),
  endDate: date('end_date'),
  hasIncident: { filter: { sql: '(incident_key IS NOT NULL)', kind: 'bool' }, read: (r) => r.incident_key !== null },
  incidentKey: key('incident_key'),
  elementInstanceScopeKey: filterOnly('scope_key', 'key'),
  tenantId: tenant,
});

const variableFields = {
  variableKey: key('variable_key'),
  name: text('name'),
  value: text('value'),
  scopeKey: key('scope_key'),
  processInstanceKey: key('process_instance_key'),
  tenantId: tenant,
  isTruncated: constant('0', 'bool', false),
};

/** Search answers carry isTruncated; values are never cut short here, so it is always false. */
export const variables = spec('variable', 'variables', variableFields, 'variable_key');

/** GET /variables/{key} answers the value whole, without isTruncated. */
export const variable = spec('variable', 'variables', { ...variableFields, isTruncated: filterOnly('0', 'bool') }, 'variable_key');

/**
 * The variables a user task sees: per name, the one of the innermost scope that defines it, among
 * the task's element instance and its enclosing scopes. A scope's key is drawn after its flow
 * scope's, so the innermost is the one with the highest key.
 */
export function variablesInScopes(scopeKeys: number[]): IndexedSearchSpec<Row, Row> {
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

/** The columns of a row that belongs to an element of a process instance (jobs, incidents, subscriptions). */
const elementOf = {
  processDefinitionId: text('process_definition_id'),
  processDefinitionKey: key('process_definition_key'),
  processInstanceKey: key('process_instance_key'),
  elementId: text('element_id'),
  elementInstanceKey: key('element_instance_key'),
  tenantId: tenant,
};

export const jobs = spec('job', 'jobs', {
  jobKey: key('key'),
  type: text('type'),
  worker: text('worker'),
  state: text('state'),
  kind: text('kind'),
  listenerEventType: text('listener_event_type'),
  retries: int('retries'),
  isDenied: constant('0', 'bool', false),
  hasFailedWithRetriesLeft: bool('has_failed_with_retries_left'),
  errorCode: text('error_code'),
  errorMessage: text('error_message'),
  customHeaders: json('custom_headers'),
  deadline: date('deadline'),
  endTime: date('end_time'),
  ...elementOf,
});

export const userTasks = spec('user_task', 'user tasks', {
  userTaskKey: key('key'),
  name: text('name'),
  state: text('state'),
  assignee: text('assignee'),
  elementId: text('element_id'),
  elementInstanceKey: key('element_instance_key'),
  candidateGroup: filterOnly('candidate_groups', 'textList'),
  candidateUser: filterOnly('candidate_users', 'textList'),
  candidateGroups: json('candidate_groups'),
  candidateUsers: json('candidate_users'),
  processDefinitionId: text('process_definition_id'),
  processDefinitionKey: key('process_definition_key'),
  processDefinitionVersion: answerOnly(int('process_definition_version')),
  processInstanceKey: key('process_instance_key'),
  formKey: key('form_key'),
  externalFormReference: answerOnly(text('external_form_reference')),
  creationDate: date('creation_date'),
  completionDate: date('completion_date'),
  dueDate: date('due_date'),
  followUpDate: date('follow_up_date'),
  priority: int('priority'),
  customHeaders: json('custom_headers'),
  tenantId: tenant,
});

export const incidents = spec('incident', 'incidents', {
  incidentKey: key('key'),
  errorType: text('error_type'),
  errorMessage: text('error_message'),
  creationTime: date('creation_time'),
  state: text('state'),
  jobKey: key('job_key'),
  ...elementOf,
});

export const messageSubscriptions = spec('message_subscription', 'message subscriptions', {
  messageSubscriptionKey: key('key'),
  messageSubscriptionState: text('state'),
  lastUpdatedDate: date('last_updated_date'),
  messageName: text('message_name'),
  correlationKey: text('correlation_key'),
  ...elementOf,
});

export const batchOperations = spec('batch_operation', 'batch operations', {
  batchOperationKey: key('key'),
  state: text('state'),
  operationType: filterOnly('operation_type', 'text'),
  batchOperationType: answerOnly(text('operation_type')),
  startDate: date('start_date'),
  endDate: date('end_date'),
  operationsTotalCount: answerOnly(int('operations_total_count')),
  operationsFailedCount: answerOnly(int('operations_failed_count')),
  operationsCompletedCount: answerOnly(int('operations_completed_count')),
});

export const batchOperationItems = spec('batch_operation_item', 'batch operation items', {
  operationType: text('operation_type'),
  batchOperationKey: key('batch_operation_key'),
  itemKey: key('item_key'),
  processInstanceKey: key('process_instance_key'),
  state: text('state'),
  processedDate: answerOnly(date('processed_date')),
  errorMessage: answerOnly(text('error_message')),
});

const decisionInstanceFields = {
  decisionEvaluationInstanceKey: text('decision_evaluation_instance_key'),
  decisionEvaluationKey: key('decision_evaluation_key'),
  state: text('state'),
  evaluationDate: date('evaluation_date'),
  evaluationFailure: text('evaluation_failure'),
  decisionDefinitionId: text('decision_definition_id'),
  decisionDefinitionKey: key('decision_definition_key'),
  decisionDefinitionName: text('decision_definition_name'),
  decisionDefinitionVersion: int('decision_definition_version'),
  decisionDefinitionType: text('decision_definition_type'),
  result: text('result'),
  processDefinitionKey: key('process_definition_key'),
  processInstanceKey: key('process_instance_key'),
  elementInstanceKey: key('element_instance_key'),
  tenantId: tenant,
};

/** Decision instances as the search answers them: without inputs and rules, which only the get gives (as in 8.8). */
export const decisionInstances = spec('decision_instance', 'decision instances', decisionInstanceFields);

export const decisionInstance = spec('decision_instance', 'decision instances', {
  ...decisionInstanceFields,
  evaluatedInputs: json('evaluated_inputs'),
  matchedRules: json('matched_rules'),
});
