import type { Engine } from '../engine.js';
import { invalidArgument } from '../runtime/errors.js';
import type { AdHocJobResult } from '../runtime/processors/processor.js';
import { jobs } from './indexed-specs.js';
import { indexedSearch } from './indexed-search.js';
import { jobTimeout } from './limits.js';
import { activationsOf, body, key, numberOr, route, text, type RouteDeps, type VariablesReader } from './request.js';
import type { SearchRequest } from './search.js';
import { activatedJobDto } from './wire.js';

/** The 8.8 `adHocSubProcess` job result: elements to activate (with variables) and the completion flags. */
function adHocResultOf(result: AdHocJobResult, variablesOf: VariablesReader): AdHocJobResult {
  return {
    activateElements: Array.isArray(result.activateElements) ? activationsOf(result.activateElements, 'result.activateElements', variablesOf) : [],
    isCompletionConditionFulfilled: result.isCompletionConditionFulfilled === true,
    isCancelRemainingInstances: result.isCancelRemainingInstances === true,
  };
}

/** POST /v2/jobs/activation: waits (long polling) for jobs of a type; `abort` ends the wait when the caller goes away. */
export async function activateJobs(engine: Engine, b: Record<string, unknown>, abort: AbortSignal) {
  // like Camunda's gateway: no defaults for how long and how many, a worker must say so
  for (const field of ['timeout', 'maxJobsToActivate']) {
    if (b[field] === undefined || b[field] === null) throw invalidArgument(`No ${field} provided.`);
  }
  const jobs = await engine.activateJobs(
    {
      type: text(b.type, 'type') ?? '',
      ...(b.worker !== undefined ? { worker: text(b.worker, 'worker')! } : {}),
      timeout: jobTimeout(numberOr(b.timeout, 0, 'timeout')),
      maxJobsToActivate: numberOr(b.maxJobsToActivate, 0, 'maxJobsToActivate'),
      ...(Array.isArray(b.fetchVariable) ? { fetchVariable: b.fetchVariable.map(String) } : {}),
    },
    numberOr(b.requestTimeout, 0, 'requestTimeout'),
    abort,
  );
  return { jobs: jobs.map(activatedJobDto) };
}

/** POST /v2/jobs/{key}/completion: a worker's result, with an ad-hoc sub-process's or a user task listener's when given. */
export async function completeJob(engine: Engine, variablesOf: VariablesReader, jobKey: number, b: Record<string, unknown>): Promise<void> {
  const result = b.result as ({ type?: string; denied?: boolean; deniedReason?: string; corrections?: Record<string, unknown> } & AdHocJobResult) | undefined | null;
  await engine.completeJob(jobKey, variablesOf(b.variables), result?.type === 'adHocSubProcess' ? { adHoc: adHocResultOf(result, variablesOf) } : (result ?? undefined));
}

/** The job routes: activating jobs and a worker's answers (completion, failure, error), updating, searching them. */
export function registerJobRoutes({ api, engine, variablesOf }: RouteDeps): void {
  const db = engine.ctx.store.index.db;

  api.post('/jobs/activation', route((req, res) => {
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    return activateJobs(engine, body(req), abort.signal);
  }));

  api.post('/jobs/:key/completion', route((req) => completeJob(engine, variablesOf, key(req, 'key'), body(req))));

  api.post('/jobs/:key/failure', route(async (req) => {
    const b = body(req);
    await engine.failJob(key(req, 'key'), {
      retries: numberOr(b.retries, 0, 'retries'),
      ...(b.errorMessage !== undefined ? { errorMessage: text(b.errorMessage, 'errorMessage')! } : {}),
      retryBackOff: numberOr(b.retryBackOff, 0, 'retryBackOff'),
      variables: variablesOf(b.variables),
    });
  }));

  api.post('/jobs/:key/error', route(async (req) => {
    const b = body(req);
    await engine.throwJobError(key(req, 'key'), {
      errorCode: text(b.errorCode, 'errorCode') ?? '',
      ...(b.errorMessage !== undefined ? { errorMessage: text(b.errorMessage, 'errorMessage')! } : {}),
      variables: variablesOf(b.variables),
    });
  }));

  api.patch('/jobs/:key', route(async (req) => {
    const b = body(req);
    const changeset = (b.changeset ?? {}) as Record<string, unknown>;
    const given = (value: unknown) => value !== undefined && value !== null;
    if (!given(changeset.retries) && !given(changeset.timeout)) throw invalidArgument('At least one of [retries, timeout] is required.');
    await engine.updateJob(key(req, 'key'), {
      ...(given(changeset.retries) ? { retries: numberOr(changeset.retries, 0, 'retries') } : {}),
      ...(given(changeset.timeout) ? { timeout: jobTimeout(numberOr(changeset.timeout, 0, 'timeout')) } : {}),
    });
  }));

  api.post('/jobs/search', route((req) => indexedSearch(db, jobs, body(req) as SearchRequest)));
}
