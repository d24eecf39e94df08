import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

/**
 * The code an applicant (or complainant) types with the case number to look a case up online.
 * Only its hash is stored: six digits are few, so the hash is a salted scrypt that makes trying
 * all million codes against a leaked table slow, not a plain digest.
 */

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;
const KEY_LENGTH = 32;
const SCHEME = 'scrypt';

/** Six digits, leading zeros kept: '004217'. */
export function newVerificationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** 'scrypt:<salt base64>:<hash base64>' */
export async function hashVerificationCode(code: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(code, salt, KEY_LENGTH);
  return `${SCHEME}:${salt.toString('base64')}:${hash.toString('base64')}`;
}

/** False for a wrong code and for a stored value in an unknown format; compares in constant time. */
export async function verifyVerificationCode(code: string, stored: string): Promise<boolean> {
  const [scheme, saltText, hashText] = stored.split(':');
  if (scheme !== SCHEME || !saltText || !hashText) return false;
  const expected = Buffer.from(hashText, 'base64');
  if (expected.length !== KEY_LENGTH) return false;
  const actual = await scryptAsync(code, Buffer.from(saltText, 'base64'), KEY_LENGTH);
  return timingSafeEqual(actual, expected);
}
