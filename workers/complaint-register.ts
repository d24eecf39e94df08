import { groundByCode } from '../domain/complaints/grounds.js';
import { COMPLAINT_CHANNELS, mustBeWritten, registerComplaint, type ComplaintFacts } from '../domain/complaints/registration.js';
import { readNoticeConfig } from '../domain/notices/index.js';
import { maskPhone } from '../domain/privacy/mask.js';
import { hashVerificationCode, newVerificationCode } from '../domain/privacy/verification-code.js';
import { BusinessOutcome, InvalidJobInput } from './errors.js';
import { idempotencyKey, optionalBoolean, optionalString, requireObject, requireOneOf, requireString } from './job-input.js';
import { jobActor } from './records.js';
import type { WorkerModule } from './run-job.js';
import type { Job } from './types.js';
import type { WorkerContext } from './deps.js';

function complainant(job: Job): ComplaintFacts['complainant'] {
  const value = requireObject(job, 'complainant');
  const text = (key: string) => {
    const field = value[key];
    return typeof field === 'string' ? field.trim() : '';
  };
  if (!text('name')) throw new InvalidJobInput('complainant', `complainant.name is required (element '${job.elementId}')`);
  if (!text('phone')) throw new InvalidJobInput('complainant', `complainant.phone is required (element '${job.elementId}')`);
  return { name: text('name'), phone: text('phone'), ...(text('address') ? { address: text('address') } : {}) };
}

function factsOf(job: Job): ComplaintFacts {
  const channel = requireOneOf(job, 'complaintChannel', COMPLAINT_CHANNELS);
  const person = complainant(job);
  const groundCode = requireString(job, 'ground');
  const ground = groundByCode(groundCode);
  if (!ground) throw new InvalidJobInput('ground', `'${groundCode}' is not one of the grounds of 第二条 (e.g. 'fees.no-receipt')`);
  const targetStaff = optionalString(job, 'targetStaff');
  const relatedCaseNumber = optionalString(job, 'relatedCaseNumber');
  return {
    channel,
    complainant: person,
    ground,
    isMajor: optionalBoolean(job, 'isMajor') ?? false,
    targetWindow: requireString(job, 'targetWindow'),
    ...(targetStaff ? { targetStaff } : {}),
    ...(relatedCaseNumber ? { relatedCaseNumber } : {}),
    content: requireString(job, 'complaintContent'),
  };
}

/**
 * A complaint the web app registered before it started the process (`complaintNumber` set): the
 * complainant already holds the number and the code, so this only links the complaint to its
 * process instance. A complaint another instance already holds is a starter defect: an incident.
 */
async function adopt(deps: WorkerContext, job: Job, complaintNumber: string): Promise<{ complaintNumber: string }> {
  return deps.store.processedJobs.runOnce(idempotencyKey(job), job.type, async (tx) => {
    const complaint = await tx.complaints.getByNumber(complaintNumber);
    if (!complaint) throw new InvalidJobInput('complaintNumber', `no complaint numbered '${complaintNumber}' (element '${job.elementId}')`);
    if (complaint.processInstanceKey === job.processInstanceKey) return { complaintNumber };
    if (complaint.processInstanceKey !== null) {
      throw new InvalidJobInput('complaintNumber', `complaint '${complaintNumber}' belongs to process instance ${complaint.processInstanceKey}, not ${job.processInstanceKey}`);
    }
    await tx.complaints.update(complaint.id, { processInstanceKey: job.processInstanceKey });
    await tx.audit.record({
      ...jobActor(job),
      action: 'complaint-process-linked',
      targetType: 'complaint',
      targetId: complaint.id,
      at: deps.clock(),
      detail: { complaintNumber, processInstanceKey: job.processInstanceKey },
    });
    deps.log('complaint linked to its process', { complaintNumber, processInstanceKey: job.processInstanceKey });
    return { complaintNumber };
  });
}

/**
 * 投诉登记. A complaint the web app registered (online or at the complaint office) arrives with
 * its `complaintNumber` and is adopted. An instance started without one (from the engine, by an
 * older starter) is registered here under a fresh number and verification code, which reach
 * the complainant like a case's do (in-app, and SMS where configured; only its hash is stored).
 * A major matter must be made in writing (第三、四条): filed orally or by phone it is refused
 * with WRITTEN_REQUIRED and nothing is registered.
 */
export const complaintRegister: WorkerModule = {
  jobType: 'complaint-register',
  create: (deps) => {
    const { centerName } = deps.noticeConfig ?? readNoticeConfig();
    return async (job) => {
      const preRegistered = optionalString(job, 'complaintNumber');
      if (preRegistered) return adopt(deps, job, preRegistered);

      const facts = factsOf(job);
      if (mustBeWritten(facts.channel, facts.isMajor)) {
        deps.log('major complaint must be written', { channel: facts.channel, complainantPhone: maskPhone(facts.complainant.phone) });
        throw new BusinessOutcome('WRITTEN_REQUIRED', `a major complaint must be made in writing (投诉处理办法第三、四条); it came in as '${facts.channel}'`);
      }

      const code = newVerificationCode();
      const verificationHash = await hashVerificationCode(code);
      const now = deps.clock();
      const key = idempotencyKey(job);

      // the result (kept for replays) holds the number only, never the code
      return deps.store.processedJobs.runOnce(key, job.type, async (tx) => {
        const { complaint } = await registerComplaint(tx, facts, {
          verificationHash,
          code,
          at: now,
          processInstanceKey: job.processInstanceKey,
          delivery: { centerName, channels: deps.notifyChannels ?? [], key: `${key}:registered` },
        });
        await tx.audit.record({
          ...jobActor(job),
          action: 'complaint-registered',
          targetType: 'complaint',
          targetId: complaint.id,
          at: now,
          // the written reply goes to this address; the store has no column for it
          detail: {
            complaintNumber: complaint.complaintNumber,
            channel: facts.channel,
            ground: facts.ground.code,
            ...(facts.complainant.address ? { address: facts.complainant.address } : {}),
          },
        });
        deps.log('complaint registered', { complaintNumber: complaint.complaintNumber, channel: facts.channel, ground: facts.ground.code, complainantPhone: maskPhone(facts.complainant.phone) });
        return { complaintNumber: complaint.complaintNumber };
      });
    };
  },
};
