import { EVALUATION_LEVELS } from '../domain/store/index.js';
import { InvalidJobInput } from './errors.js';
import { idempotencyKey, requireHeaderOneOf, requireOneOf, requireString } from './job-input.js';
import { requireCase, requireComplaint, jobActor } from './records.js';
import type { WorkerModule } from './run-job.js';

const SUBJECTS = ['complaint', 'evaluation'] as const;

/**
 * Records a follow-up visit (回访) from the follow-up-visit form (header `subject`). A complaint's
 * visit is its last step: the complainant's satisfaction is kept and the complaint is closed. A
 * bad rating's visit (差评回访整改) marks the rating rectified and goes on the case's timeline.
 */
export const followUpRecord: WorkerModule = {
  jobType: 'follow-up-record',
  create: (deps) => async (job) => {
    const subject = requireHeaderOneOf(job, 'subject', SUBJECTS);
    const satisfaction = requireOneOf(job, 'satisfaction', EVALUATION_LEVELS);
    const visitNotes = requireString(job, 'visitNotes');
    const now = deps.clock();

    await deps.store.processedJobs.runOnce(idempotencyKey(job), job.type, async (tx) => {
      if (subject === 'complaint') {
        const complaint = await requireComplaint(tx, job);
        await tx.complaints.update(complaint.id, { satisfaction, status: 'closed' });
        await tx.audit.record({ ...jobActor(job), action: 'complaint-follow-up-recorded', targetType: 'complaint', targetId: complaint.id, at: now, detail: { satisfaction, visitNotes } });
        deps.log('complaint follow-up recorded', { complaintNumber: complaint.complaintNumber, satisfaction });
        return;
      }
      const theCase = await requireCase(tx, job);
      if (!(await tx.evaluations.get(theCase.id))) throw new InvalidJobInput('caseNumber', `case ${theCase.caseNumber} has no rating to follow up (element '${job.elementId}')`);
      await tx.evaluations.setFollowUp(theCase.id, 'rectified');
      await tx.cases.appendEvent(theCase.id, { kind: 'follow-up-visited', ...jobActor(job), at: now, detail: { satisfaction, visitNotes } });
      deps.log('rating follow-up recorded', { caseNumber: theCase.caseNumber, satisfaction });
    });
  },
};
