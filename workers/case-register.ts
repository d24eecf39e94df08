import { readApplicant } from '../domain/applicants/applicant.js';
import type { CatalogueItem } from '../domain/catalogue/types.js';
import { readMaterials } from '../domain/intake/materials.js';
import { registrationMessage } from '../domain/intake/registration-message.js';
import { readNoticeConfig, yuan } from '../domain/notices/index.js';
import { maskIdNumber, maskPhone } from '../domain/privacy/mask.js';
import { hashVerificationCode, newVerificationCode } from '../domain/privacy/verification-code.js';
import type { Applicant, ItemVersion } from '../domain/store/index.js';
import { notifyApplicant } from './applicant-notify.js';
import type { WorkerDeps } from './deps.js';
import { BusinessOutcome, InvalidJobInput } from './errors.js';
import { optionalString, requireString, variable } from './job-input.js';
import { jobActor } from './records.js';
import type { WorkerModule } from './run-job.js';
import type { Job } from './types.js';

/**
 * Registers the application as a case (办件登记) and gives the applicant the case number and a
 * verification code for the online lookup. Once per process instance: a redelivered job, or a
 * crash after the case was written, returns the same case number and sends nothing again.
 *
 * A case the web app registered (收件登记, 网上申报) comes with its `caseNumber`: the applicant
 * already has the number and the code on the receipt, so the case is adopted instead (see adopt).
 */
export const caseRegister: WorkerModule = {
  jobType: 'case-register',
  create: (deps) => {
    const { centerName } = deps.noticeConfig ?? readNoticeConfig();
    return async (job) => {
      const caseNumber = optionalString(job, 'caseNumber');
      if (caseNumber !== undefined) return adopt(deps, job, caseNumber);
      const itemCode = requireString(job, 'itemCode');
      const applicant = applicantOf(job, deps.clock());
      const channel = readChannel(job);
      const { item, version: itemVersion } = await publishedItem(deps, itemCode);
      const materials = materialsOf(job, item);

      // hashed outside the transaction: scrypt takes a while, and SQLite holds its write lock meanwhile
      const code = newVerificationCode();
      const verificationHash = await hashVerificationCode(code);
      // once per process instance, not per element: see above
      const key = `case-register:${job.processInstanceKey}`;
      return deps.store.processedJobs.runOnce(key, job.type, async (tx) => {
        const receivedAt = deps.clock();
        const theCase = await tx.cases.create({
          itemCode,
          // the version its materials were just checked against
          itemVersion,
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
        await notifyApplicant(
          tx,
          deps,
          theCase,
          registrationMessage({ applicantName: applicant.name, itemName: item.name, channel, caseNumber: theCase.caseNumber, code, centerName, reissued: false, key }),
        );
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

/**
 * The web app wrote the case, gave the code and queued the applicant's message before it started
 * this instance (web/intake/): here the case only gets its process instance, once, and the
 * diagram the same outputs as for a new case. An instance started a second time for one case (an
 * engine start whose answer was lost, then retried) finds the case taken and stops at an incident
 * instead of running a second procedure.
 */
async function adopt(deps: WorkerDeps, job: Job, caseNumber: string) {
  const theCase = await deps.store.cases.getByNumber(caseNumber);
  if (!theCase) throw new InvalidJobInput('caseNumber', `no case ${caseNumber} in the store`);
  const itemCode = requireString(job, 'itemCode');
  if (itemCode !== theCase.itemCode) throw new InvalidJobInput('itemCode', `case ${caseNumber} is for item ${theCase.itemCode}, not ${itemCode}`);
  // the version the case was registered under: promised days and materials as the applicant was told
  const item = await deps.store.catalogue.itemOfCase(theCase);
  if (!item) throw new BusinessOutcome('ITEM_NOT_FOUND', `item '${itemCode}' version ${theCase.itemVersion} is not in the catalogue (事项目录中没有该事项)`);
  const linked = await deps.store.cases.linkProcessInstance(theCase.id, job.processInstanceKey);
  if (linked.processInstanceKey !== job.processInstanceKey) {
    throw new InvalidJobInput('caseNumber', `case ${caseNumber} already belongs to process instance ${linked.processInstanceKey}`);
  }
  return outputs(caseNumber, item);
}

async function publishedItem(deps: WorkerDeps, itemCode: string): Promise<ItemVersion> {
  const published = await deps.store.catalogue.getPublished(itemCode);
  if (!published) throw new BusinessOutcome('ITEM_NOT_FOUND', `item '${itemCode}' is not in the published catalogue (事项目录中没有该事项)`);
  return published;
}

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

/** The identity numbers are checked as at the window; contact details are not required of a process started elsewhere. */
function applicantOf(job: Job, today: Date): Applicant {
  const read = readApplicant(variable(job, 'applicant'), { contactRequired: false, today });
  if (!read.ok) throw new InvalidJobInput(read.errors[0].field, read.errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  return read.applicant;
}

function materialsOf(job: Job, item: CatalogueItem) {
  const read = readMaterials(variable(job, 'materials'), item);
  if (!read.ok) throw new InvalidJobInput('materials', read.errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  return read.materials;
}

function readChannel(job: Job): 'window' | 'online' {
  const value = variable(job, 'channel') ?? 'window';
  if (value !== 'window' && value !== 'online') throw new InvalidJobInput('channel', `expected 'window' or 'online', got ${JSON.stringify(value)}`);
  return value;
}
