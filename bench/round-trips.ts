import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { CamundaRestClient } from '@camunda8/sdk';
import pg from 'pg';

/**
 * Counts a process's round trips for `BENCH_COUNT=1 npm run bench:instances`: every PostgreSQL
 * statement (pg's Client.prototype.query, which Kysely's pool clients run) and every engine request
 * (a Camunda REST path, seen on the `http.client.request.start` diagnostics channel), by what
 * caused it. An incoming HTTP request tags what its handling does by its route, a job handler by
 * `jobs`, an activation request is a long poll whatever asked for it, and the rest (the outbox
 * dispatcher, the heartbeat, the sweeps) counts as timers. The tags ride on an AsyncLocalStorage,
 * whose promise hooks cost CPU: that is why the bench loads this only when asked.
 *
 * bench/round-trips-preload.ts installs it in an app instance; the bench driver installs it in
 * itself and counts what its case load does as `driver` (its other work, such as sampling
 * PostgreSQL's activity, is left out).
 */

/** the causes in an app instance, and `driver`: the bench driver's case load (countRoundTrips().run) */
export const CAUSES = ['jobs', 'completions', 'listings', 'rating', 'other requests', 'timers', 'long polls', 'driver'] as const;
export type Cause = (typeof CAUSES)[number];

export interface RoundTrips {
  statements: Record<Cause, number>;
  engineRequests: Record<Cause, number>;
  /** job handlers called */
  jobs: number;
}

/** the line an instance prints its counts on when sent SIGUSR2 */
export const ROUND_TRIPS_LINE = 'bench round trips';

export const noRoundTrips = (): RoundTrips => ({
  statements: Object.fromEntries(CAUSES.map((c) => [c, 0])) as Record<Cause, number>,
  engineRequests: Object.fromEntries(CAUSES.map((c) => [c, 0])) as Record<Cause, number>,
  jobs: 0,
});

function requestCause(method: string | undefined, url: string | undefined): Cause {
  const path = url ?? '';
  if (method === 'POST' && /^\/api\/tasks\/[^/?]+\/completion(?:\?|$)/.test(path)) return 'completions';
  if (method === 'GET' && /^\/api\/tasks(?:\?|$)/.test(path)) return 'listings';
  if (path.startsWith('/api/public/rating')) return 'rating';
  return 'other requests';
}

export interface RoundTripCounter {
  /** the counts so far */
  read(): RoundTrips;
  /** runs `fn` with what it leads to counted as `cause` */
  run<T>(cause: Cause, fn: () => T): T;
}

/** Installs the hooks; once per process. */
export function countRoundTrips(): RoundTripCounter {
  const counts = noRoundTrips();
  const cause = new AsyncLocalStorage<Cause>();

  // the parser runs the request's handling, its body's arrival included, in the connection's
  // async resource, so entering here tags everything the request leads to
  subscribe('http.server.request.start', (message) => {
    const { request } = message as { request: IncomingMessage };
    cause.enterWith(requestCause(request.method, request.url));
  });
  subscribe('http.client.request.start', (message) => {
    const { request } = message as { request: ClientRequest };
    if (!request.path.startsWith('/v2/')) return;
    counts.engineRequests[request.path.startsWith('/v2/jobs/activation') ? 'long polls' : (cause.getStore() ?? 'timers')]++;
  });

  const client = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = client.query;
  client.query = function (this: unknown, ...args: unknown[]) {
    counts.statements[cause.getStore() ?? 'timers']++;
    return query.apply(this, args);
  };

  type WorkerConfig = { jobHandler: (job: unknown) => unknown };
  const sdk = CamundaRestClient.prototype as unknown as { createJobWorker: (config: WorkerConfig) => unknown };
  const createJobWorker = sdk.createJobWorker;
  sdk.createJobWorker = function (this: unknown, config: WorkerConfig) {
    const handler = config.jobHandler;
    return createJobWorker.call(this, {
      ...config,
      jobHandler: (job: unknown) => {
        counts.jobs++;
        return cause.run('jobs', () => handler(job));
      },
    });
  };

  return { read: () => structuredClone(counts), run: (c, fn) => cause.run(c, fn) };
}

/** Sums counts of several processes, or subtracts a reading taken earlier (`sign` -1). */
export function addRoundTrips(a: RoundTrips, b: RoundTrips, sign: 1 | -1 = 1): RoundTrips {
  const sum = noRoundTrips();
  for (const c of CAUSES) {
    sum.statements[c] = a.statements[c] + sign * b.statements[c];
    sum.engineRequests[c] = a.engineRequests[c] + sign * b.engineRequests[c];
  }
  sum.jobs = a.jobs + sign * b.jobs;
  return sum;
}

export const totalOf = (byCause: Record<Cause, number>): number => CAUSES.reduce((sum, c) => sum + byCause[c], 0);

/**
 * Asks an app instance running the preload for its counts (SIGUSR2) and waits for its answer in
 * its output.
 */
export async function readRoundTrips(app: { pid: number; output(): string }, until: <T>(what: string, fn: () => Promise<T | undefined | false>) => Promise<T>): Promise<RoundTrips> {
  const lines = () => app.output().split('\n').filter((line) => line.startsWith(`${ROUND_TRIPS_LINE} `));
  const before = lines().length;
  process.kill(app.pid, 'SIGUSR2');
  const line = await until(`the round trips of instance ${app.pid}`, () => Promise.resolve(lines()[before]));
  return JSON.parse(line.slice(ROUND_TRIPS_LINE.length + 1)) as RoundTrips;
}
