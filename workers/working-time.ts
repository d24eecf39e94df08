import { chinaDay } from '../domain/calendar/china-time.js';
import type { DueDate, WorkingDayCalendar } from '../domain/calendar/types.js';
import { unknownYearFlag, unknownYearsOf } from '../domain/calendar/unknown-year-flag.js';

/** Deadline arithmetic shared by deadline-set, clock-resume and supervision-record. */

export { formatChinaTime } from '../domain/calendar/china-time.js';

/** Working days d with day(from) < d <= day(to); none when `to` is not after `from`. */
export function workingDaysSince(calendar: WorkingDayCalendar, from: Date, to: Date): { days: number; unknownYears: number[] } {
  const first = chinaDay(from);
  const last = chinaDay(to);
  return last <= first ? { days: 0, unknownYears: [] } : calendar.workingDaysBetween(first, last);
}

/**
 * A deadline moved on by n > 0 working days (an extension, or the days the clock stood still):
 * counted from the old due day, so the new one closes at office end like every deadline.
 */
export function moveDeadline(calendar: WorkingDayCalendar, dueAt: Date, workingDays: number): DueDate {
  if (!Number.isInteger(workingDays) || workingDays < 1) throw new RangeError(`a deadline moves by at least one working day, got ${workingDays}`);
  return calendar.dueAt(dueAt, workingDays);
}

/**
 * The case's calendar flag with these years added ('unknown-year:2027' or 'unknown-year:2027,2028'),
 * or undefined when it already names them all: a deadline in a year without a published
 * schedule counts weekends only and must be checked by a person once the State Council publishes.
 */
export function withUnknownYears(flag: string | null, years: number[]): string | undefined {
  const known = unknownYearsOf(flag);
  const all = new Set([...known, ...years]);
  return all.size === known.length ? undefined : (unknownYearFlag(all) ?? undefined);
}
