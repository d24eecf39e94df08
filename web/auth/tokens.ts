import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes as hex: the session cookie's value and the CSRF tokens. */
export const newToken = (): string => randomBytes(32).toString('hex');

export const isToken = (value: string): boolean => /^[0-9a-f]{64}$/.test(value);

/** What the sessions table keys on: the cookie's token, hashed, so a copy of the table opens no session. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The log-in form's CSRF token: bound to the pre-session cookie's nonce by the server's secret. */
export const loginCsrfToken = (secret: Buffer, nonce: string): string => createHmac('sha256', secret).update(`login-csrf:${nonce}`).digest('hex');

/** Constant time for equal lengths; the tokens compared here have a fixed length, so the length gives nothing away. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
