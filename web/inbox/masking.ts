import { redactPersonalData } from '../../shared/redact.js';
import { maskIdNumber, maskPhone } from '../../domain/privacy/mask.js';
import type { Applicant } from '../../domain/store/index.js';

/**
 * ID and phone numbers are masked wherever the inbox shows them (docs/procedures.md: "ID and
 * phone are masked whenever shown"). A form is prefilled with masked copies; the real values stay
 * on the server, which validates a completion against them and puts them back where the form
 * returns a masked copy unchanged (a read-only field, or a field the clerk did not touch).
 */

const MASKS: Record<string, (value: string) => string> = {
  idNumber: maskIdNumber,
  phone: maskPhone,
};

export function maskedApplicant(applicant: Applicant | null): { kind: string; name: string; idNumber: string | null; phone: string | null } | null {
  if (applicant === null) return null;
  return {
    kind: applicant.kind,
    name: applicant.name,
    idNumber: applicant.idNumber === null ? null : maskIdNumber(applicant.idNumber),
    phone: applicant.phone === null ? null : maskPhone(applicant.phone),
  };
}

/** A copy with every string under a key named idNumber or phone masked, at any depth. */
export function maskVariables<T>(value: T): T {
  const walk = (v: unknown, key: string | undefined): unknown => {
    if (typeof v === 'string' && key !== undefined && key in MASKS && v !== '') return MASKS[key](v);
    // free text (a complaint, a note) may quote an ID or phone number: masked by its shape
    if (typeof v === 'string') return redactPersonalData(v);
    if (Array.isArray(v)) return v.map((item) => walk(item, undefined));
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, k)]));
    return v;
  };
  return walk(value, undefined) as T;
}

/**
 * The submission with each masked copy the server handed out replaced by the real value at the
 * same place in the task's variables: a value the clerk typed anew differs from the mask and is
 * kept as typed.
 */
export function unmaskSubmission(submitted: Record<string, unknown>, real: Record<string, unknown>): Record<string, unknown> {
  const walk = (v: unknown, original: unknown, key: string | undefined): unknown => {
    if (typeof v === 'string' && key !== undefined && key in MASKS && typeof original === 'string' && original !== '' && v === MASKS[key](original)) return original;
    if (typeof v === 'string' && typeof original === 'string' && v !== original && v === redactPersonalData(original)) return original;
    if (Array.isArray(v)) return v.map((item, i) => walk(item, Array.isArray(original) ? original[i] : undefined, undefined));
    if (v !== null && typeof v === 'object') {
      const source = original !== null && typeof original === 'object' && !Array.isArray(original) ? (original as Record<string, unknown>) : {};
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, source[k], k)]));
    }
    return v;
  };
  return walk(submitted, real, undefined) as Record<string, unknown>;
}
