import { hashVerificationCode, verifyVerificationCode } from '../../domain/privacy/verification-code.js';
import { refuseWhenBusy } from './password-work.js';
import { createScryptLimiter, type PasswordCheckLimits, type ScryptLimiter } from './password.js';

/**
 * A 查询码 check is a scrypt derivation (N=2^14, 16 MiB, ~80 ms) that anyone may ask for without
 * log-in. Its own limiter, not the passwords': a flood of anonymous look-ups must not take the
 * slots staff need to log in. One running (the passwords' limiter runs two, so three of libuv's
 * four threads at most and file and DNS work keeps one) and 16 waiting, a little over a second.
 */
export const CODE_CHECK_LIMITS: PasswordCheckLimits = { concurrency: 1, queue: 16 };

export const createCodeCheckLimiter = (): ScryptLimiter => createScryptLimiter(CODE_CHECK_LIMITS);

export interface CodeWork {
  /**
   * The code against the stored hash or, when there is none (no such case), against a dummy
   * hash, so a miss costs what a hit costs. Past the limiter's bound refused at once with 429
   * rate-limited, before any scrypt.
   */
  verify(code: string, stored: string | null | undefined): Promise<boolean>;
  /**
   * The hash a new code is stored as (filing a complaint or case, re-issuing a code), within the
   * same bound: the public complaint and application forms derive one per submission, without
   * log-in. Past the bound refused at once with 429 rate-limited, before any scrypt.
   */
  hash(code: string): Promise<string>;
}

export function createCodeWork(limiter: ScryptLimiter): CodeWork {
  let dummy: Promise<string> | undefined;
  return {
    verify: (code, stored) =>
      refuseWhenBusy(
        limiter.run(async () => {
          dummy ??= hashVerificationCode('000000');
          const ok = await verifyVerificationCode(code, stored ?? (await dummy));
          return ok && stored !== null && stored !== undefined;
        }),
        '当前查询的人数较多，请稍后再试',
      ),
    hash: (code) => refuseWhenBusy(limiter.run(() => hashVerificationCode(code)), '当前提交的人数较多，请稍后再试'),
  };
}
