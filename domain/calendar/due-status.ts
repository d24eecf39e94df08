import { CLOSING_TIME_CST } from './calendar.js';
import { chinaDay, chinaDayStart } from './china-time.js';
import type { WorkingDayCalendar } from './types.js';

/**
 * The inbox's traffic light for a due time, by the same rule as electronic supervision's warning
 * (预警): a deadline is warned from the close of office hours (17:30 China time) on the working
 * day before its China calendar day, and overdue once it has passed.
 * - `red`: the due time has passed;
 * - `yellow`: due within one working day (the warning time has come);
 * - `normal`: anything later, or no due time.
 */
export type DueStatus = 'normal' | 'yellow' | 'red';

const DAY_MS = 86_400_000;
const CLOSING_MS = (CLOSING_TIME_CST.hours * 60 + CLOSING_TIME_CST.minutes) * 60_000;

const startOfChinaDay = (date: string): number => chinaDayStart(date).getTime();

/**
 * The two instants that split due times into the three colours at `now`: a due time before
 * `now` is red, one before `yellowBefore` yellow, the rest normal. As instants, they also work as
 * query bounds (due_at < x), so the inbox can filter by colour in the database.
 *
 * Why one bound suffices: a due time on China day D is yellow once 17:30 of the working day
 * before D has passed. Let P be the last working day whose 17:30 is not after `now`; then D is
 * yellow exactly when D is at most the first working day after P, i.e. the due time falls before
 * the start of the day after that working day.
 */
export function dueThresholds(calendar: WorkingDayCalendar, now: Date): { now: Date; yellowBefore: Date } {
  const today = chinaDay(now);
  const closedToday = calendar.isWorkingDay(today) && now.getTime() >= startOfChinaDay(today) + CLOSING_MS;
  const lastWarnedDay = closedToday ? today : calendar.previousWorkingDay(today).date;
  const nextWorkingDay = calendar.addWorkingDays(lastWarnedDay, 1).date;
  return { now, yellowBefore: new Date(startOfChinaDay(nextWorkingDay) + DAY_MS) };
}

/** The colour of an open task's due time; a finished task is red only if it was finished late. */
export function dueStatusOf(dueAt: Date | null, thresholds: { now: Date; yellowBefore: Date }, finishedAt: Date | null = null): DueStatus {
  if (dueAt === null) return 'normal';
  if (finishedAt !== null) return finishedAt > dueAt ? 'red' : 'normal';
  if (dueAt < thresholds.now) return 'red';
  if (dueAt < thresholds.yellowBefore) return 'yellow';
  return 'normal';
}
