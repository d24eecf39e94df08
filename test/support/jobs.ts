import type { Job } from '../../workers/types.js';

let nextKey = 9_000_000_000_000_000n;

/**
 * A job as a handler sees it, for calling handlers directly: the fields handlers read, fresh
 * keys unless given. Pass the same object twice to play a redelivery.
 */
export function fakeJob(init: {
  type: string;
  headers?: Record<string, string>;
  variables?: Record<string, unknown>;
  elementId?: string;
  elementInstanceKey?: string;
  processInstanceKey?: string;
  extra?: Record<string, unknown>;
}): Job {
  nextKey += 1n;
  return {
    jobKey: String(nextKey),
    type: init.type,
    elementId: init.elementId ?? 'task',
    elementInstanceKey: init.elementInstanceKey ?? String(nextKey + 500_000n),
    processInstanceKey: init.processInstanceKey ?? String(nextKey + 700_000n),
    processDefinitionVersion: 1,
    bpmnProcessId: 'fixture',
    customHeaders: init.headers ?? {},
    variables: init.variables ?? {},
    worker: 'test',
    retries: 3,
    deadline: '0',
    tenantId: '<default>',
    ...init.extra,
  } as unknown as Job;
}
