import type { Repositories } from '../store/index.js';
import { createWorkingDayCalendar } from './calendar.js';
import type { WorkingDayCalendar } from './types.js';

/**
 * The store lock an administrator's change of a year's schedule holds while it recounts the open
 * cases' deadlines (exclusive), and a deadline worker while it reads the calendar and writes a
 * deadline (shared): a deadline is then either counted on the new calendar or there to be recounted.
 */
export const CALENDAR_LOCK = 'calendar-year';

/**
 * Builds the calendar from the store on each call (package data and the administrators' overrides,
 * one statement), so an administrator's change applies to the very next deadline on every app
 * instance: what deadlines are computed with (docs/decisions/0024-per-request-reads.md).
 */
export function storeCalendar(store: Pick<Repositories, 'calendar'>): () => Promise<WorkingDayCalendar> {
  return async () => {
    const { overrides, years } = await store.calendar.everything();
    return createWorkingDayCalendar({ overrides, knownYears: years.map((y) => y.year) });
  };
}

/** A calendar kept for a while: for showing due colours, never for computing a deadline. */
export interface RecentCalendar {
  /** the calendar as read at most `maxAgeMs` ago (by `clock`), or read now */
  read(): Promise<WorkingDayCalendar>;
  /** forgets what was read: this instance changed the calendar */
  invalidate(): void;
}

/**
 * Keeps one read of the calendar for `maxAgeMs`: a change made on this instance is seen at once
 * (its writer invalidates), one made on another instance within `maxAgeMs`. Readers arriving
 * while a read is under way share it; a read that fails is not kept.
 */
export function recentCalendar(read: () => Promise<WorkingDayCalendar>, { maxAgeMs, clock }: { maxAgeMs: number; clock: () => Date }): RecentCalendar {
  let kept: { calendar: Promise<WorkingDayCalendar>; readAt: number } | undefined;
  return {
    read() {
      const now = clock().getTime();
      // a clock set back counts as expired rather than extending the cache's life
      if (kept && now >= kept.readAt && now - kept.readAt < maxAgeMs) return kept.calendar;
      const entry = { calendar: read(), readAt: now };
      kept = entry;
      entry.calendar.catch(() => {
        if (kept === entry) kept = undefined;
      });
      return entry.calendar;
    },
    invalidate() {
      kept = undefined;
    },
  };
}
