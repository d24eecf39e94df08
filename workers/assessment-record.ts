import { groundByItem } from '../domain/complaints/grounds.js';
import { InvalidJobInput } from './errors.js';
import { idempotencyKey, optionalBoolean } from './job-input.js';
import { requireComplaint, jobActor } from './records.js';
import type { WorkerModule } from './run-job.js';

/**
 * A verified complaint counts against the window and the staff member complained about in the
 * assessment (考核) rules: one assessment per complaint, however often the job comes. An
 * unverified complaint leaves no assessment.
 */
export const assessmentRecord: WorkerModule = {
  jobType: 'assessment-record',
  create: (deps) => async (job) => {
    const verified = optionalBoolean(job, 'verified');
    if (verified === undefined) throw new InvalidJobInput('verified', `expected true or false on element '${job.elementId}': whether the complaint was found true`);
    const now = deps.clock();

    return deps.store.processedJobs.runOnce(idempotencyKey(job), job.type, async (tx) => {
      const complaint = await requireComplaint(tx, job);
      if (!verified) {
        deps.log('complaint not verified, no assessment', { complaintNumber: complaint.complaintNumber });
        return;
      }
      if (!complaint.targetDepartmentCode) {
        throw new InvalidJobInput('targetWindow', `complaint ${complaint.complaintNumber} names no window to assess`);
      }
      // once per complaint, not per job: a re-entered diagram must not assess twice
      const key = `assessment:${complaint.id}`;
      if ((await tx.complaints.assessments(complaint.id)).some((a) => a.idempotencyKey === key)) {
        deps.log('complaint already assessed', { complaintNumber: complaint.complaintNumber });
        return;
      }
      const ground = complaint.groundItem ? groundByItem(complaint.groundItem) : undefined;
      const assessment = await tx.complaints.recordAssessment({
        complaintId: complaint.id,
        departmentCode: complaint.targetDepartmentCode,
        staffId: complaint.targetStaffId,
        reason: `投诉 ${complaint.complaintNumber} 经查属实${ground ? `（${ground.label}）` : ''}`,
        idempotencyKey: key,
        at: now,
      });
      if (complaint.verified !== true) await tx.complaints.update(complaint.id, { verified: true });
      await tx.audit.record({
        ...jobActor(job),
        action: 'assessment-recorded',
        targetType: 'complaint',
        targetId: complaint.id,
        at: now,
        detail: { assessmentId: assessment.id, departmentCode: assessment.departmentCode, staffId: assessment.staffId },
      });
      deps.log('assessment recorded', { complaintNumber: complaint.complaintNumber, departmentCode: assessment.departmentCode });
    });
  },
};
