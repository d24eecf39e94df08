import { randomInt } from 'node:crypto';

/**
 * Passwords people choose and the one-time passwords an administrator hands out. A one-time
 * password is read off a screen and typed once, so it avoids letters that look alike (0/O, 1/l/I).
 */

const LETTERS = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const ONE_TIME_LENGTH = 12;

export const MIN_PASSWORD_LENGTH = 8;

/** 12 characters from a CSPRNG, letters and digits both present. */
export function oneTimePassword(): string {
  const alphabet = LETTERS + DIGITS;
  for (;;) {
    const chars = Array.from({ length: ONE_TIME_LENGTH }, () => alphabet[randomInt(alphabet.length)]);
    const password = chars.join('');
    if (/[0-9]/.test(password) && /[A-Za-z]/.test(password)) return password;
  }
}

/** Why a chosen password is refused, in Chinese, or null when it will do. */
export function passwordProblem(password: string, context: { username: string }): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `新密码至少 ${MIN_PASSWORD_LENGTH} 位`;
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) return '新密码须同时包含字母和数字';
  if (password.toLowerCase().includes(context.username.toLowerCase())) return '新密码不能包含用户名';
  return null;
}
