import { readNoticeConfig } from '../domain/notices/index.js';
import { notifyApplicant, smsSignature } from './applicant-notify.js';
import { requireCase, jobActor } from './records.js';
import type { WorkerModule } from './run-job.js';

/**
 * Invites the applicant to rate the service (好差评). One invitation per case, whatever the
 * diagram does: a case gets one rating, so a second invitation could only confuse.
 */
export const evaluationInvite: WorkerModule = {
  jobType: 'evaluation-invite',
  create: (deps) => {
    const { centerName } = deps.noticeConfig ?? readNoticeConfig();
    return async (job) => {
      const now = deps.clock();
      const theCase = await requireCase(deps.store, job);
      const key = `evaluation-invite:${theCase.caseNumber}`;
      await deps.store.processedJobs.runOnce(key, job.type, async (tx) => {
        const item = await tx.catalogue.itemOfCase(theCase);
        const itemName = item?.name ?? theCase.itemCode;
        await notifyApplicant(tx, deps, theCase, {
          subject: `邀请你评价本次服务（${theCase.caseNumber}）`,
          text:
            `${theCase.applicant.name}：\n\n你的办件${theCase.caseNumber}（${itemName}）已办结。请凭办件编号和查询码对本次服务进行评价：` +
            `非常满意、满意、基本满意、不满意、非常不满意。每个办件可评价一次，评价期为30日。` +
            `对不满意的评价，我们将在15个工作日内回访整改。\n\n${centerName}`,
          sms: `${smsSignature(centerName)}你的办件${theCase.caseNumber}已办结，请凭办件编号和查询码评价本次服务（30日内有效）。`,
          key,
        });
        await tx.cases.appendEvent(theCase.id, { kind: 'evaluation-invited', ...jobActor(job), at: now });
        deps.log('evaluation invited', { caseNumber: theCase.caseNumber });
      });
    };
  },
};
