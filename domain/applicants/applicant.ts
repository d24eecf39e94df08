import type { Applicant, ApplicantKind } from '../store/index.js';
import { creditCodeProblem, mobileProblem, phoneProblem, residentIdProblem } from './identity.js';

/**
 * The applicant of a case as the web app's registration and the case-register worker read it,
 * from the `applicant` shape of docs/procedures.md: `{ kind, name, idNumber? | creditCode?,
 * phone?, email?, contact? }`. A person gives a resident ID number, a company or organisation its
 * unified social credit code, each checked by its standard (identity.ts).
 *
 * Registration (`contactRequired`) also needs a way to reach the applicant: a person's mobile
 * number, a company's or organisation's contact person and phone. A process started elsewhere
 * (Operate, another system) may lack them; the numbers that identify the applicant are checked
 * all the same.
 */

export const APPLICANT_KINDS: readonly ApplicantKind[] = ['person', 'company', 'organisation'];

export const APPLICANT_KIND_LABELS: Record<ApplicantKind, string> = { person: '自然人', company: '企业', organisation: '其他组织' };

export interface ApplicantProblem {
  /** dotted path from the request body: applicant.idNumber */
  field: string;
  message: string;
}

export type ApplicantResult = { ok: true; applicant: Applicant } | { ok: false; errors: ApplicantProblem[] };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function readApplicant(raw: unknown, options: { contactRequired: boolean; today?: Date }): ApplicantResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('applicant', '请填写申请人信息');
  const input = raw as Record<string, unknown>;
  const errors: ApplicantProblem[] = [];
  const text = (key: string, max: number): string | null => {
    const value = input[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') {
      errors.push({ field: `applicant.${key}`, message: '应为文字' });
      return null;
    }
    const trimmed = value.trim();
    if (trimmed.length > max) errors.push({ field: `applicant.${key}`, message: `不能超过 ${max} 个字` });
    return trimmed === '' ? null : trimmed;
  };

  const kind = input.kind as ApplicantKind;
  if (!APPLICANT_KINDS.includes(kind)) return fail('applicant.kind', '请选择申请人类型：自然人、企业或其他组织');
  const person = kind === 'person';
  const name = text('name', 100);
  const idNumber = text('idNumber', 18)?.toUpperCase() ?? null;
  const creditCode = text('creditCode', 18)?.toUpperCase() ?? null;
  const phone = text('phone', 20);
  const email = text('email', 100);
  const contact = text('contact', 50);

  if (!name) errors.push({ field: 'applicant.name', message: person ? '请填写申请人姓名' : `请填写${APPLICANT_KIND_LABELS[kind]}名称` });
  if (person) {
    if (creditCode) errors.push({ field: 'applicant.creditCode', message: '自然人填写居民身份证号码，不填统一社会信用代码' });
    const problem = idNumber ? residentIdProblem(idNumber, options.today) : '请填写居民身份证号码';
    if (problem) errors.push({ field: 'applicant.idNumber', message: problem });
  } else {
    if (idNumber) errors.push({ field: 'applicant.idNumber', message: `${APPLICANT_KIND_LABELS[kind]}填写统一社会信用代码，不填居民身份证号码` });
    const problem = creditCode ? creditCodeProblem(creditCode) : '请填写统一社会信用代码';
    if (problem) errors.push({ field: 'applicant.creditCode', message: problem });
  }
  if (options.contactRequired) {
    if (!person && !contact) errors.push({ field: 'applicant.contact', message: '请填写联系人姓名' });
    const problem = phone ? (person ? mobileProblem(phone) : phoneProblem(phone)) : person ? '请填写手机号码' : '请填写联系电话';
    if (problem) errors.push({ field: 'applicant.phone', message: problem });
  }
  if (email && !EMAIL.test(email)) errors.push({ field: 'applicant.email', message: '电子邮箱格式不正确' });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    // the store keeps one identifier per applicant; `kind` says which it is
    applicant: { kind, name: name!, idNumber: person ? idNumber : creditCode, phone, email, ...(person || !contact ? {} : { contact }) },
  };
}

/** The `applicant` process variable for a stored applicant: the identifier under the name its kind gives it. */
export function applicantVariable(applicant: Applicant): Record<string, string> {
  const identifier = applicant.kind === 'person' ? { idNumber: applicant.idNumber } : { creditCode: applicant.idNumber };
  const optional = { phone: applicant.phone, email: applicant.email, contact: applicant.contact ?? null };
  return {
    kind: applicant.kind,
    name: applicant.name,
    ...(Object.fromEntries(Object.entries({ ...identifier, ...optional }).filter(([, v]) => v !== null && v !== undefined)) as Record<string, string>),
  };
}

function fail(field: string, message: string): ApplicantResult {
  return { ok: false, errors: [{ field, message }] };
}
