import { formatChinaTime } from '../domain/calendar/china-time.js';
import type { LockoutPolicy, Store } from '../domain/store/index.js';
import { retryLater } from './http/problem.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * A 查询码 has a million values and the per-address limit can be spread over many addresses,
 * so each case or complaint number also counts its wrong codes, from anywhere: after
 * `maxFailures` in a row its look-ups are refused for 15 minutes, then 30, 60… up to a day.
 * Numbers that do not exist count and lock the same way, so a lockout tells nothing about
 * which numbers exist. The applicant who is locked out (or forgot the code) gets a new one at
 * the window, which lifts the lock.
 */
export const lookupLockoutPolicy = (maxFailures: number): LockoutPolicy => ({ maxFailures, firstLockMs: 15 * MINUTE, maxLockMs: DAY, memoryMs: DAY });

export type LockedSubject = { kind: 'case'; number: string } | { kind: 'complaint'; number: string };

export const lockoutKey = (subject: LockedSubject): string => `${subject.kind}:${subject.number.trim().toUpperCase()}`;

function lockedProblem(subject: LockedSubject, until: Date, now: Date) {
  // the window re-issues a case's code, the complaint office a complaint's
  const what = subject.kind === 'case' ? '该办件' : '该投诉';
  const forgotten = subject.kind === 'case' ? '携带身份证件到办件受理窗口重新领取查询码（原查询码随即失效）' : '携带身份证件到中心投诉处或致电投诉处重新领取查询码（原查询码随即失效）';
  return retryLater(`查询码连续输错次数过多，${what}的网上查询已暂停，请于 ${formatChinaTime(until)} 后再试；如忘记查询码，可${forgotten}`, until, now);
}

export type LookupLockout = ReturnType<typeof createLookupLockout>;

export function createLookupLockout(store: Store, clock: () => Date, policy: LockoutPolicy) {
  // quiet numbers are forgotten by whichever instance fails a code next, once an hour
  let nextSweep = 0;
  return {
    /** Refuses (429) a number whose look-ups are locked; before any code is checked, so a locked try costs no scrypt. */
    async assertOpen(subject: LockedSubject): Promise<void> {
      const now = clock();
      const until = await store.codeLockouts.lockedUntil(lockoutKey(subject), now);
      if (until) throw lockedProblem(subject, until, now);
    },

    /** Counts a wrong code; refuses (429) when it locked the number, so the applicant learns it at once. */
    async failed(subject: LockedSubject): Promise<void> {
      const now = clock();
      if (now.getTime() >= nextSweep) {
        nextSweep = now.getTime() + 60 * MINUTE;
        await store.codeLockouts.forget(now, policy.memoryMs);
      }
      const { lockedUntil } = await store.codeLockouts.recordFailure(lockoutKey(subject), now, policy);
      if (lockedUntil) throw lockedProblem(subject, lockedUntil, now);
    },

    /** The right code: the failures before it no longer count. */
    async succeeded(subject: LockedSubject): Promise<void> {
      await store.codeLockouts.clear(lockoutKey(subject));
    },
  };
}
