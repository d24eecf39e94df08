import { expect } from 'chai';
import type { CamundaRestClient } from '@camunda8/sdk';
import type { EngineAccess } from '../../support/engine.js';

/** What the SDK's HTTPError carries from a problem+json answer. */
export interface SdkProblem {
  statusCode: number;
  title: string;
  detail: string;
}

/** Awaits a call that must be rejected by the engine and returns the problem it answered with. */
export async function rejection(call: Promise<unknown>): Promise<SdkProblem> {
  try {
    await call;
  } catch (err) {
    const e = err as Partial<SdkProblem>;
    expect(e.statusCode, `rejection status (${(err as Error).message})`).to.be.a('number');
    return { statusCode: e.statusCode!, title: String(e.title), detail: String(e.detail) };
  }
  throw new Error('expected the call to be rejected');
}

export interface RawResponse {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
}

/** A raw REST call, for status codes and problem documents the SDK does not expose as such. */
export async function rawCall(engine: EngineAccess, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<RawResponse> {
  const res = await fetch(`${engine.url}/v2${path}`, {
    method,
    headers: { ...engine.headers, 'content-type': contentType },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Polls `probe` until `done` holds for its result, for outcomes the engine reaches asynchronously. */
export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 3000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await probe();
    if (done(last)) return last;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Activates jobs of a type without waiting (requestTimeout -1 answers at once). */
export function activateNow(client: CamundaRestClient, type: string, opts: { timeout?: number; maxJobsToActivate?: number; fetchVariable?: string[] } = {}) {
  return client.activateJobs({
    type,
    worker: 'test-worker',
    timeout: opts.timeout ?? 60_000,
    maxJobsToActivate: opts.maxJobsToActivate ?? 10,
    requestTimeout: -1,
    ...(opts.fetchVariable ? { fetchVariable: opts.fetchVariable } : {}),
  });
}

/** Activates exactly one job of a type, waiting briefly for it to become activatable. */
export async function activateOne(client: CamundaRestClient, type: string, opts: { timeout?: number; fetchVariable?: string[] } = {}) {
  const jobs = await waitFor(() => activateNow(client, type, { ...opts, maxJobsToActivate: 1 }), (j) => j.length > 0, `a job of type '${type}'`);
  expect(jobs).to.have.length(1);
  return jobs[0];
}

export async function instanceState(client: CamundaRestClient, processInstanceKey: string): Promise<string | undefined> {
  const found = await client.searchProcessInstances({ filter: { processInstanceKey } });
  return found.items[0]?.state;
}

/** Waits until the instance reaches `state` and returns it. */
export function waitForState(client: CamundaRestClient, processInstanceKey: string, state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED') {
  return waitFor(() => instanceState(client, processInstanceKey), (s) => s === state, `instance ${processInstanceKey} to be ${state}`);
}

/** Deploys resources with a raw multipart request, to see the exact status and problem document. */
export async function rawDeploy(engine: EngineAccess, resources: Array<{ name: string; content: string }>): Promise<RawResponse> {
  const form = new FormData();
  for (const r of resources) form.append('resources', new Blob([r.content]), r.name);
  const res = await fetch(`${engine.url}/v2/deployments`, { method: 'POST', headers: engine.headers, body: form });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: (await res.json()) as Record<string, unknown> };
}
