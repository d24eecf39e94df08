import type { CatalogueItem } from '../domain/catalogue/types.js';
import { readNoticeConfig, yuan } from '../domain/notices/index.js';
import { maskIdNumber, maskPhone } from '../domain/privacy/mask.js';
import { hashVerificationCode, newVerificationCode } from '../domain/privacy/verification-code.js';
import type { Applicant, ApplicantKind } from '../domain/store/index.js';
import { notifyApplicant, smsSignature } from './applicant-notify.js';
import { BusinessOutcome, InvalidJobInput } from './errors.js';
import { requireObject, requireString, variable } from './job-input.js';
import { jobActor } from './records.js';
import type { WorkerModule } from './run-job.js';
import type { Job } from './types.js';

const ID_NUMBER = /^[1-9]\d{5}(18|19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dX]$/;
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const KINDS: ApplicantKind[] = ['person', 'company', 'organisation'];

/**
 * Registers the application as a case (办件登记) and gives the applicant the case number and a
 * verification code for the online lookup. Once per process instance: a redelivered job, or a
 * crash after the case was written, returns the same case number and sends nothing again.
 */
export const caseRegister: WorkerModule = {
  jobType: 'case-register',
  create: (deps) => {
    const { centerName } = deps.noticeConfig ?? readNoticeConfig();
    return async (job) => {
      const itemCode = requireString(job, 'itemCode');
      const applicant = readApplicant(job);
      const materials = readMaterials(job);
      const channel = readChannel(job);
      const item = await deps.store.catalogue.getItem(itemCode);
      if (!item) throw new BusinessOutcome('ITEM_NOT_FOUND', `item '${itemCode}' is not in the published catalogue (事项目录中没有该事项)`);
      const unknown = materials.filter((m) => !item.materials.some((known) => known.code === m.code));
      if (unknown.length > 0) {
        throw new InvalidJobInput('materials', `${unknown.map((m) => `'${m.code}'`).join(', ')} not among the materials of item ${itemCode}`);
      }

      // hashed outside the transaction: scrypt takes a while, and SQLite holds its write lock meanwhile
      const code = newVerificationCode();
      const verificationHash = await hashVerificationCode(code);
      // once per process instance, not per element: see above
      const key = `case-register:${job.processInstanceKey}`;
      return deps.store.processedJobs.runOnce(key, job.type, async (tx) => {
        const receivedAt = deps.clock();
        const theCase = await tx.cases.create({
          itemCode,
          caseType: item.caseType,
          departmentCode: item.departmentCode,
          applicant,
          ...jobActor(job),
          receivedAt,
          stage: '登记',
          verificationHash,
          processInstanceKey: job.processInstanceKey,
        });
        await tx.cases.appendEvent(theCase.id, { kind: 'materials-received', ...jobActor(job), at: receivedAt, detail: { channel, materials } });
        await notifyApplicant(tx, deps, theCase, {
          subject: `办件登记回执（${theCase.caseNumber}）`,
          text:
            `${applicant.name}：\n\n你申请的“${item.name}”已于${channel === 'online' ? '网上' : '窗口'}登记。\n` +
            `办件编号：${theCase.caseNumber}\n查询码：${code}\n\n` +
            `请妥善保管办件编号和查询码，凭此查询办理进度、接收通知和评价服务。\n\n${centerName}`,
          sms: `${smsSignature(centerName)}你申请的“${item.name}”已登记，办件编号${theCase.caseNumber}，查询码${code}，凭此查询办理进度。`,
          key,
        });
        deps.log('case registered', {
          caseNumber: theCase.caseNumber,
          itemCode,
          applicant: applicant.kind === 'person' && applicant.idNumber ? maskIdNumber(applicant.idNumber) : applicant.idNumber,
          phone: applicant.phone ? maskPhone(applicant.phone) : null,
        });
        return outputs(theCase.caseNumber, item);
      });
    };
  },
};

function outputs(caseNumber: string, item: CatalogueItem) {
  return {
    caseNumber,
    caseType: item.caseType,
    departmentCode: item.departmentCode,
    jointDepartments: item.caseType === 'joint' ? (item.jointDepartmentCodes ?? [item.departmentCode]) : [],
    promisedDays: item.promisedDays,
    itemMaterials: item.materials.map((m) => ({ value: m.code, label: m.form ? `${m.name}（${m.form}）` : m.name })),
    // the published paid fees, as the options of the fee checklist of the deciding form (free fees charge nothing)
    itemFees: item.fees
      .filter((f) => f.amountFen > 0)
      .map((f) => ({ value: f.code, label: `${f.name}：${yuan(f.amountFen)}元${f.unit ? '/' + f.unit : ''}`, amountFen: f.amountFen })),
  };
}

/**
 * The store keeps one identifier per applicant: the resident ID of a person, the credit code of
 * a company or organisation; `kind` says which.
 */
function readApplicant(job: Job): Applicant {
  const raw = requireObject(job, 'applicant');
  const text = (key: string): string | null => {
    const value = raw[key];
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string') throw new InvalidJobInput(`applicant.${key}`, `expected a string, got ${JSON.stringify(value)}`);
    return value.trim();
  };
  const name = text('name');
  if (!name) throw new InvalidJobInput('applicant.name', 'the applicant has no name');
  const kind = text('kind') as ApplicantKind | null;
  if (!kind || !KINDS.includes(kind)) throw new InvalidJobInput('applicant.kind', `expected one of ${KINDS.join(', ')}, got ${JSON.stringify(raw.kind)}`);
  const idNumber = text('idNumber')?.toUpperCase() ?? null;
  const creditCode = text('creditCode')?.toUpperCase() ?? null;
  if (idNumber && creditCode) throw new InvalidJobInput('applicant', 'give idNumber (a person) or creditCode (a company or organisation), not both');
  if (kind === 'person') {
    if (!idNumber || !ID_NUMBER.test(idNumber)) throw new InvalidJobInput('applicant.idNumber', 'a person needs an 18-digit resident ID number');
  } else if (!creditCode || !CREDIT_CODE.test(creditCode)) {
    throw new InvalidJobInput('applicant.creditCode', `a ${kind} needs an 18-character unified social credit code`);
  }
  return { kind, name, idNumber: kind === 'person' ? idNumber : creditCode, phone: text('phone'), email: text('email') };
}

function readMaterials(job: Job): { code: string; provided: boolean; note?: string }[] {
  const value = variable(job, 'materials');
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InvalidJobInput('materials', `expected a list of { code, provided }, got ${JSON.stringify(value)}`);
  return value.map((entry: unknown, i) => {
    const m = entry as Record<string, unknown> | null;
    if (!m || typeof m.code !== 'string' || m.code === '') throw new InvalidJobInput(`materials[${i}].code`, 'expected a material code');
    const note = typeof m.note === 'string' && m.note !== '' ? { note: m.note } : {};
    return { code: m.code, provided: m.provided === true, ...note };
  });
}

function readChannel(job: Job): 'window' | 'online' {
  const value = variable(job, 'channel') ?? 'window';
  if (value !== 'window' && value !== 'online') throw new InvalidJobInput('channel', `expected 'window' or 'online', got ${JSON.stringify(value)}`);
  return value;
}
