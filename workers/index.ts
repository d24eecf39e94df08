import type { CamundaJobWorker, CamundaRestClient, LosslessDto } from '@camunda8/sdk';
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
 * The worker's own tick (the SDK's default). A worker opens its next long poll as soon as the last
 * one is answered (pollAgainOnAnswer), so a job created meanwhile is not left waiting for the
 * tick; the tick only reopens polling after the worker was at capacity. It was 20 ms for that
 * wait (ADR 0020), which cost twenty workers a thousand timer callbacks a second while idle.
 */
export const WORKER_POLL_INTERVAL_MS = 300;

/**
 * Reopens a worker's long poll right after each answer, jobs or none. The SDK's poll loop (its
 * private `poll`, a no-op while a poll is open, at capacity or stopping) otherwise waits for the
 * next tick; it releases its poll lock only after emitting `work`, hence the setImmediate.
 */
export function pollAgainOnAnswer(worker: CamundaJobWorker<LosslessDto, LosslessDto>): void {
  const loop = worker as unknown as { poll(): void };
  worker.on('work', () => setImmediate(() => loop.poll()));
}

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
      const worker = camunda.createJobWorker({
        type: module.jobType,
        worker: `service-hall-${process.pid}`,
        timeout: module.timeoutMs ?? 60_000,
        maxJobsToActivate: 16,
        pollIntervalMs: WORKER_POLL_INTERVAL_MS,
        jobHandler: (job) => runJob(job, handler, context, module.listener),
      });
      pollAgainOnAnswer(worker);
      return worker;
    });
  return {
    async stop() {
      await Promise.all(running.map((worker) => worker.stop()));
    },
  };
}
