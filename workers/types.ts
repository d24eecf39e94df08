import type { CamundaRestApiTypes, Zeebe } from '@camunda8/sdk';

/**
 * Job variables and custom headers arrive as untyped JSON; each handler checks the ones it reads,
 * because a diagram edited in the designer can send anything.
 */
export type JobVariables = Record<string, unknown>;

export type Job = CamundaRestApiTypes.ActivatedJob<JobVariables, JobVariables>;

/**
 * Returned only by job.complete(), job.fail() (technical, retried), job.error() (a BPMN error the
 * diagram catches) or job.cancelWorkflow(), so no code path can leave a job unanswered.
 */
export type JobActionAcknowledgement = typeof Zeebe.Types.JOB_ACTION_ACKNOWLEDGEMENT;

/** One job type and its handler; workers/index.ts registers every definition with the engine. */
export interface WorkerDefinition {
  /** the `zeebe:taskDefinition type` (or task listener type) this worker serves */
  jobType: string;
  /** Jobs are delivered at least once, so the handler must be idempotent. */
  handler: (job: Job) => Promise<JobActionAcknowledgement>;
  /** how long the engine keeps an activated job locked to this worker before handing it out again */
  timeoutMs?: number;
  /** how many jobs of this type one worker handles at a time */
  maxJobsToActivate?: number;
}
