import type { TestEngine } from '../../support/engine.js';

/** Shared helpers of the flow conformance specs: polling, immediate job activation, raw REST reads. */

/** Polls `probe` until `ok` holds (the engine answers after its follow-up steps, but timers and long polls are asynchronous). */
export async function waitFor<T>(probe: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!ok(last)) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    last = await probe();
  }
  return last;
}

export interface Job {
  jobKey: string;
  elementId: string;
  processInstanceKey: string;
  variables: Record<string, unknown>;
}

/**
 * Activates every activatable job of `type` now (negative requestTimeout: no long poll). The long
 * job timeout keeps activated jobs from timing out while a test moves the pinned clock by hours.
 */
export async function activate(t: TestEngine, type: string, max = 50): Promise<Job[]> {
  const jobs = await t.client.activateJobs({ type, worker: 'flow-spec', timeout: 30 * 24 * HOUR, maxJobsToActivate: max, requestTimeout: -1 });
  return jobs.map((j) => ({
    jobKey: j.jobKey,
    elementId: j.elementId,
    processInstanceKey: j.processInstanceKey,
    variables: { ...(j.variables as Record<string, unknown>) },
  }));
}

/** Waits until exactly `count` jobs of `type` can be activated, activates them and checks no more appear. */
export async function activateExactly(t: TestEngine, type: string, count: number): Promise<Job[]> {
  const jobs: Job[] = [];
  await waitFor(
    async () => {
      jobs.push(...(await activate(t, type)));
      return jobs.length;
    },
    (n) => n >= count,
    `${count} job(s) of type '${type}'`,
  );
  if (jobs.length !== count) throw new Error(`expected ${count} job(s) of type '${type}', got ${jobs.length}`);
  return jobs;
}

export async function completeJob(t: TestEngine, jobKey: string, variables: Record<string, string | number | boolean> = {}): Promise<void> {
  await t.client.completeJob({ jobKey, variables });
}

export async function rest(t: TestEngine, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(t.url + '/v2' + path, {
    method,
    headers: { ...t.headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export async function instanceState(t: TestEngine, processInstanceKey: string): Promise<string> {
  const res = await rest(t, 'GET', `/process-instances/${processInstanceKey}`);
  if (res.status !== 200) throw new Error(`process instance ${processInstanceKey}: HTTP ${res.status}`);
  return String(res.body.state);
}

export async function instancesOf(t: TestEngine, processDefinitionId: string): Promise<Array<{ processInstanceKey: string; state: string }>> {
  const res = await t.client.searchProcessInstances({ filter: { processDefinitionId }, sort: [{ field: 'processInstanceKey', order: 'ASC' }] });
  return res.items.map((i) => ({ processInstanceKey: String(i.processInstanceKey), state: String(i.state) }));
}

/** The variables of one scope (the process instance key for process variables), values parsed. */
export async function scopeVariables(t: TestEngine, scopeKey: string): Promise<Record<string, unknown>> {
  const res = await t.client.searchVariables({ filter: { scopeKey }, page: { limit: 1000 } } as never);
  return Object.fromEntries(res.items.map((v) => [v.name, JSON.parse(v.value) as unknown]));
}

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** A fixed instant well after now, so a pinned clock never moves timers created at real time backwards. */
export function futureInstant(): number {
  return Date.parse('2031-03-01T08:00:00.000Z');
}
