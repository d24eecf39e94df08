/**
 * The identity numbers an applicant gives, checked as the issuing standards define them, so a
 * mistyped digit is caught at the counter rather than on the licence: the resident ID number
 * (居民身份证号码, GB 11643: region, birth date, sequence, an ISO 7064 MOD 11-2 check character) and
 * the unified social credit code (统一社会信用代码, GB 32100: 18 characters of a 31-letter alphabet
 * ending in a MOD 31 check character). Each check answers null when the value is right, else the
 * reason in Chinese.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 32100 leaves out I, O, S, V and Z, which are read as digits. */
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of the first 17 digits of a resident ID number. */
export function residentIdCheckCharacter(first17: string): string {
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * ID_WEIGHTS[i], 0);
  return ID_CHECK[sum % 11];
}

/** The check character of the first 17 characters of a unified social credit code. */
export function creditCodeCheckCharacter(first17: string): string {
  const sum = [...first17].reduce((total, ch, i) => total + CREDIT_ALPHABET.indexOf(ch) * CREDIT_WEIGHTS[i], 0);
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31];
}

/** `today` bounds the birth date: nobody applies before being born. */
export function residentIdProblem(value: string, today: Date = new Date()): string | null {
  if (!/^\d{17}[\dX]$/.test(value)) return '居民身份证号码应为18位：前17位是数字，最后一位是数字或X';
  if (!/^[1-9]\d{5}$/.test(value.slice(0, 6))) return '居民身份证号码的前6位地址码不正确';
  const [year, month, day] = [Number(value.slice(6, 10)), Number(value.slice(10, 12)), Number(value.slice(12, 14))];
  const birth = new Date(Date.UTC(year, month - 1, day));
  const realDate = birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!realDate || year < 1900 || birth.getTime() > today.getTime()) return `居民身份证号码中的出生日期（第7至14位 ${value.slice(6, 14)}）不是有效日期`;
  if (residentIdCheckCharacter(value.slice(0, 17)) !== value[17]) return '居民身份证号码校验位不符，请逐位核对号码';
  return null;
}

export function creditCodeProblem(value: string): string | null {
  if (value.length !== 18 || [...value].some((ch) => !CREDIT_ALPHABET.includes(ch))) {
    return '统一社会信用代码应为18位数字或大写字母（不含 I、O、S、V、Z）';
  }
  if (!/^\d{6}$/.test(value.slice(2, 8))) return '统一社会信用代码的第3至8位应为登记管理机关的行政区划码';
  if (creditCodeCheckCharacter(value.slice(0, 17)) !== value[17]) return '统一社会信用代码校验位不符，请逐位核对代码';
  return null;
}

/** A mainland mobile number: 11 digits from 13x to 19x, the numbers SMS reaches. */
export function mobileProblem(value: string): string | null {
  return /^1[3-9]\d{9}$/.test(value) ? null : '手机号码应为11位，以13至19开头';
}

/** A mobile number, or a landline with its area code (0874-3100999). */
export function phoneProblem(value: string): string | null {
  return /^1[3-9]\d{9}$/.test(value) || /^0\d{2,3}-?[2-9]\d{6,7}$/.test(value) ? null : '联系电话应为11位手机号码或带区号的固定电话（如 0874-3100999）';
}
