import { signalInstanceChanged } from '../domain/store/change-signals.js';
import { CASE_STATUSES, isFinishedCaseStatus, type CasePatch } from '../domain/store/index.js';
import { headerOneOf, idempotencyKey, requireHeader } from './job-input.js';
import { requireCase, jobActor } from './records.js';
import type { WorkerModule } from './run-job.js';
import { workingDaysSince } from './working-time.js';

/**
 * Moves the case to the step the diagram has reached (header `stage`, a Chinese label shown to
 * the applicant and the supervision section) and, with header `status`, to a new status; each
 * move is a timeline event. Acceptance also stamps acceptedAt when no deadline worker has yet,
 * since an immediate case is accepted without one and still counts in 办结率. A status that ends
 * the case (withdrawn when a supplement notice expires) closes an open suspension: the waiting
 * working days are recorded as the applicant's and suspendedSince is cleared, since no resume will
 * ever come.
 */
export const caseStage: WorkerModule = {
  jobType: 'case-stage',
  create: (deps) => async (job) => {
    const stage = requireHeader(job, 'stage');
    const status = headerOneOf(job, 'status', CASE_STATUSES);
    const now = deps.clock();
    const calendar = status && isFinishedCaseStatus(status) ? await deps.calendar() : undefined;
    await deps.store.processedJobs.runOnce(idempotencyKey(job), job.type, async (tx) => {
      const theCase = await requireCase(tx, job);
      const waited = calendar && theCase.suspendedSince ? workingDaysSince(calendar, theCase.suspendedSince, now) : undefined;
      const patch: CasePatch = {
        stage,
        ...(status ? { status } : {}),
        ...(status === 'accepted' && !theCase.acceptedAt ? { acceptedAt: now } : {}),
        ...(waited ? { suspendedSince: null, suspendedWorkingDays: theCase.suspendedWorkingDays + waited.days } : {}),
      };
      await tx.cases.update(theCase.id, patch);
      if (waited && theCase.suspendedSince) {
        await tx.cases.appendEvent(theCase.id, {
          kind: 'clock-closed',
          ...jobActor(job),
          at: now,
          detail: { suspendedSince: theCase.suspendedSince.toISOString(), workingDays: waited.days, status, note: `办件终结，结束暂停计时（暂停 ${waited.days} 个工作日）` },
        });
      }
      await tx.cases.appendEvent(theCase.id, { kind: 'stage', ...jobActor(job), at: now, detail: { stage, status: status ?? theCase.status, previousStatus: theCase.status } });
      deps.log('case stage', { caseNumber: theCase.caseNumber, stage, status: status ?? theCase.status });
    });
    // a clerk's completion that ended the case (不予受理, 视为撤回) learns it without reading the store
    if (status && isFinishedCaseStatus(status)) signalInstanceChanged(job.processInstanceKey, { kind: 'case-finished' });
  },
};
