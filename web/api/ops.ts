import { auditEntry } from '../audit.js';
import { engineFailure, engineRefusal, engineUnavailable } from '../engine-errors.js';
import { inputOf } from '../http/context.js';
import { ApiProblem } from '../http/problem.js';
import type { Api } from '../openapi/routes.js';
import { createProcessNames, type ProcessNames } from '../process-names.js';
import type { ApiContext } from './context.js';

/** How many retries a retried job gets: one, as Operate gives; if it fails again it raises a new incident. */
const RETRY_RETRIES = 1;
const LIST_LIMIT = 200;

interface EngineIncident {
  incidentKey: string;
  processInstanceKey: string;
  processDefinitionId: string;
  processDefinitionKey?: string | null;
  elementId: string;
  errorType: string;
  errorMessage: string;
  jobKey?: string | null;
  state: string;
  creationTime?: string | null;
}

const incidentBody = (i: EngineIncident, names: ProcessNames | null = null) => ({
  incidentKey: String(i.incidentKey),
  processInstanceKey: String(i.processInstanceKey),
  processDefinitionId: i.processDefinitionId,
  processName: names?.process ?? null,
  elementId: i.elementId,
  elementName: names?.element(i.elementId) ?? null,
  errorType: i.errorType,
  errorMessage: i.errorMessage ?? '',
  jobKey: i.jobKey === undefined || i.jobKey === null || i.jobKey === '' ? null : String(i.jobKey),
  state: i.state,
  creationTime: i.creationTime ?? null,
});

/** Engine operations: the incidents (事故) that stop a case, and their retry. Through the SDK only. */
export function registerOpsRoutes(api: Api, { store, camunda, clock, log }: ApiContext): void {
  const namesOf = createProcessNames(camunda, log);
  async function search(filter: Record<string, unknown>): Promise<{ items: EngineIncident[]; total: number }> {
    try {
      const found = await camunda.searchIncidents({ filter, sort: [{ field: 'creationTime', order: 'DESC' }], page: { from: 0, limit: LIST_LIMIT } } as never);
      const items = found.items as unknown as EngineIncident[];
      return { items, total: Number((found as { page?: { totalItems?: unknown } }).page?.totalItems ?? items.length) };
    } catch (error) {
      throw engineUnavailable(log, 'searching incidents', error);
    }
  }

  api.get('/api/ops/incidents', 'listIncidents', async (_req, res) => {
    const { query } = inputOf<{ query: { state: string; processInstanceKey?: string } }>(res);
    const { items, total } = await search({ state: query.state, ...(query.processInstanceKey === undefined ? {} : { processInstanceKey: query.processInstanceKey }) });
    const named = await Promise.all(items.map(async (i) => incidentBody(i, await namesOf(i.processDefinitionKey === null || i.processDefinitionKey === undefined ? undefined : String(i.processDefinitionKey), i.processDefinitionId))));
    res.json({ items: named, total });
  });

  api.post('/api/ops/incidents/{key}/retry', 'retryIncident', async (_req, res) => {
    const { params } = inputOf(res);
    const [incident] = (await search({ incidentKey: params.key })).items;
    if (!incident) throw new ApiProblem('not-found', '没有这个事故');
    if (incident.state !== 'ACTIVE') throw new ApiProblem('conflict', '该事故已解决，无需重试');
    const { jobKey } = incidentBody(incident);
    try {
      // a job out of retries would raise the incident again at once: give it a retry first
      if (jobKey !== null) await camunda.updateJob({ jobKey, retries: RETRY_RETRIES });
      await camunda.resolveIncident(params.key);
    } catch (error) {
      const failure = engineFailure(error);
      if (failure.status === 404) throw new ApiProblem('not-found', '事故或其作业已不存在');
      if (failure.status === 409) {
        log.warn('ops: the engine refused the retry', { incidentKey: params.key, status: failure.status, detail: failure.detail });
        throw engineRefusal(failure.status, failure.detail, '重试');
      }
      throw engineUnavailable(log, `retrying incident ${params.key}`, error);
    }
    await store.audit.record(
      auditEntry(res, clock(), {
        action: 'incident.retry',
        targetType: 'incident',
        targetId: params.key,
        detail: { processInstanceKey: incidentBody(incident).processInstanceKey, processDefinitionId: incident.processDefinitionId, elementId: incident.elementId, errorType: incident.errorType, jobKey },
      }),
    );
    res.json({ incidentKey: params.key, jobKey, retries: jobKey === null ? null : RETRY_RETRIES, resolved: true });
  });
}
