import { notifyComplainant } from '../notify/applicant.js';
import { smsSignature, type ExternalChannel } from '../notify/index.js';
import type { Complaint, ComplaintChannel, OutboxMessage, Repositories } from '../store/index.js';
import { groundByCode, type Ground } from './grounds.js';

/**
 * 投诉登记: what the complaint-registration form says, checked as the 投诉处理办法 requires, and
 * stored with the message that gives the complainant the number and the verification code. The
 * web app registers through it (online and at the office) and so does complaint-register for
 * instances started without a number; neither writes the other's audit entry, so callers do.
 */

export const COMPLAINT_CHANNELS: readonly ComplaintChannel[] = ['oral', 'written', 'phone', 'online'];
/** 第三条: phone counts as oral; online counts as written */
const ORAL_CHANNELS: readonly ComplaintChannel[] = ['oral', 'phone'];

/** 第三、四条: a major matter must be made in writing; oral or by phone it is not registered. */
export function mustBeWritten(channel: ComplaintChannel, isMajor: boolean): boolean {
  return isMajor && ORAL_CHANNELS.includes(channel);
}

export const WRITTEN_REQUIRED_MESSAGE = '涉及事项较大的投诉应当采取书面形式（投诉处理办法第三、四条）：请投诉人提交书面投诉，投诉方式选「书面」后再登记';

export interface ComplaintFacts {
  channel: ComplaintChannel;
  complainant: { name: string; phone: string; address?: string };
  ground: Ground;
  isMajor: boolean;
  targetWindow: string;
  targetStaff?: string;
  relatedCaseNumber?: string;
  content: string;
}

export interface FactError {
  field: string;
  message: string;
}

/**
 * The facts of a submission the complaint-registration form has accepted (validateSubmission),
 * or what the procedure still refuses in it: a ground outside 第二条, a major matter made orally.
 */
export function complaintFactsOf(data: Record<string, unknown>, channel: ComplaintChannel): { ok: true; facts: ComplaintFacts } | { ok: false; errors: FactError[] } {
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  const person = (data.complainant ?? {}) as Record<string, unknown>;
  const ground = groundByCode(text(data.ground));
  const isMajor = data.isMajor === true;
  const errors: FactError[] = [];
  if (!ground) errors.push({ field: 'ground', message: '投诉事由应为投诉处理办法第二条所列的一项' });
  if (mustBeWritten(channel, isMajor)) errors.push({ field: 'complaintChannel', message: WRITTEN_REQUIRED_MESSAGE });
  if (!ground || errors.length > 0) return { ok: false, errors };
  const optional = (value: unknown) => text(value) || undefined;
  const address = optional(person.address);
  const targetStaff = optional(data.targetStaff);
  const relatedCaseNumber = optional(data.relatedCaseNumber);
  return {
    ok: true,
    facts: {
      channel,
      complainant: { name: text(person.name), phone: text(person.phone), ...(address ? { address } : {}) },
      ground,
      isMajor,
      targetWindow: text(data.targetWindow),
      ...(targetStaff ? { targetStaff } : {}),
      ...(relatedCaseNumber ? { relatedCaseNumber } : {}),
      content: text(data.complaintContent),
    },
  };
}

/**
 * The window complained about, as the department code when the text names exactly one (its
 * code or name, or part of its name or hall location), so assessments land on the right window;
 * otherwise the text as the complainant gave it, for the office to settle.
 */
export async function targetDepartment(repos: Pick<Repositories, 'catalogue'>, targetWindow: string): Promise<string> {
  const wanted = targetWindow.trim();
  const departments = await repos.catalogue.listDepartments();
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
export async function targetStaffId(repos: Pick<Repositories, 'staff'>, targetStaff: string, departmentCode: string): Promise<string> {
  const wanted = targetStaff.trim();
  if (await repos.staff.getStaff(wanted)) return wanted;
  const inWindow = await repos.staff.listStaff({ departmentCode, activeOnly: true });
  const candidates = (inWindow.length > 0 ? inWindow : await repos.staff.listStaff({ activeOnly: true })).filter((s) => s.name === wanted);
  return candidates.length === 1 ? candidates[0].id : wanted;
}

export interface CodeDelivery {
  centerName: string;
  /** the channels besides in-app that the dispatcher can deliver on */
  channels: readonly ExternalChannel[];
  /** the outbox messages are written once under it */
  key: string;
}

/**
 * Queues the message carrying the complaint number and its code: in-app to complaint:<number>,
 * and SMS where the complainant gave a phone and SMS is configured. Call it in the transaction
 * that stores the code's hash, so the message exists exactly when the code works.
 */
export function queueComplaintCode(repos: Pick<Repositories, 'outbox'>, complaint: Complaint, code: string, delivery: CodeDelivery): Promise<OutboxMessage[]> {
  const { centerName } = delivery;
  const { complaintNumber } = complaint;
  return notifyComplainant(repos.outbox, delivery.channels, complaint, {
    subject: `投诉登记回执（${complaintNumber}）`,
    text:
      `${complaint.complainant.name}：\n\n你的投诉已登记。\n投诉编号：${complaintNumber}\n查询码：${code}\n\n` +
      `请妥善保管投诉编号和查询码，凭此查询处理进度和答复。\n\n${centerName}`,
    sms: `${smsSignature(centerName)}你的投诉已登记，投诉编号${complaintNumber}，查询码${code}，凭此查询处理进度和答复。`,
    key: delivery.key,
  });
}

export interface NewRegistration {
  verificationHash: string;
  code: string;
  at: Date;
  /** the complaint process instance, when it was started first (complaint-register) */
  processInstanceKey?: string | null;
  /** 第六条, counted from registration; complaint-route counts it again when it routes */
  replyDueAt?: Date | null;
  delivery: CodeDelivery;
}

/** Stores the complaint under a fresh number (targets resolved) and queues the complainant's code. */
export async function registerComplaint(
  repos: Pick<Repositories, 'complaints' | 'catalogue' | 'staff' | 'outbox'>,
  facts: ComplaintFacts,
  registration: NewRegistration,
): Promise<{ complaint: Complaint; messages: OutboxMessage[] }> {
  const departmentCode = await targetDepartment(repos, facts.targetWindow);
  const complaint = await repos.complaints.create({
    channel: facts.channel,
    groundCategory: facts.ground.category,
    groundItem: facts.ground.item,
    isMajor: facts.isMajor,
    complainant: { name: facts.complainant.name, phone: facts.complainant.phone },
    targetDepartmentCode: departmentCode,
    targetStaffId: facts.targetStaff ? await targetStaffId(repos, facts.targetStaff, departmentCode) : null,
    caseNumber: facts.relatedCaseNumber ?? null,
    content: facts.content,
    verificationHash: registration.verificationHash,
    processInstanceKey: registration.processInstanceKey ?? null,
    replyDueAt: registration.replyDueAt ?? null,
    at: registration.at,
  });
  const messages = await queueComplaintCode(repos, complaint, registration.code, registration.delivery);
  return { complaint, messages };
}
