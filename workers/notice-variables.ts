import type { CatalogueItem, Department } from '../domain/catalogue/types.js';
import type { ChargedFee, MissingMaterial, NoticeKind, NoticeVariables, Place, ReviewOpinion, SpecialProcedure } from '../domain/notices/index.js';
import type { Case, Complaint, Notice, StoreTransaction } from '../domain/store/index.js';
import { InvalidJobInput } from './errors.js';
import { optionalBoolean, optionalInstant, optionalString, requireNumber, requireOneOf, requireString, variable } from './job-input.js';
import type { Job } from './types.js';

/**
 * The kind-specific content of a notice, from the job's variables and the records. Bad or missing
 * variables are diagram defects: they raise an incident naming the variable, because a notice
 * with a hole in it (a refusal without its reason, a supplement list without a material) must
 * never reach an applicant.
 */

export interface CaseContext {
  tx: StoreTransaction;
  job: Job;
  now: Date;
  theCase: Case;
  item: CatalogueItem;
}

export interface ComplaintContext {
  tx: StoreTransaction;
  job: Job;
  now: Date;
  complaint: Complaint;
}

export type CaseNoticeKind = Exclude<NoticeKind, 'complaint-reply' | 'complaint-delay'>;
export type ComplaintNoticeKind = Extract<NoticeKind, 'complaint-reply' | 'complaint-delay'>;

export function isComplaintKind(kind: NoticeKind): kind is ComplaintNoticeKind {
  return kind === 'complaint-reply' || kind === 'complaint-delay';
}

const DECISIONS = ['approve', 'reject'] as const;
const SPECIAL_PROCEDURES: SpecialProcedure[] = ['hearing', 'tendering', 'auction', 'testing', 'inspection', 'quarantine', 'appraisal', 'expert-review'];

export const caseVariables: { [K in CaseNoticeKind]: (ctx: CaseContext) => NoticeVariables[K] | Promise<NoticeVariables[K]> } = {
  acceptance({ job, now, theCase, item }) {
    const acceptedAsOfReceipt = optionalBoolean(job, 'acceptedAsOfReceipt') ?? false;
    return {
      receivedAt: theCase.receivedAt,
      acceptedAt: theCase.acceptedAt ?? (acceptedAsOfReceipt ? theCase.receivedAt : now),
      promisedDays: item.promisedDays,
      dueAt: theCase.dueAt ?? optionalInstant(job, 'dueAt') ?? null,
      acceptedAsOfReceipt,
      ...(theCase.caseType === 'reported' ? { forwardToHigherLevel: true } : {}),
    };
  },

  async supplement({ tx, job, theCase, item }) {
    const supplementDays = variable(job, 'supplementDays');
    const fixedOnSpot = optionalString(job, 'fixedOnSpot');
    const missing = await readMissing(tx, job, item);
    const previous = theCase.acceptedAt === null ? await onlyWhatTheSupplementBrought(tx, theCase, missing) : null;
    return {
      receivedAt: theCase.receivedAt,
      missing,
      supplementDays: supplementDays === undefined || supplementDays === null ? 30 : requireNumber(job, 'supplementDays'),
      ...(fixedOnSpot ? { fixedOnSpot } : {}),
      ...(previous ? { previousNotice: { number: previous.number, issuedAt: previous.createdAt } } : {}),
      ...(theCase.acceptedAt !== null ? { acceptedAt: theCase.acceptedAt } : {}),
    };
  },

  async refusal({ tx, job }) {
    const redirectTo = optionalString(job, 'redirectTo');
    return { reason: requireString(job, 'refusalReason'), redirectTo: redirectTo ? await resolvePlace(tx, redirectTo) : null };
  },

  async 'not-accepted-redirect'({ tx, job }) {
    return { reason: optionalString(job, 'refusalReason') ?? '不属于本窗口的办理范围', redirectTo: await resolvePlace(tx, requireString(job, 'redirectTo')) };
  },

  extension({ job, theCase }) {
    const dueAt = optionalInstant(job, 'dueAt') ?? theCase.dueAt;
    if (!dueAt) throw new InvalidJobInput('dueAt', `case ${theCase.caseNumber} has no deadline; set it (deadline-set extension) before the notice (element '${job.elementId}')`);
    return { extensionDays: requireNumber(job, 'extensionDays'), extensionReason: requireString(job, 'extensionReason'), dueAt };
  },

  async completion({ tx, job, now, theCase, item }) {
    const decision = requireOneOf(job, 'decision', DECISIONS);
    const opinion = optionalString(job, 'opinion') ?? null;
    const refusalReason = decision === 'reject' ? (optionalString(job, 'refusalReason') ?? null) : null;
    if (decision === 'reject' && !refusalReason && !opinion) {
      throw new InvalidJobInput('refusalReason', `case ${theCase.caseNumber} is refused without a reason; a refusal always states it`);
    }
    const reviews = await readReviews(tx, job);
    const fees = decision === 'approve' ? await chargedFees(tx, theCase, item) : undefined;
    return {
      decision,
      completedAt: theCase.completedAt ?? now,
      result: decision === 'approve' ? item.result : null,
      opinion,
      refusalReason,
      ...(reviews.length > 0 ? { reviews } : {}),
      ...(fees ? { fees } : {}),
    };
  },

  'special-procedure'({ job, now, theCase }) {
    const procedure = optionalString(job, 'specialProcedure');
    if (procedure !== undefined && !SPECIAL_PROCEDURES.includes(procedure as SpecialProcedure)) {
      throw new InvalidJobInput('specialProcedure', `expected one of ${SPECIAL_PROCEDURES.join(', ')}, got '${procedure}'`);
    }
    return { suspendedSince: theCase.suspendedSince ?? now, procedure: (procedure as SpecialProcedure | undefined) ?? null };
  },

  forwarded({ job, now }) {
    return { forwardedAt: optionalInstant(job, 'forwardedAt') ?? now };
  },

  async withdrawn({ tx, now, theCase }) {
    // the one-time notice whose validity passed: the latest supplement notice of the case
    const supplement = (await tx.notices.listForCase(theCase.id)).filter((n) => n.kind === 'supplement').at(-1);
    const days = (supplement?.data as { supplementDays?: unknown } | undefined)?.supplementDays;
    return {
      receivedAt: theCase.receivedAt,
      supplementNotice: supplement ? { number: supplement.number, issuedAt: supplement.createdAt, supplementDays: typeof days === 'number' ? days : null } : null,
      expiredAt: now,
    };
  },
};

/**
 * The fees fee-assess charged the case (case_fees), named and based as the catalogue publishes
 * them. None charged: an empty list when the item publishes no paid fee (the notice says it is
 * free), nothing when it does (the fees were not assessed, so the notice says nothing about them).
 */
async function chargedFees(tx: StoreTransaction, theCase: Case, item: CatalogueItem): Promise<ChargedFee[] | undefined> {
  const rows = await tx.cases.fees(theCase.id);
  if (rows.length === 0) return item.fees.some((f) => f.amountFen > 0) ? undefined : [];
  return rows.map((row) => {
    const fee = item.fees.find((f) => f.code === row.feeCode);
    if (!fee) throw new InvalidJobInput('caseNumber', `case ${theCase.caseNumber} was charged fee '${row.feeCode}', which item ${item.code} no longer publishes`);
    return {
      code: fee.code,
      name: fee.name,
      unitFen: fee.amountFen,
      unit: fee.unit ?? null,
      quantity: fee.amountFen > 0 ? Math.round(row.amountFen / fee.amountFen) : 1,
      amountFen: row.amountFen,
      basis: fee.basis,
      ...(row.waived ? { waived: true } : {}),
    };
  });
}

export const complaintVariables: { [K in ComplaintNoticeKind]: (ctx: ComplaintContext) => NoticeVariables[K] } = {
  'complaint-reply'({ job, complaint }) {
    const replyText = optionalString(job, 'replyText') ?? complaint.replyText;
    if (!replyText) throw new InvalidJobInput('replyText', `complaint ${complaint.complaintNumber} has no reply text for the written reply`);
    return { receivedAt: complaint.createdAt, replyText };
  },
  'complaint-delay'({ job, complaint }) {
    return { receivedAt: complaint.createdAt, delayReason: requireString(job, 'delayReason'), replyDueAt: complaint.replyDueAt ?? optionalInstant(job, 'replyDueAt') ?? null };
  },
};

/**
 * 一次性告知: before acceptance an application gets one list. A later notice (after a supplement)
 * may only name materials the earlier notice listed, i.e. what the supplement brought and was
 * found wrong; the material check refuses anything else first, so this stops another client.
 * Answers the earlier notice, or null for the first.
 */
async function onlyWhatTheSupplementBrought(tx: StoreTransaction, theCase: Case, missing: MissingMaterial[]): Promise<Notice | null> {
  const earlier = (await tx.notices.listForCase(theCase.id)).filter((n) => n.kind === 'supplement' && !(n.data as { acceptedAt?: unknown } | null)?.acceptedAt).at(-1);
  if (!earlier) return null;
  const listed = ((earlier.data as { missing?: Array<{ code?: unknown }> } | null)?.missing ?? []).map((m) => m.code);
  const extra = missing.findIndex((m) => !listed.includes(m.code));
  if (extra >= 0) {
    throw new InvalidJobInput(
      `missing[${extra}].code`,
      `case ${theCase.caseNumber} was told once (${earlier.number}: ${listed.join(', ')}); '${missing[extra].code}' was not on that list and may not be asked for now`,
    );
  }
  return earlier;
}

/** Every entry of `missing`, named from the catalogue; a code the item does not list is refused (nothing unrelated may be asked for). */
async function readMissing(tx: StoreTransaction, job: Job, item: CatalogueItem): Promise<MissingMaterial[]> {
  const value = variable(job, 'missing');
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidJobInput('missing', `the supplement notice needs at least one { code, reason }, got ${JSON.stringify(value)}`);
  }
  const departments = new Map<string, Department | undefined>();
  const department = async (code: string) => {
    if (!departments.has(code)) departments.set(code, await tx.catalogue.getDepartment(code));
    return departments.get(code);
  };
  const result: MissingMaterial[] = [];
  for (const [i, entry] of (value as unknown[]).entries()) {
    const m = entry as Record<string, unknown> | null;
    const code = m?.code;
    const reason = m?.reason;
    if (typeof code !== 'string' || code === '') throw new InvalidJobInput(`missing[${i}].code`, `expected a material code, got ${JSON.stringify(code)}`);
    if (typeof reason !== 'string' || reason.trim() === '') throw new InvalidJobInput(`missing[${i}].reason`, `material '${code}' needs the reason it must be supplemented`);
    const material = item.materials.find((known) => known.code === code);
    if (!material) throw new InvalidJobInput(`missing[${i}].code`, `'${code}' is not a material of item ${item.code}`);
    // a joint case's one notice lists every department's materials, grouped by department
    const owner = item.caseType === 'joint' ? await department(material.departmentCode ?? item.departmentCode) : undefined;
    result.push({
      code,
      name: material.name,
      form: material.form ?? null,
      reason: reason.trim(),
      ...(owner ? { department: { name: owner.name, location: owner.location } } : {}),
    });
  }
  return result;
}

async function readReviews(tx: StoreTransaction, job: Job): Promise<ReviewOpinion[]> {
  const value = variable(job, 'reviews');
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InvalidJobInput('reviews', `expected a list of department opinions, got ${JSON.stringify(value)}`);
  const reviews: ReviewOpinion[] = [];
  for (const [i, entry] of (value as unknown[]).entries()) {
    const r = (entry ?? {}) as Record<string, unknown>;
    if (typeof r.departmentCode !== 'string') throw new InvalidJobInput(`reviews[${i}].departmentCode`, 'expected a department code');
    const department = await tx.catalogue.getDepartment(r.departmentCode);
    const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
    reviews.push({
      department: department?.name ?? r.departmentCode,
      decision: r.decision === 'reject' ? 'reject' : 'approve',
      opinion: text(r.opinion),
      refusalReason: text(r.refusalReason),
      deemedConsent: r.deemedConsent === true,
    });
  }
  return reviews;
}

/**
 * Where a refusal sends the applicant: a department code or an item code gives the department's
 * name and its window in the hall; anything else is printed as the clerk wrote it.
 */
async function resolvePlace(tx: StoreTransaction, redirectTo: string): Promise<Place> {
  const department = await tx.catalogue.getDepartment(redirectTo);
  if (department) return { name: department.name, location: department.location };
  const item = await tx.catalogue.getItem(redirectTo);
  if (item) {
    const owner = await tx.catalogue.getDepartment(item.departmentCode);
    return { name: `${owner?.name ?? item.departmentCode}（${item.name}）`, location: item.window, phone: item.phone ?? null };
  }
  return { name: redirectTo };
}
