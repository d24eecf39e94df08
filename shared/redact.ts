/**
 * Shared by every layer, the engine included (eslint.config.js lets engine/ import shared/ and
 * nothing else of the project), so no log line anywhere carries a personal number in clear.
 * Imports nothing.
 */

/** '110101199003071234' → '110101********1234': region and last four stay so a clerk can match a person. */
export function maskIdNumber(idNumber: string): string {
  const value = idNumber.trim();
  if (value.length <= 10) return '*'.repeat(value.length);
  return value.slice(0, 6) + '*'.repeat(value.length - 10) + value.slice(-4);
}

/** '13800000000' → '138****0000'; a short or landline number keeps only its last four. */
export function maskPhone(phone: string): string {
  const value = phone.trim();
  if (value.length === 11) return value.slice(0, 3) + '****' + value.slice(-4);
  if (value.length <= 4) return '*'.repeat(value.length);
  return '*'.repeat(value.length - 4) + value.slice(-4);
}

/**
 * Masks personal numbers (resident IDs, unified social credit codes, mobiles) wherever they turn
 * up in free text: log lines, audit details, error messages that quote input. It looks for the
 * shapes, not for field names, so a number pasted into a note or a URL is caught as well. Engine keys (16 digits) and epoch milliseconds (13) have
 * other lengths and pass through.
 */

/** 18-character resident ID (17 digits and a digit or X check character), not part of a longer token. */
const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
/** Mainland mobile number, with or without the +86 / 86 country code, not part of a longer token (a hex case id). */
const MOBILE = /(?<![0-9A-Za-z])((?:\+?86[- ]?)?)(1[3-9]\d{9})(?![0-9A-Za-z])/g;

/**
 * Unified social credit code (统一社会信用代码, GB 32100): registration authority, organisation
 * type, six-digit region, nine-character organisation code, check character, in the standard's
 * alphabet without I, O, S, V, Z; not part of a longer token. A 个体工商户's code names a person.
 * Checked after ID_NUMBER, whose masks (with '*') it cannot match.
 */
const CREDIT_CODE = /(?<![0-9A-Za-z])[1-9A-HY][1-9]\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])/g;

export function redactPersonalData(text: string): string {
  return text
    .replace(ID_NUMBER, (id) => maskIdNumber(id))
    .replace(CREDIT_CODE, (code) => maskIdNumber(code))
    .replace(MOBILE, (_all, prefix: string, phone: string) => prefix + maskPhone(phone));
}

/** The same value with every string in it redacted; for structured details (audit entries). */
export function redactDeep(value: unknown): unknown {
  if (typeof value === 'string') return redactPersonalData(value);
  if (Array.isArray(value)) return value.map(redactDeep);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, redactDeep(v)]));
  }
  return value;
}
