import type { Fee } from '../domain/catalogue/types.js';
import { mayWaiveFees } from '../domain/staff/fee-waiver.js';
import type { Case } from '../domain/store/index.js';
import { BusinessOutcome, InvalidJobInput } from './errors.js';
import { idempotencyKey, variable } from './job-input.js';
import { requireCase, jobActor } from './records.js';
import type { WorkerModule } from './run-job.js';
import type { Job } from './types.js';

interface FeeLine {
  fee: Fee;
  quantity: number;
}

interface Waiver {
  feeCode: string;
  requestedBy: string;
  reason: string;
}

/** `fees`: the published fees that apply, as codes or `{ code, quantity }`; unset means the item's single fee. */
function requestedFees(job: Job): Array<{ code: string; quantity: number }> | undefined {
  const value = variable(job, 'fees');
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new InvalidJobInput('fees', `expected a list of fee codes or { code, quantity }, got ${JSON.stringify(value)}`);
  return value.map((entry: unknown) => {
    if (typeof entry === 'string' && entry) return { code: entry, quantity: 1 };
    const row = entry as { code?: unknown; quantity?: unknown } | null;
    const quantity = row?.quantity ?? 1;
    if (typeof row?.code !== 'string' || !row.code || typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) {
      throw new InvalidJobInput('fees', `expected a fee code or { code, quantity ≥ 1 }, got ${JSON.stringify(entry)}`);
    }
    return { code: row.code, quantity };
  });
}

function requestedWaiver(job: Job): Waiver | undefined {
  const value = variable(job, 'feeWaiver');
  if (value === undefined || value === null) return undefined;
  const w = value as Partial<Record<keyof Waiver, unknown>>;
  if (typeof w !== 'object' || typeof w.feeCode !== 'string' || !w.feeCode || typeof w.requestedBy !== 'string' || !w.requestedBy || typeof w.reason !== 'string' || !w.reason.trim()) {
    throw new InvalidJobInput('feeWaiver', `expected { feeCode, requestedBy, reason } with all three set, got ${JSON.stringify(value)}`);
  }
  return { feeCode: w.feeCode, requestedBy: w.requestedBy, reason: w.reason.trim() };
}

/** The charged lines: only published fees, each once with the quantities added up; free fees charge nothing. */
function feeLines(job: Job, theCase: Case, published: Fee[]): FeeLine[] {
  const payable = published.filter((f) => f.amountFen > 0);
  const requested = requestedFees(job);
  if (requested === undefined) {
    if (payable.length > 1) {
      throw new InvalidJobInput('fees', `item ${theCase.itemCode} of case ${theCase.caseNumber} publishes ${payable.length} fees (${payable.map((f) => f.code).join(', ')}); say which apply`);
    }
    return payable.map((fee) => ({ fee, quantity: 1 }));
  }
  const unpublished = requested.filter((r) => !published.some((f) => f.code === r.code)).map((r) => r.code);
  if (unpublished.length > 0) {
    throw new BusinessOutcome(
      'FEE_NOT_PUBLISHED',
      `case ${theCase.caseNumber}: fee ${unpublished.join(', ')} is not in the published fees of item ${theCase.itemCode} (${published.map((f) => f.code).join(', ')}); only published fees may be charged`,
      { unpublishedFees: unpublished },
    );
  }
  const lines = new Map<string, FeeLine>();
  for (const { code, quantity } of requested) {
    const fee = payable.find((f) => f.code === code);
    if (!fee) continue;
    const line = lines.get(code) ?? { fee, quantity: 0 };
    line.quantity += quantity;
    lines.set(code, line);
  }
  return [...lines.values()];
}

/**
 * Charges the case only the fees its item publishes (收费标准), into case_fees, and answers the
 * total to collect in fen. A fee outside the published list is refused (FEE_NOT_PUBLISHED: it is
 * complaint ground 三.1/三.2); a waiver stands only when approved by someone with the authority
 * to waive, and is audited. The inbox refuses an unauthorised waiver on the deciding form; one that
 * reaches this worker all the same (another client, authority lapsed since) is not applied: the
 * fee is charged in full and the refusal recorded, never an incident (擅自减免 is ground 三.4).
 */
export const feeAssess: WorkerModule = {
  jobType: 'fee-assess',
  create: (deps) => async (job) => {
    const requested = requestedWaiver(job);
    const now = deps.clock();
    const key = idempotencyKey(job);

    // the total follows from reads alone, so it is stored with the claim (decideOnce)
    return deps.store.processedJobs.decideOnce(key, job.type, async (tx) => {
      const theCase = await requireCase(tx, job);
      const item = await tx.catalogue.itemOfCase(theCase);
      if (!item) throw new InvalidJobInput('caseNumber', `item ${theCase.itemCode} of case ${theCase.caseNumber} is not in the published catalogue`);
      const lines = feeLines(job, theCase, item.fees);

      if (requested && !lines.some((l) => l.fee.code === requested.feeCode)) {
        throw new InvalidJobInput('feeWaiver', `case ${theCase.caseNumber} is not charged fee '${requested.feeCode}' (charged: ${lines.map((l) => l.fee.code).join(', ') || 'none'})`);
      }
      const refused = requested !== undefined && !(await mayWaiveFees(tx.staff, requested.requestedBy, theCase.departmentCode, now));
      const waiver = refused ? undefined : requested;
      const charged = lines.map(({ fee, quantity }) => ({ fee, amountFen: fee.amountFen * quantity, waived: waiver?.feeCode === fee.code }));
      const totalFen = charged.reduce((sum, c) => (c.waived ? sum : sum + c.amountFen), 0);

      const apply = async () => {
        if (requested && refused) {
          deps.log('fee waiver refused', { caseNumber: theCase.caseNumber, feeCode: requested.feeCode, requestedBy: requested.requestedBy });
          const detail = { feeCode: requested.feeCode, requestedBy: requested.requestedBy, reason: requested.reason };
          await tx.cases.appendEvent(theCase.id, { kind: 'fee-waiver-refused', ...jobActor(job), at: now, detail });
          await tx.audit.record({ ...jobActor(job), action: 'fee-waiver-refused', targetType: 'case', targetId: theCase.id, at: now, detail: { ...detail, caseNumber: theCase.caseNumber } });
        }
        for (const { fee, amountFen, waived } of charged) {
          await tx.cases.addFee({
            caseId: theCase.id,
            feeCode: fee.code,
            amountFen,
            ...(waiver && waived ? { waiver: { by: waiver.requestedBy, reason: waiver.reason } } : {}),
            idempotencyKey: `${key}:${fee.code}`,
            at: now,
          });
        }
        await tx.cases.appendEvent(theCase.id, {
          kind: 'fees-assessed',
          ...jobActor(job),
          at: now,
          detail: {
            totalFen,
            lines: lines.map(({ fee, quantity }) => ({ code: fee.code, name: fee.name, unitFen: fee.amountFen, quantity, basis: fee.basis, waived: waiver?.feeCode === fee.code })),
          },
        });
        if (waiver) {
          await tx.audit.record({ actor: waiver.requestedBy, action: 'fee-waived', targetType: 'case', targetId: theCase.id, at: now, detail: { ...waiver, caseNumber: theCase.caseNumber } });
        }
        deps.log('fees assessed', { caseNumber: theCase.caseNumber, totalFen, waived: waiver?.feeCode });
      };
      return { result: { feeTotalFen: totalFen }, apply };
    });
  },
};
