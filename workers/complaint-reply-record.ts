import type { ReplyKind } from '../domain/store/index.js';
import { BusinessOutcome, InvalidJobInput } from './errors.js';
import { header, idempotencyKey, optionalBoolean, optionalInstant, optionalString, requireOneOf, requireString } from './job-input.js';
import { requireComplaint, jobActor } from './records.js';
import type { WorkerModule } from './run-job.js';

const REPLY_KINDS: readonly ReplyKind[] = ['oral', 'written'];

/**
 * Records the reply to a complaint (第六条). An oral complaint (oral, phone) may be answered
 * orally, recorded with when it was given; a written one (written, online) must get a written
 * reply: an oral reply to it is refused with WRITTEN_REPLY_REQUIRED. With header `by: agency` it
 * records the copy of the reply an agency gave the complainant directly (no reply kind then) and
 * the agency the committee transferred it to (`handlingAgency`).
 */
export const complaintReplyRecord: WorkerModule = {
  jobType: 'complaint-reply-record',
  create: (deps) => async (job) => {
    const by = header(job, 'by');
    if (by !== undefined && by !== 'agency') throw new InvalidJobInput('header:by', `expected 'agency' or no header, got '${by}' on element '${job.elementId}'`);
    const replyText = requireString(job, 'replyText');
    const verified = optionalBoolean(job, 'verified');
    const replyKind: ReplyKind | null = by === undefined ? requireOneOf(job, 'replyKind', REPLY_KINDS) : null;
    const handlingAgency = by === 'agency' ? optionalString(job, 'handlingAgency') : undefined;
    const oralReplyAt = replyKind === 'oral' ? optionalInstant(job, 'oralReplyAt') : undefined;
    const now = deps.clock();

    return deps.store.processedJobs.runOnce(idempotencyKey(job), job.type, async (tx) => {
      const complaint = await requireComplaint(tx, job);
      if (replyKind === 'oral' && (complaint.channel === 'written' || complaint.channel === 'online')) {
        throw new BusinessOutcome(
          'WRITTEN_REPLY_REQUIRED',
          `complaint ${complaint.complaintNumber} was made in writing (${complaint.channel}) and must get a written reply (投诉处理办法第六条)`,
        );
      }
      const repliedAt = oralReplyAt ?? now;
      await tx.complaints.update(complaint.id, {
        status: 'replied',
        replyText,
        repliedAt,
        ...(replyKind ? { replyKind } : {}),
        ...(verified !== undefined ? { verified } : {}),
        ...(handlingAgency ? { agency: handlingAgency } : {}),
      });
      await tx.audit.record({
        ...jobActor(job),
        action: by === 'agency' ? 'complaint-agency-reply-recorded' : 'complaint-reply-recorded',
        targetType: 'complaint',
        targetId: complaint.id,
        at: now,
        detail: { replyKind, repliedAt: repliedAt.toISOString(), ...(verified !== undefined ? { verified } : {}), ...(by ? { by, agency: handlingAgency ?? complaint.agency } : {}) },
      });
      deps.log('complaint reply recorded', { complaintNumber: complaint.complaintNumber, replyKind, by });
    });
  },
};
