import type { Job, JobActionAcknowledgement } from './types.js';
import { BusinessOutcome, InvalidJobInput, NotDueYet } from './errors.js';
import type { WorkerContext } from './deps.js';

/** What a handler returns: the variables to complete the job with (none for listeners). */
export type JobResult = Record<string, unknown> | void;

export type JobHandler = (job: Job) => Promise<JobResult>;

/** A worker module: one job type and the factory that builds its handler from the dependencies. */
export interface WorkerModule {
  jobType: string;
  create(context: WorkerContext): JobHandler;
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
export async function runJob(job: Job, handler: JobHandler, deps: WorkerContext, listener = false): Promise<JobActionAcknowledgement> {
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
      deps.log('incident raised: invalid job input', { jobType: job.type, element: job.elementId, ...subjectOf(job), variable: err.variable, message: err.message }, 'warn');
      return job.fail({ errorMessage: err.message, retries: 0 });
    }
    if (err instanceof NotDueYet) {
      const wait = Math.max(1000, err.due.getTime() - deps.clock().getTime());
      deps.log('job not due yet, handed back', { jobType: job.type, element: job.elementId, due: err.due.toISOString(), message: err.message });
      return job.fail({ errorMessage: err.message, retries: job.retries, retryBackOff: wait });
    }
    const message = err instanceof Error ? err.message : String(err);
    const retries = job.retries - 1;
    deps.log(retries > 0 ? 'job failed, will retry' : 'incident raised: job failed with no retries left', { jobType: job.type, element: job.elementId, ...subjectOf(job), retries, message }, 'warn');
    return job.fail({ errorMessage: message, retries, retryBackOff: retryBackOff(retries) });
  }
}

/** The case or complaint number the job works for: what staff search 流程运维 and the log by. */
function subjectOf(job: Job): { caseNumber?: string; complaintNumber?: string } {
  const variables = job.variables as Record<string, unknown>;
  const subject: { caseNumber?: string; complaintNumber?: string } = {};
  if (typeof variables.caseNumber === 'string') subject.caseNumber = variables.caseNumber;
  if (typeof variables.complaintNumber === 'string') subject.complaintNumber = variables.complaintNumber;
  return subject;
}

/** Answered through the engine directly: see EngineRequests.completeListenerJob. */
async function completeListenerJob(job: Job, corrections: Record<string, unknown>, context: WorkerContext): Promise<JobActionAcknowledgement> {
  await context.engine.completeListenerJob(job.jobKey, corrections);
  // answered above; forward() only acknowledges without another request
  return job.forward();
}
