import { CHINA_OFFSET_MS, chinaDay } from '../domain/calendar/china-time.js';
import type { DueDate, WorkingDayCalendar } from '../domain/calendar/types.js';

/** Deadline arithmetic shared by deadline-set, clock-resume and supervision-record. */

/** '2026-10-09 17:30' in China time, for reasons and messages people read. */
export function formatChinaTime(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

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

const UNKNOWN_YEAR = 'unknown-year:';

/**
 * The case's calendar flag with these years added ('unknown-year:2027' or 'unknown-year:2027,2028'),
 * or undefined when it already names them all: a deadline in a year without a published
 * schedule counts weekends only and must be checked by a person once the State Council publishes.
 */
export function withUnknownYears(flag: string | null, years: number[]): string | undefined {
  const known = flag?.startsWith(UNKNOWN_YEAR) ? flag.slice(UNKNOWN_YEAR.length).split(',').map(Number) : [];
  const all = [...new Set([...known, ...years])].sort((a, b) => a - b);
  if (all.length === known.length) return undefined;
  return UNKNOWN_YEAR + all.join(',');
}
