import type { Job, JobActionAcknowledgement } from './types.js';
import { BusinessOutcome, InvalidJobInput } from './errors.js';
import type { WorkerDeps } from './deps.js';

/** What a handler returns: the variables to complete the job with (none for listeners). */
export type JobResult = Record<string, unknown> | void;

export type JobHandler = (job: Job) => Promise<JobResult>;

/** A worker module: one job type and the factory that builds its handler from the dependencies. */
export interface WorkerModule {
  jobType: string;
  create(deps: WorkerDeps): JobHandler;
  /** task-listener corrections: the handler's result is sent as `result.corrections`, not variables */
  listener?: boolean;
  timeoutMs?: number;
}

const MAX_BACKOFF_MS = 5 * 60_000;

/** Back-off doubling with each failed try, from 1 s up to 5 minutes. */
export function retryBackOff(retriesLeft: number, configured = 3): number {
  const attempt = Math.max(0, configured - retriesLeft);
  return Math.min(1000 * 2 ** attempt, MAX_BACKOFF_MS);
}

/**
 * Runs a handler and answers the engine with the outcome its result or error stands for, so
 * every handler has one shape and no job is left without an answer.
 */
export async function runJob(job: Job, handler: JobHandler, deps: WorkerDeps, listener = false): Promise<JobActionAcknowledgement> {
  try {
    const result = await handler(job);
    if (listener) return await completeListenerJob(job, result ?? {}, deps);
    return await job.complete((result ?? {}) as Parameters<Job['complete']>[0]);
  } catch (err) {
    if (err instanceof BusinessOutcome) {
      deps.log('business outcome', { jobType: job.type, element: job.elementId, code: err.errorCode, message: err.message });
      return job.error({ errorCode: err.errorCode, errorMessage: err.message, variables: err.variables as Parameters<Job['error']>[0]['variables'] });
    }
    if (err instanceof InvalidJobInput) {
      deps.log('invalid job input', { jobType: job.type, element: job.elementId, variable: err.variable, message: err.message });
      return job.fail({ errorMessage: err.message, retries: 0 });
    }
    const message = err instanceof Error ? err.message : String(err);
    deps.log('job failed, will retry', { jobType: job.type, element: job.elementId, retries: job.retries - 1, message });
    return job.fail({ errorMessage: message, retries: job.retries - 1, retryBackOff: retryBackOff(job.retries - 1) });
  }
}

/**
 * Completes a task-listener job with its corrections and no variables (Zeebe refuses variables on
 * listener jobs). The SDK's CamundaRestClient.completeJob (8.8) sends only `variables`, so this
 * posts the documented completion request itself. The orchestration-cluster-api client could send
 * `result`, but it would be a second client with its own configuration to keep in step; one plain
 * request to the same REST API is less to go wrong. On a cluster with authentication this request
 * needs the same credentials as the SDK (open: docs/procedures.md, "Task listeners").
 */
async function completeListenerJob(job: Job, corrections: Record<string, unknown>, deps: WorkerDeps): Promise<JobActionAcknowledgement> {
  const response = await fetch(`${deps.engineUrl}/v2/jobs/${job.jobKey}/completion`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ result: { type: 'userTask', corrections } }),
  });
  if (!response.ok) {
    const problem = (await response.text()).slice(0, 500);
    throw new Error(`completing listener job ${job.jobKey} (${job.type}, element '${job.elementId}') failed: ${response.status} ${problem}`);
  }
  // answered above; forward() only acknowledges without another request
  return job.forward();
}
