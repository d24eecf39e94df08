import type { Engine } from '../engine.js';
import { invalidArgument } from '../runtime/errors.js';
import { numberOr, optionalKey, text, type VariablesReader } from './request.js';
import { TENANT } from './wire.js';

/** POST /v2/process-instances: creates an instance (also on the hot path, rest/hot-path.ts). */
export async function createInstance(engine: Engine, variablesOf: VariablesReader, b: Record<string, unknown>) {
  // ignoring them would silently start the instance somewhere else than the caller asked
  for (const field of ['startInstructions', 'runtimeInstructions']) {
    if (Array.isArray(b[field]) && b[field].length > 0) throw invalidArgument(`${field} are not supported by the embedded engine`);
  }
  const created = await engine.createProcessInstance({
    ...(b.processDefinitionId !== undefined ? { processDefinitionId: text(b.processDefinitionId, 'processDefinitionId')! } : {}),
    ...(optionalKey(b.processDefinitionKey, 'processDefinitionKey') !== undefined
      ? { processDefinitionKey: optionalKey(b.processDefinitionKey, 'processDefinitionKey')! }
      : {}),
    ...(b.processDefinitionVersion !== undefined ? { version: numberOr(b.processDefinitionVersion, -1, 'processDefinitionVersion') } : {}),
    variables: variablesOf(b.variables),
    awaitCompletion: b.awaitCompletion === true,
    requestTimeout: numberOr(b.requestTimeout, 0, 'requestTimeout'),
    ...(Array.isArray(b.fetchVariables) ? { fetchVariables: b.fetchVariables.map(String) } : {}),
  });
  return {
    processDefinitionId: created.definition.bpmnProcessId,
    processDefinitionVersion: created.definition.version,
    processDefinitionKey: String(created.definition.key),
    processInstanceKey: String(created.processInstanceKey),
    tenantId: TENANT,
    variables: created.variables ?? {},
  };
}
