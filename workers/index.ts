import type { CamundaRestClient } from '@camunda8/sdk';
import type { WorkerContext, WorkerDeps } from './deps.js';
import { engineRequests } from './engine-requests.js';
import { runJob, type WorkerModule } from './run-job.js';
import { assessmentRecord } from './assessment-record.js';
import { clockResume } from './clock-resume.js';
import { clockSuspend } from './clock-suspend.js';
import { complaintRegister } from './complaint-register.js';
import { complaintReplyRecord } from './complaint-reply-record.js';
import { complaintRoute } from './complaint-route.js';
import { deadlineSet } from './deadline-set.js';
import { feeAssess } from './fee-assess.js';
import { supervisionRecord } from './supervision-record.js';
import { userTaskAssigning } from './user-task-assigning.js';
import { userTaskCompleting } from './user-task-completing.js';
import { userTaskCreating } from './user-task-creating.js';
import { caseRegister } from './case-register.js';
import { caseStage } from './case-stage.js';
import { caseComplete } from './case-complete.js';
import { noticeIssue } from './notice-issue.js';
import { reportForward } from './report-forward.js';
import { evaluationInvite } from './evaluation-invite.js';
import { evaluationRecord } from './evaluation-record.js';
import { followUpRecord } from './follow-up-record.js';

/** Every job type the diagrams use (docs/procedures.md), one module per file. */
const modules: WorkerModule[] = [
  deadlineSet,
  clockSuspend,
  clockResume,
  supervisionRecord,
  feeAssess,
  userTaskCreating,
  userTaskAssigning,
  userTaskCompleting,
  complaintRegister,
  complaintRoute,
  complaintReplyRecord,
  assessmentRecord,
  caseRegister,
  caseStage,
  caseComplete,
  noticeIssue,
  reportForward,
  evaluationInvite,
  evaluationRecord,
  followUpRecord,
];

/**
 * How often each worker may open its next long poll. The SDK opens a poll only on this tick
 * (default 300 ms), also right after a poll returned with jobs, so a job created in that gap
 * waited for the tick: a clerk's completion waits on its completing listener, and the answer on
 * the next task's creating listener (ADR 0020). Ticks while a poll is open do nothing, so a
 * short tick costs a timer callback, not requests.
 */
export const WORKER_POLL_INTERVAL_MS = 20;

export interface RunningWorkers {
  /** Stops polling and waits for the jobs in hand; jobs it gives up on are redelivered after their timeout. */
  stop(): Promise<void>;
}

export function workerModules(): readonly WorkerModule[] {
  return modules;
}

export function createWorkers({ camunda, deps, only }: { camunda: CamundaRestClient; deps: WorkerDeps; only?: string[] }): RunningWorkers {
  const context: WorkerContext = { ...deps, engine: engineRequests(camunda) };
  const running = modules
    .filter((m) => !only || only.includes(m.jobType))
    .map((module) => {
      const handler = module.create(context);
      return camunda.createJobWorker({
        type: module.jobType,
        worker: `service-hall-${process.pid}`,
        timeout: module.timeoutMs ?? 60_000,
        maxJobsToActivate: 16,
        pollIntervalMs: WORKER_POLL_INTERVAL_MS,
        jobHandler: (job) => runJob(job, handler, context, module.listener),
      });
    });
  return {
    async stop() {
      await Promise.all(running.map((worker) => worker.stop()));
    },
  };
}
