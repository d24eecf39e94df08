import { randomBytes } from 'node:crypto';
import { ApiProblem } from '../http/problem.js';
import { hashPassword, PasswordCheckBusy, verifyPassword, type ScryptLimiter } from './password.js';

/**
 * Every scrypt derivation the API makes for a password — log-in, password change, an
 * administrator's reset, a new account's one-time password — through one app's limiter, so that
 * none of them is a way around its bound. Refused work answers 429 at once, before any scrypt.
 */
export interface PasswordWork {
  /**
   * A log-in's password against the account's hash or, when there is no account, against a
   * dummy hash of the default cost, so that an unknown username takes as long to refuse as a
   * wrong password and the answer time does not tell which usernames exist.
   */
  check(password: string, stored: string | undefined): Promise<boolean>;
  verify(password: string, stored: string): Promise<boolean>;
  hash(password: string): Promise<string>;
}

/** Work a limiter refused (PasswordCheckBusy) as 429 rate-limited with Retry-After: 1 and `detail`. */
export function refuseWhenBusy<T>(work: Promise<T>, detail = '当前登录和修改密码的请求较多，请稍后再试'): Promise<T> {
  return work.catch((error: unknown) => {
    if (!(error instanceof PasswordCheckBusy)) throw error;
    // refused at once: waiting longer would only hold the connection
    const busy = new ApiProblem('rate-limited', detail);
    busy.retryAfterSeconds = 1;
    throw busy;
  });
}

export function createPasswordWork(limiter: ScryptLimiter): PasswordWork {
  let dummy: Promise<string> | undefined;
  return {
    check: (password, stored) =>
      refuseWhenBusy(
        limiter.run(async () => {
          if (stored !== undefined) return verifyPassword(password, stored);
          dummy ??= hashPassword(randomBytes(16).toString('hex'));
          await verifyPassword(password, await dummy);
          return false;
        }),
      ),
    verify: (password, stored) => refuseWhenBusy(limiter.run(() => verifyPassword(password, stored))),
    hash: (password) => refuseWhenBusy(limiter.run(() => hashPassword(password))),
  };
}
