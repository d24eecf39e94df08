import type { CamundaRestClient } from '@camunda8/sdk';

/**
 * Small helpers for the engine conformance specs (scopes, user tasks): polling for asynchronous
 * outcomes, activating jobs without a worker loop, and reading what the API rejected.
 */

/** Polls `probe` until `accept` holds (every 20 ms, up to `timeoutMs`); fails naming `what`. */
export async function until<T>(probe: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export type Job = Awaited<ReturnType<CamundaRestClient['activateJobs']>>[number];

/** Activates what is activatable now (no long polling). */
export async function activateNow(client: CamundaRestClient, type: string, max = 10): Promise<Job[]> {
  return client.activateJobs({ type, worker: 'spec', timeout: 60_000, maxJobsToActivate: max, requestTimeout: -1 });
}

/** Waits until exactly `count` jobs of `type` could be activated (long polling), and activates them. */
export async function activate(client: CamundaRestClient, type: string, count = 1): Promise<Job[]> {
  const jobs: Job[] = [];
  const deadline = Date.now() + 3000;
  while (jobs.length < count && Date.now() < deadline) {
    jobs.push(...(await client.activateJobs({ type, worker: 'spec', timeout: 60_000, maxJobsToActivate: count - jobs.length, requestTimeout: 500 })));
  }
  if (jobs.length !== count) throw new Error(`expected ${count} job(s) of type '${type}', got ${jobs.length}`);
  return jobs;
}

/** Plain JSON copy of SDK DTOs (LosslessDto instances), so deep equality compares data only. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The HTTP status and problem title of a rejected SDK call; fails if the call succeeded. */
export async function rejection(call: Promise<unknown>): Promise<{ status: number; title?: string; detail?: string }> {
  try {
    await call;
  } catch (err) {
    const e = err as { statusCode?: number; response?: { statusCode?: number; body?: unknown }; title?: string; detail?: string };
    const status = e.statusCode ?? e.response?.statusCode;
    if (typeof status !== 'number') throw err;
    let body: { title?: string; detail?: string } = {};
    if (typeof e.response?.body === 'string') {
      try {
        body = JSON.parse(e.response.body) as { title?: string; detail?: string };
      } catch {
        body = {};
      }
    }
    return { status, title: e.title ?? body.title, detail: e.detail ?? body.detail };
  }
  throw new Error('expected the call to be rejected');
}

export async function processInstanceState(client: CamundaRestClient, processInstanceKey: string): Promise<string | undefined> {
  const result = await client.searchProcessInstances({ filter: { processInstanceKey }, sort: [], page: { from: 0, limit: 10 } });
  return result.items[0]?.state;
}

/** Waits until the process instance reaches `state` (COMPLETED, TERMINATED, ACTIVE). */
export function untilInstanceState(client: CamundaRestClient, processInstanceKey: string, state: string): Promise<string | undefined> {
  return until(() => processInstanceState(client, processInstanceKey), (s) => s === state, `process instance ${processInstanceKey} to be ${state}`);
}

export async function activeIncidents(client: CamundaRestClient, processInstanceKey: string) {
  const result = await client.searchIncidents({ filter: { processInstanceKey, state: 'ACTIVE' } } as never);
  return result.items;
}

/** Variables of the process instance scope (what a later task would see, minus locals). */
export async function rootVariables(client: CamundaRestClient, processInstanceKey: string): Promise<Record<string, unknown>> {
  const result = await client.searchVariables({ filter: { processInstanceKey, scopeKey: processInstanceKey } });
  return Object.fromEntries(result.items.map((v) => [v.name, JSON.parse(v.value) as unknown]));
}
