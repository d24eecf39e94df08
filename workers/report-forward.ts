import { idempotencyKey } from './job-input.js';
import { requireCase, jobActor } from './records.js';
import type { WorkerModule } from './run-job.js';

/**
 * Records that a reported case (上报件) went to the higher level. The window stays responsible
 * for it (上报事项负责办理制), so the case stays open and only its stage changes; forwardedAt
 * is what supervision compares with the 3-working-day forward limit.
 */
export const reportForward: WorkerModule = {
  jobType: 'report-forward',
  create: (deps) => async (job) => {
    const now = deps.clock();
    return deps.store.processedJobs.runOnce(idempotencyKey(job), job.type, async (tx) => {
      const theCase = await requireCase(tx, job);
      await tx.cases.update(theCase.id, { stage: '已上报上级机关' });
      await tx.cases.appendEvent(theCase.id, { kind: 'forwarded', ...jobActor(job), at: now, detail: { to: 'higher-level' } });
      deps.log('case forwarded', { caseNumber: theCase.caseNumber });
      return { forwardedAt: now.toISOString() };
    });
  },
};
