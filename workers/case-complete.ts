import { signalInstanceChanged } from '../domain/store/change-signals.js';
import { idempotencyKey, requireOneOf } from './job-input.js';
import { requireCase, jobActor } from './records.js';
import type { WorkerModule } from './run-job.js';

/**
 * Records that the case is finished (办结) with its decision, and whether it was finished on
 * time: by its due time, which already excludes suspended time and includes approved extensions.
 * An immediate case has no due time and is on time by definition (handled on the spot). A case
 * completes once: a later completion keeps the first one's time and answer.
 */
export const caseComplete: WorkerModule = {
  jobType: 'case-complete',
  create: (deps) => async (job) => {
    const decision = requireOneOf(job, 'decision', ['approve', 'reject']);
    const now = deps.clock();
    // the answer follows from the case as read, so it is stored with the claim (decideOnce)
    const answer = await deps.store.processedJobs.decideOnce(idempotencyKey(job), job.type, async (tx) => {
      const theCase = await requireCase(tx, job);
      if (theCase.completedAt) {
        const completedAt = theCase.completedAt;
        return { result: { onTime: theCase.onTime ?? true }, apply: () => deps.log('case already completed', { caseNumber: theCase.caseNumber, completedAt: completedAt.toISOString() }) };
      }
      const onTime = theCase.dueAt === null || now.getTime() <= theCase.dueAt.getTime();
      const result = decision === 'approve' ? 'approved' : 'rejected';
      const apply = async () => {
        await tx.cases.update(theCase.id, { status: 'completed', stage: '办结', completedAt: now, onTime, result });
        await tx.cases.appendEvent(theCase.id, {
          kind: 'completed',
          ...jobActor(job),
          at: now,
          detail: { result, onTime, dueAt: theCase.dueAt?.toISOString() ?? null },
        });
        deps.log('case completed', { caseNumber: theCase.caseNumber, result, onTime });
      };
      return { result: { onTime }, apply };
    });
    // committed: a clerk's completion waiting for the outcome in this process learns it now
    signalInstanceChanged(job.processInstanceKey, { kind: 'case-finished' });
    return answer;
  },
};
