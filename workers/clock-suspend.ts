import { idempotencyKey, requireHeaderOneOf } from './job-input.js';
import { requireCase, jobActor } from './records.js';
import type { WorkerModule } from './run-job.js';

const REASONS: Record<string, string> = {
  supplement: '等待申请人补齐材料',
  'special-procedure': '听证、检验、检测、鉴定、专家评审等特别程序（行政许可法第四十五条）',
  'higher-level': '已上报，等待上级机关决定（上级机关审批时间不计入本中心办理时限）',
};

/**
 * Stops the case's clock: time spent waiting for the applicant's supplement, in an Art. 45
 * special procedure, or for the higher level's decision on a reported case, is not the center's delay. A case already suspended stays suspended from
 * the first instant, so the waiting time is never counted short.
 */
export const clockSuspend: WorkerModule = {
  jobType: 'clock-suspend',
  create: (deps) => async (job) => {
    const reason = requireHeaderOneOf(job, 'reason', Object.keys(REASONS));
    const now = deps.clock();
    await deps.store.processedJobs.runOnce(idempotencyKey(job), job.type, async (tx) => {
      const theCase = await requireCase(tx, job);
      if (theCase.suspendedSince) {
        deps.log('clock already suspended', { caseNumber: theCase.caseNumber, since: theCase.suspendedSince.toISOString(), reason });
        return;
      }
      await tx.cases.update(theCase.id, { suspendedSince: now });
      await tx.cases.appendEvent(theCase.id, { kind: 'clock-suspended', ...jobActor(job), at: now, detail: { reason, note: `暂停计时：${REASONS[reason]}` } });
      deps.log('clock suspended', { caseNumber: theCase.caseNumber, reason });
    });
  },
};
