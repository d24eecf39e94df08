import { CLOSING_TIME_CST } from '../domain/calendar/calendar.js';
import { chinaDay, chinaDayStart } from '../domain/calendar/china-time.js';
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
 * The working days a case's clock stood still, from its suspension to the instant the awaited
 * materials or decision arrive: as workingDaysSince, but what arrives after the office closed, or
 * on a day off, is worked on from the next working day, which therefore counts as waited too.
 * Otherwise a decision arriving at 18:00 on the moved due day would find the deadline gone,
 * although the center had time left when the clock stopped.
 */
export function workingDaysWaited(calendar: WorkingDayCalendar, from: Date, to: Date): { days: number; unknownYears: number[] } {
  const day = chinaDay(to);
  const close = chinaDayStart(day).getTime() + (CLOSING_TIME_CST.hours * 60 + CLOSING_TIME_CST.minutes) * 60_000;
  if (calendar.isWorkingDay(day) && to.getTime() < close) return workingDaysSince(calendar, from, to);
  return workingDaysSince(calendar, from, calendar.dueAt(to, 1).dueAt);
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
