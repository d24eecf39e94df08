import { sql, type Kysely } from 'kysely';
import { fromIso, toIso } from '../codec.js';
import type { Database } from '../schema.js';

/** A client's hits in the current window of a limiter, and when that window ends. */
export interface RateLimitWindow {
  hits: number;
  resetAt: Date;
}

export type RateLimitsRepo = ReturnType<typeof createRateLimitsRepo>;

/**
 * Fixed-window hit counts, shared by every app instance on the database. Each change is one
 * statement, so two instances counting the same client at the same moment never lose a hit nor
 * start two windows. The time is passed in rather than taken from the store's clock: the web app
 * counts by the wall clock, which is what express-rate-limit computes Retry-After from.
 */
export function createRateLimitsRepo(db: Kysely<Database>) {
  return {
    /** Counts a hit; a key without a window, or whose window has ended, starts a new one of windowMs at `now`. */
    async increment(key: string, now: Date, windowMs: number): Promise<RateLimitWindow> {
      const ended = sql<boolean>`rate_limits.reset_at <= ${toIso(now)}`;
      const row = await db
        .insertInto('rate_limits')
        .values({ key, hits: 1, reset_at: toIso(new Date(now.getTime() + windowMs)) })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            hits: sql<number>`case when ${ended} then 1 else rate_limits.hits + 1 end`,
            reset_at: sql<string>`case when ${ended} then excluded.reset_at else rate_limits.reset_at end`,
          }),
        )
        .returning(['hits', 'reset_at'])
        .executeTakeFirstOrThrow();
      return { hits: row.hits, resetAt: fromIso(row.reset_at) };
    },

    /** Takes back one hit of a window that has not ended (a request that turned out not to count); never below zero. */
    async decrement(key: string, now: Date): Promise<void> {
      await db
        .updateTable('rate_limits')
        .set({ hits: sql<number>`hits - 1` })
        .where('key', '=', key)
        .where('hits', '>', 0)
        .where('reset_at', '>', toIso(now))
        .execute();
    },

    /** The window in force at `now`, or undefined when the key has none. */
    async get(key: string, now: Date): Promise<RateLimitWindow | undefined> {
      const row = await db.selectFrom('rate_limits').select(['hits', 'reset_at']).where('key', '=', key).where('reset_at', '>', toIso(now)).executeTakeFirst();
      return row && { hits: row.hits, resetAt: fromIso(row.reset_at) };
    },

    async reset(key: string): Promise<void> {
      await db.deleteFrom('rate_limits').where('key', '=', key).execute();
    },

    /** Deletes the windows that have ended by `now`; returns how many. A key seen again simply starts anew. */
    async deleteEnded(now: Date): Promise<number> {
      const result = await db.deleteFrom('rate_limits').where('reset_at', '<=', toIso(now)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
