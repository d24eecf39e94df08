import { groundByCode } from '../domain/complaints/grounds.js';
import { readNoticeConfig } from '../domain/notices/index.js';
import { maskPhone } from '../domain/privacy/mask.js';
import { hashVerificationCode, newVerificationCode } from '../domain/privacy/verification-code.js';
import type { ComplaintChannel, StoreTransaction } from '../domain/store/index.js';
import { notifyComplainant, smsSignature } from './applicant-notify.js';
import { BusinessOutcome, InvalidJobInput } from './errors.js';
import { idempotencyKey, optionalBoolean, optionalString, requireObject, requireOneOf, requireString } from './job-input.js';
import { jobActor } from './records.js';
import type { WorkerModule } from './run-job.js';
import type { Job } from './types.js';

const CHANNELS: readonly ComplaintChannel[] = ['oral', 'written', 'phone', 'online'];
/** 第三条: phone counts as oral; online counts as written */
const ORAL_CHANNELS: readonly ComplaintChannel[] = ['oral', 'phone'];

interface Complainant {
  name: string;
  phone: string;
  address?: string;
}

function complainant(job: Job): Complainant {
  const value = requireObject(job, 'complainant');
  const text = (key: string) => {
    const field = value[key];
    return typeof field === 'string' ? field.trim() : '';
  };
  if (!text('name')) throw new InvalidJobInput('complainant', `complainant.name is required (element '${job.elementId}')`);
  if (!text('phone')) throw new InvalidJobInput('complainant', `complainant.phone is required (element '${job.elementId}')`);
  return { name: text('name'), phone: text('phone'), ...(text('address') ? { address: text('address') } : {}) };
}

/**
 * The window complained about, as the department code when the text names exactly one (its
 * code or name, or part of its name or hall location), so assessments land on the right window;
 * otherwise the text as the complainant gave it, for the office to settle.
 */
async function targetDepartment(tx: StoreTransaction, targetWindow: string): Promise<string> {
  const wanted = targetWindow.trim();
  const departments = await tx.catalogue.listDepartments();
  const exact = departments.find((d) => d.code.toLowerCase() === wanted.toLowerCase() || d.name === wanted);
  if (exact) return exact.code;
  const partial = wanted.length >= 2 ? departments.filter((d) => mentions(d.name, wanted) || mentions(d.location, wanted)) : [];
  return partial.length === 1 ? partial[0].code : wanted;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** Whether text contains part with its numbers whole: '7号窗口' is in '一楼 A区 7号窗口', not in '二楼 D区 27号窗口'. */
function mentions(text: string, part: string): boolean {
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
    const cutsNumberBefore = isDigit(part[0]) && isDigit(text[at - 1]);
    const cutsNumberAfter = isDigit(part[part.length - 1]) && isDigit(text[at + part.length]);
    if (!cutsNumberBefore && !cutsNumberAfter) return true;
  }
  return false;
}

/** The staff member complained about, as a staff id when the name is unique among active staff (of that window, if known). */
async function targetStaffId(tx: StoreTransaction, targetStaff: string, departmentCode: string): Promise<string> {
  const wanted = targetStaff.trim();
  if (await tx.staff.getStaff(wanted)) return wanted;
  const inWindow = await tx.staff.listStaff({ departmentCode, activeOnly: true });
  const candidates = (inWindow.length > 0 ? inWindow : await tx.staff.listStaff({ activeOnly: true })).filter((s) => s.name === wanted);
  return candidates.length === 1 ? candidates[0].id : wanted;
}

/**
 * Registers a complaint (投诉登记) from the complaint-registration form under a fresh number and a
 * verification code, which reaches the complainant like a case's does (in-app, and SMS where
 * configured; only its hash is stored) so they can follow the complaint online. A major matter
 * must be made in writing (第三、四条): filed orally or by phone it is refused with
 * WRITTEN_REQUIRED and nothing is registered.
 */
export const complaintRegister: WorkerModule = {
  jobType: 'complaint-register',
  create: (deps) => {
    const { centerName } = deps.noticeConfig ?? readNoticeConfig();
    return async (job) => {
      const channel = requireOneOf(job, 'complaintChannel', CHANNELS);
      const person = complainant(job);
      const groundCode = requireString(job, 'ground');
      const ground = groundByCode(groundCode);
      if (!ground) throw new InvalidJobInput('ground', `'${groundCode}' is not one of the grounds of 第二条 (e.g. 'fees.no-receipt')`);
      const isMajor = optionalBoolean(job, 'isMajor') ?? false;
      const targetWindow = requireString(job, 'targetWindow');
      const targetStaff = optionalString(job, 'targetStaff');
      const relatedCaseNumber = optionalString(job, 'relatedCaseNumber');
      const content = requireString(job, 'complaintContent');

      if (isMajor && ORAL_CHANNELS.includes(channel)) {
        deps.log('major complaint must be written', { channel, complainantPhone: maskPhone(person.phone) });
        throw new BusinessOutcome('WRITTEN_REQUIRED', `a major complaint must be made in writing (投诉处理办法第三、四条); it came in as '${channel}'`);
      }

      const code = newVerificationCode();
      const verificationHash = await hashVerificationCode(code);
      const now = deps.clock();
      const key = idempotencyKey(job);

      // the result (kept for replays) holds the number only, never the code
      return deps.store.processedJobs.runOnce(key, job.type, async (tx) => {
        const departmentCode = await targetDepartment(tx, targetWindow);
        const complaint = await tx.complaints.create({
          channel,
          groundCategory: ground.category,
          groundItem: ground.item,
          isMajor,
          complainant: { name: person.name, phone: person.phone },
          targetDepartmentCode: departmentCode,
          targetStaffId: targetStaff ? await targetStaffId(tx, targetStaff, departmentCode) : null,
          caseNumber: relatedCaseNumber ?? null,
          content,
          verificationHash,
          processInstanceKey: job.processInstanceKey,
          at: now,
        });
        await tx.audit.record({
          ...jobActor(job),
          action: 'complaint-registered',
          targetType: 'complaint',
          targetId: complaint.id,
          at: now,
          // the written reply goes to this address; the store has no column for it
          detail: { complaintNumber: complaint.complaintNumber, channel, ground: ground.code, ...(person.address ? { address: person.address } : {}) },
        });
        await notifyComplainant(tx, deps, complaint, {
          subject: `投诉登记回执（${complaint.complaintNumber}）`,
          text:
            `${person.name}：\n\n你的投诉已登记。\n投诉编号：${complaint.complaintNumber}\n查询码：${code}\n\n` +
            `请妥善保管投诉编号和查询码，凭此查询处理进度和答复。\n\n${centerName}`,
          sms: `${smsSignature(centerName)}你的投诉已登记，投诉编号${complaint.complaintNumber}，查询码${code}，凭此查询处理进度和答复。`,
          key: `${key}:registered`,
        });
        deps.log('complaint registered', { complaintNumber: complaint.complaintNumber, channel, ground: ground.code, complainantPhone: maskPhone(person.phone) });
        return { complaintNumber: complaint.complaintNumber };
      });
    };
  },
};
