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
