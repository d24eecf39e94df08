import type { Response } from 'express';
import { redactPersonalData } from '../../shared/redact.js';
import { auditEntry } from '../audit.js';
import { inputOf } from '../http/context.js';
import { ApiProblem } from '../http/problem.js';
import { createOpsEngine, RETRY_RETRIES, type EngineIncident, type EngineInstance } from '../ops/engine.js';
import { auditedChanges, currentValues, displayed, planChanges, type VariableEdit } from '../ops/variable-change.js';
import type { Api } from '../openapi/routes.js';
import { createProcessNames, type ProcessNames } from '../process-names.js';
import type { ApiContext } from './context.js';

/**
 * Engine operations (流程运维): the incidents (事故) that stop a case, each with its case; an
 * instance with its diagram, where it waits and its variables; retries, one or many, and a
 * correction of variables followed by the retry. Through the SDK only (web/ops/engine.ts).
 */

/** a bulk retry takes at most this many incidents, so one request cannot hold the engine for long */
const MAX_BULK = 50;

export function registerOpsRoutes(api: Api, { store, camunda, clock, log }: ApiContext): void {
  const engine = createOpsEngine(camunda, log);
  const namesOf = createProcessNames(camunda, log);
  const names = (definitionKey: string | null, processId: string) => namesOf(definitionKey ?? undefined, processId);

  /** the case number each instance carries (a called instance gets it from its caller), by instance key */
  const caseNumbers = (keys: string[]) => engine.variableOf([...new Set(keys)], 'caseNumber');

  const incidentBody = (i: EngineIncident, named: ProcessNames, caseNumber: string | null) => ({
    incidentKey: i.incidentKey,
    processInstanceKey: i.processInstanceKey,
    processDefinitionId: i.processDefinitionId,
    processName: named.process,
    elementId: i.elementId,
    elementName: named.element(i.elementId),
    errorType: i.errorType,
    // workers quote what they were given: personal numbers never reach the page
    errorMessage: redactPersonalData(i.errorMessage),
    jobKey: i.jobKey,
    state: i.state,
    creationTime: i.creationTime,
    caseNumber,
  });

  const describe = async (items: EngineIncident[]) => {
    const numbers = await caseNumbers(items.map((i) => i.processInstanceKey));
    return Promise.all(items.map(async (i) => incidentBody(i, await names(i.processDefinitionKey, i.processDefinitionId), numbers.get(i.processInstanceKey) ?? null)));
  };

  /**
   * The case of an instance whose variables the engine no longer keeps (ended): the case records
   * the key of the instance it started, at the root of any called ones.
   */
  const caseOfRoot = async (instance: EngineInstance, parent: EngineInstance | undefined) => {
    let root = parent ?? instance;
    for (let depth = 0; root.parentProcessInstanceKey !== null && depth < 10; depth++) {
      const up = await engine.instance(root.parentProcessInstanceKey);
      if (!up) break;
      root = up;
    }
    return store.cases.getByProcessInstanceKey(root.processInstanceKey);
  };

  const activeIncident = async (key: string): Promise<EngineIncident> => {
    const [incident] = (await engine.incidents({ incidentKey: key })).items;
    if (!incident) throw new ApiProblem('not-found', `没有事故 ${key}`);
    if (incident.state !== 'ACTIVE') throw new ApiProblem('conflict', `事故 ${key} 已解决，无需重试`);
    return incident;
  };

  const recordRetry = (res: Response, incident: EngineIncident, detail: Record<string, unknown> = {}) =>
    store.audit.record(
      auditEntry(res, clock(), {
        action: 'incident.retry',
        targetType: 'incident',
        targetId: incident.incidentKey,
        detail: { processInstanceKey: incident.processInstanceKey, processDefinitionId: incident.processDefinitionId, elementId: incident.elementId, errorType: incident.errorType, jobKey: incident.jobKey, ...detail },
      }),
    );

  api.get('/api/ops/incidents', 'listIncidents', async (_req, res) => {
    const { query } = inputOf<{ query: { state: string; processInstanceKey?: string } }>(res);
    const { items, total } = await engine.incidents({ state: query.state, ...(query.processInstanceKey === undefined ? {} : { processInstanceKey: query.processInstanceKey }) });
    res.json({ items: await describe(items), total });
  });

  api.post('/api/ops/incidents/{key}/retry', 'retryIncident', async (_req, res) => {
    const incident = await activeIncident(inputOf(res).params.key);
    await engine.retry(incident);
    await recordRetry(res, incident);
    res.json({ incidentKey: incident.incidentKey, jobKey: incident.jobKey, retries: incident.jobKey === null ? null : RETRY_RETRIES, resolved: true });
  });

  api.post('/api/ops/incidents/retry', 'retryIncidents', async (_req, res) => {
    const { body } = inputOf<{ body: { incidentKeys: string[] } }>(res);
    const keys = [...new Set(body.incidentKeys)];
    if (keys.length > MAX_BULK) throw new ApiProblem('validation', `一次最多重试 ${MAX_BULK} 个事故`, [{ in: 'body', field: 'incidentKeys', message: `一次最多重试 ${MAX_BULK} 个事故` }]);
    // one after another: each is its own engine command, and one refused leaves the others retried
    const results: Array<{ incidentKey: string; retried: boolean; detail: string | null }> = [];
    for (const key of keys) {
      try {
        const incident = await activeIncident(key);
        await engine.retry(incident);
        await recordRetry(res, incident, { bulk: keys.length });
        results.push({ incidentKey: key, retried: true, detail: null });
      } catch (error) {
        if (!(error instanceof ApiProblem) || error.status === 503) throw error;
        results.push({ incidentKey: key, retried: false, detail: error.detail });
      }
    }
    res.json({ results, retried: results.filter((r) => r.retried).length });
  });

  api.get('/api/ops/instances/{key}', 'getProcessInstance', async (_req, res) => {
    const key = inputOf(res).params.key;
    const instance = await engine.instance(key);
    if (!instance) throw new ApiProblem('not-found', `没有流程实例 ${key}`);
    const [incidents, variables, children, parent, xml] = await Promise.all([
      engine.incidents({ processInstanceKey: key }),
      engine.variables(key),
      engine.children(key),
      instance.parentProcessInstanceKey === null ? Promise.resolve(undefined) : engine.instance(instance.parentProcessInstanceKey),
      engine.diagram(instance.processDefinitionKey),
    ]);
    const elements = await engine.elements(key);
    const named = await names(instance.processDefinitionKey, instance.processDefinitionId);
    const related = async (other: EngineInstance) => ({
      processInstanceKey: other.processInstanceKey,
      processName: (await names(other.processDefinitionKey, other.processDefinitionId)).process,
      state: other.state,
      startDate: other.startDate,
    });
    const caseNumber = (await caseNumbers([key])).get(key) ?? (await caseOfRoot(instance, parent))?.caseNumber ?? null;
    res.json({
      processInstanceKey: key,
      processDefinitionId: instance.processDefinitionId,
      processDefinitionVersion: instance.processDefinitionVersion,
      processName: named.process,
      state: instance.state,
      startDate: instance.startDate,
      endDate: instance.endDate,
      caseNumber,
      parent: parent ? await related(parent) : null,
      children: await Promise.all(children.map(related)),
      incidents: await describe(incidents.items),
      elements: elements.map((e) => ({ ...e, elementName: named.element(e.elementId) })),
      variables: variables
        .map((v) => {
          let value: unknown;
          try {
            value = v.truncated ? null : (JSON.parse(v.value) as unknown);
          } catch {
            value = null;
          }
          return { name: v.name, value: v.truncated ? null : JSON.stringify(displayed(v.name, value)), truncated: v.truncated, local: v.scopeKey !== key };
        })
        .sort((a, b) => Number(a.local) - Number(b.local) || a.name.localeCompare(b.name)),
      diagramXml: xml,
    });
  });

  api.post('/api/ops/incidents/{key}/variables', 'fixIncidentVariables', async (_req, res) => {
    const { params, body } = inputOf<{ body: { variables: VariableEdit[] } }>(res);
    const incident = await activeIncident(params.key);
    const variables = await engine.variables(incident.processInstanceKey);
    const changes = planChanges(body.variables, variables, currentValues(variables, [incident.elementInstanceKey ?? '', incident.processInstanceKey]));
    // set from the element that failed: a variable it holds itself (an input mapping) is changed there, any other where it lives, a new one on the instance
    await engine.setVariables(incident.elementInstanceKey ?? incident.processInstanceKey, Object.fromEntries(changes.map((c) => [c.name, c.after])));
    await store.audit.record(
      auditEntry(res, clock(), {
        action: 'incident.variables',
        targetType: 'incident',
        targetId: incident.incidentKey,
        detail: { processInstanceKey: incident.processInstanceKey, elementId: incident.elementId, changes: auditedChanges(changes) },
      }),
    );
    await engine.retry(incident);
    await recordRetry(res, incident, { afterVariables: changes.map((c) => c.name) });
    res.json({ incidentKey: incident.incidentKey, changed: changes.map((c) => c.name), retried: true });
  });
}
