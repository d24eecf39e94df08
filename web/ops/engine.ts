import type { CamundaRestClient } from '@camunda8/sdk';
import { engineFailure, engineRefusal, engineUnavailable } from '../engine-errors.js';
import { ApiProblem } from '../http/problem.js';
import type { Logger } from '../log.js';

/**
 * What operations (流程运维) read from and do to the engine, through the SDK's REST client only,
 * so the same calls work against the embedded engine and a real Camunda 8 cluster. Keys are
 * int64: strings throughout.
 */

/** How many retries a retried job gets: one, as Operate gives; if it fails again it raises a new incident. */
export const RETRY_RETRIES = 1;
/** the most a search returns; an instance with more variables or incidents than this is not one of ours */
const PAGE_LIMIT = 200;

export interface EngineIncident {
  incidentKey: string;
  processInstanceKey: string;
  processDefinitionId: string;
  processDefinitionKey: string | null;
  elementId: string;
  elementInstanceKey: string | null;
  errorType: string;
  errorMessage: string;
  jobKey: string | null;
  state: string;
  creationTime: string | null;
}

export interface EngineInstance {
  processInstanceKey: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  processDefinitionVersion: number | null;
  state: string;
  startDate: string | null;
  endDate: string | null;
  parentProcessInstanceKey: string | null;
}

export interface EngineVariable {
  name: string;
  /** the value as JSON text, as the engine keeps it */
  value: string;
  truncated: boolean;
  scopeKey: string;
}

/** An element of the instance as the diagram marks it: done, waiting (active) or stopped at an incident. */
export interface ElementState {
  elementId: string;
  elementInstanceKey: string;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  hasIncident: boolean;
}

/** a search result's item: keys, names, states and dates, all scalars */
type Raw = Record<string, string | number | boolean | null | undefined>;

const str = (v: Raw[string]): string | null => (v === undefined || v === null || v === '' ? null : String(v));

function toIncident(raw: Raw): EngineIncident {
  return {
    incidentKey: String(raw.incidentKey),
    processInstanceKey: String(raw.processInstanceKey),
    processDefinitionId: String(raw.processDefinitionId ?? ''),
    processDefinitionKey: str(raw.processDefinitionKey),
    elementId: String(raw.elementId ?? ''),
    elementInstanceKey: str(raw.elementInstanceKey),
    errorType: String(raw.errorType ?? 'UNKNOWN'),
    errorMessage: String(raw.errorMessage ?? ''),
    jobKey: str(raw.jobKey),
    state: String(raw.state ?? ''),
    creationTime: str(raw.creationTime),
  };
}

function toInstance(raw: Raw): EngineInstance {
  const version = Number(raw.processDefinitionVersion);
  return {
    processInstanceKey: String(raw.processInstanceKey),
    processDefinitionId: String(raw.processDefinitionId ?? ''),
    processDefinitionKey: String(raw.processDefinitionKey ?? ''),
    processDefinitionVersion: Number.isInteger(version) ? version : null,
    state: String(raw.state ?? ''),
    startDate: str(raw.startDate),
    endDate: str(raw.endDate),
    parentProcessInstanceKey: str(raw.parentProcessInstanceKey),
  };
}

export interface OpsEngine {
  incidents(filter: { state?: string; processInstanceKey?: string; incidentKey?: string }): Promise<{ items: EngineIncident[]; total: number }>;
  instance(processInstanceKey: string): Promise<EngineInstance | undefined>;
  /** the instances a case's instance called (不予受理, 补齐材料 …), newest first */
  children(processInstanceKey: string): Promise<EngineInstance[]>;
  variables(processInstanceKey: string): Promise<EngineVariable[]>;
  /** one variable of every instance in the list, e.g. caseNumber, by instance */
  variableOf(processInstanceKeys: string[], name: string): Promise<Map<string, string>>;
  /** the element instances of the instance in the order they started: its path, live or ended */
  elements(processInstanceKey: string): Promise<ElementState[]>;
  diagram(processDefinitionKey: string): Promise<string>;
  setVariables(scopeKey: string, variables: Record<string, unknown>): Promise<void>;
  /** gives the incident's job a retry (a job out of retries would raise it again at once), then resolves it */
  retry(incident: EngineIncident): Promise<void>;
}

export function createOpsEngine(camunda: CamundaRestClient, log: Logger): OpsEngine {
  const reading = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw engineUnavailable(log, what, error);
    }
  };

  const searchInstances = (filter: Record<string, unknown>) =>
    reading('searching process instances', async () => {
      const found = await camunda.searchProcessInstances({ filter, sort: [{ field: 'startDate', order: 'DESC' }], page: { from: 0, limit: PAGE_LIMIT } } as never);
      return (found.items as unknown as Raw[]).map(toInstance);
    });

  const searchVariables = (filter: Record<string, unknown>) =>
    reading('searching variables', async () => {
      const found = await camunda.searchVariables({ filter, page: { from: 0, limit: PAGE_LIMIT } });
      return found.items as unknown as Raw[];
    });

  return {
    incidents: (filter) =>
      reading('searching incidents', async () => {
        const found = await camunda.searchIncidents({ filter, sort: [{ field: 'creationTime', order: 'DESC' }], page: { from: 0, limit: PAGE_LIMIT } } as never);
        const items = (found.items as unknown as Raw[]).map(toIncident);
        return { items, total: Number((found as { page?: { totalItems?: unknown } }).page?.totalItems ?? items.length) };
      }),

    instance: async (key) => (await searchInstances({ processInstanceKey: key }))[0],

    children: (key) => searchInstances({ parentProcessInstanceKey: key }),

    variables: async (key) =>
      (await searchVariables({ processInstanceKey: key })).map((v) => ({
        name: String(v.name),
        value: String(v.value),
        truncated: v.isTruncated === true,
        scopeKey: String(v.scopeKey),
      })),

    variableOf: async (keys, name) => {
      const found = new Map<string, string>();
      if (keys.length === 0) return found;
      for (const v of await searchVariables({ name, processInstanceKey: { $in: keys } })) {
        // the process scope's value: it is the instance key itself
        if (String(v.scopeKey) !== String(v.processInstanceKey)) continue;
        try {
          const value: unknown = JSON.parse(String(v.value));
          if (typeof value === 'string') found.set(String(v.processInstanceKey), value);
        } catch {
          // a truncated value is no case number
        }
      }
      return found;
    },

    elements: (key) =>
      reading('reading the path of the instance', async () => {
        // every element instance, live or ended (the engine keeps them as history, like a
        // cluster's secondary store), so an ended instance shows the path it took
        const path: ElementState[] = [];
        for (let from = 0; ; from += PAGE_LIMIT) {
          const found = await camunda.searchElementInstances({
            filter: { processInstanceKey: key },
            sort: [{ field: 'elementInstanceKey', order: 'ASC' }],
            page: { from, limit: PAGE_LIMIT },
          } as never);
          const items = found.items as unknown as Raw[];
          for (const e of items) {
            if (e.type === 'PROCESS' || e.type === 'MULTI_INSTANCE_BODY') continue;
            path.push({
              elementId: String(e.elementId),
              elementInstanceKey: String(e.elementInstanceKey),
              state: e.state === 'COMPLETED' || e.state === 'TERMINATED' ? e.state : 'ACTIVE',
              hasIncident: e.hasIncident === true,
            });
          }
          if (items.length < PAGE_LIMIT) return path;
        }
      }),

    diagram: (definitionKey) => reading(`reading the diagram of definition ${definitionKey}`, () => camunda.getProcessDefinitionXML(definitionKey)),

    setVariables: async (scopeKey, variables) => {
      try {
        await camunda.updateElementInstanceVariables({ elementInstanceKey: scopeKey, variables });
      } catch (error) {
        const failure = engineFailure(error);
        if (failure.status === 404) throw new ApiProblem('conflict', '流程实例已结束，变量不能再修改');
        if (failure.status === 400 || failure.status === 409) throw engineRefusal(failure.status, failure.detail, '修改变量');
        throw engineUnavailable(log, `setting variables on ${scopeKey}`, error);
      }
    },

    retry: async (incident) => {
      try {
        if (incident.jobKey !== null) await camunda.updateJob({ jobKey: incident.jobKey, retries: RETRY_RETRIES });
        await camunda.resolveIncident(incident.incidentKey);
      } catch (error) {
        const failure = engineFailure(error);
        if (failure.status === 404) throw new ApiProblem('not-found', '事故或其作业已不存在');
        if (failure.status === 409) {
          log.warn('ops: the engine refused the retry', { incidentKey: incident.incidentKey, status: failure.status, detail: failure.detail });
          throw engineRefusal(failure.status, failure.detail, '重试');
        }
        throw engineUnavailable(log, `retrying incident ${incident.incidentKey}`, error);
      }
    },
  };
}
