import { sql, type Kysely } from 'kysely';
import { fromIso, toIso } from '../codec.js';
import type { Database } from '../schema.js';

/** How many failed tries lock a number, for how long, and after how quiet a time failures are forgotten. */
export interface LockoutPolicy {
  maxFailures: number;
  /** the first lockout; each further one lasts twice the one before, up to maxLockMs */
  firstLockMs: number;
  maxLockMs: number;
  /** failures and lockouts older than this (with no lock in force) no longer count */
  memoryMs: number;
}

export interface FailureCount {
  /** failures since the last lockout; 0 when this one locked the number */
  failures: number;
  /** when this failure locked the number (or it was locked meanwhile): until when */
  lockedUntil: Date | null;
}

export type CodeLockoutsRepo = ReturnType<typeof createCodeLockoutsRepo>;

/**
 * Failed 查询码 tries per case or complaint number, shared by every app instance on the
 * database. A failure is counted in one statement, and the lockout it triggers is set by an
 * update conditional on the count still being at the limit, so two instances failing the same
 * number at once lock it once (failures counted between the two statements start the next
 * round at zero). The time is passed in: the web app's clock.
 */
export function createCodeLockoutsRepo(db: Kysely<Database>) {
  return {
    /** The end of the lock in force on `key` at `now`, or undefined. */
    async lockedUntil(key: string, now: Date): Promise<Date | undefined> {
      const row = await db.selectFrom('code_lockouts').select('locked_until').where('key', '=', key).where('locked_until', '>', toIso(now)).executeTakeFirst();
      return row?.locked_until ? fromIso(row.locked_until) : undefined;
    },

    /** Counts a failed try; the policy's maxFailures-th since the last lockout locks the number. */
    async recordFailure(key: string, now: Date, policy: LockoutPolicy): Promise<FailureCount> {
      const at = toIso(now);
      const forgotten = sql<boolean>`code_lockouts.last_failure_at <= ${toIso(new Date(now.getTime() - policy.memoryMs))} and (code_lockouts.locked_until is null or code_lockouts.locked_until <= ${at})`;
      const row = await db
        .insertInto('code_lockouts')
        .values({ key, failures: 1, lockouts: 0, locked_until: null, last_failure_at: at })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            failures: sql<number>`case when ${forgotten} then 1 else code_lockouts.failures + 1 end`,
            lockouts: sql<number>`case when ${forgotten} then 0 else code_lockouts.lockouts end`,
            last_failure_at: at,
          }),
        )
        .returning(['failures', 'lockouts', 'locked_until'])
        .executeTakeFirstOrThrow();
      if (row.failures < policy.maxFailures) return { failures: row.failures, lockedUntil: row.locked_until && row.locked_until > at ? fromIso(row.locked_until) : null };
      const lockedUntil = new Date(now.getTime() + Math.min(policy.firstLockMs * 2 ** row.lockouts, policy.maxLockMs));
      // conditional on the count still being at the limit: of several tries reaching it at once, one locks
      const locked = await db
        .updateTable('code_lockouts')
        .set({ failures: 0, lockouts: sql<number>`lockouts + 1`, locked_until: toIso(lockedUntil) })
        .where('key', '=', key)
        .where('failures', '>=', policy.maxFailures)
        .executeTakeFirst();
      if (Number(locked.numUpdatedRows) === 1) return { failures: 0, lockedUntil };
      return { failures: 0, lockedUntil: (await this.lockedUntil(key, now)) ?? lockedUntil };
    },

    /** Forgets the number's failures and lifts its lock: the right code was given, or a new one issued. */
    async clear(key: string): Promise<void> {
      await db.deleteFrom('code_lockouts').where('key', '=', key).execute();
    },

    /** Deletes the rows of numbers quiet for memoryMs with no lock in force; returns how many. */
    async forget(now: Date, memoryMs: number): Promise<number> {
      const at = toIso(now);
      const result = await db
        .deleteFrom('code_lockouts')
        .where('last_failure_at', '<=', toIso(new Date(now.getTime() - memoryMs)))
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
