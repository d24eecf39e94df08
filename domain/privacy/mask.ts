/**
 * Masks for personal data wherever it is shown or logged: notices, inbox lists, log lines. The
 * full values stay in the store; these only decide what a reader sees.
 */

// the number masks live with the pattern redaction, which the engine's error log uses too
export { maskIdNumber, maskPhone } from '../../shared/redact.js';

/** 'zhang.san@example.com' → 'z***@example.com' */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return email[0] + '***' + email.slice(at);
}

/**
 * A name as the public look-up shows it: a person keeps the surname ('张明' → '张*',
 * '欧阳明华' → '欧***'), a company or organisation its first two and last two characters
 * ('县书法家协会' → '县书**协会'), so the applicant recognises their case and nobody else learns whose it is.
 */
export function maskName(name: string, kind: 'person' | 'company' | 'organisation' = 'person'): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (kind === 'person' || chars.length <= 4) return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
  return chars.slice(0, 2).join('') + '*'.repeat(chars.length - 4) + chars.slice(-2).join('');
}
