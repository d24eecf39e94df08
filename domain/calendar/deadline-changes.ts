import { chinaDay } from './china-time.js';
import type { WorkingDayCalendar } from './types.js';
import { unknownYearFlag, unknownYearsOf } from './unknown-year-flag.js';

/** What a case needs for its deadline to be recounted on another calendar. */
export interface DeadlineOfCase {
  id: string;
  caseNumber: string;
  processInstanceKey: string | null;
  acceptedAt: Date | null;
  dueAt: Date | null;
  warnAt: Date | null;
  calendarFlag: string | null;
}

/** How a schedule change moves one case: its due and warning times and its unknown-year flag. */
export interface DeadlineChange {
  caseId: string;
  caseNumber: string;
  processInstanceKey: string | null;
  before: { dueAt: Date | null; warnAt: Date | null; calendarFlag: string | null };
  after: { dueAt: Date | null; warnAt: Date | null; calendarFlag: string | null };
}

const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

/**
 * The cases whose deadline or flag a new calendar changes. A deadline is N working days after the
 * day of acceptance, N being the promised days plus any extension and the working days the clock
 * stood still; N is read back from the old calendar (the working days after acceptance up to the
 * due day) and counted again on the new one, so every way a deadline was moved stays in it. The
 * flag keeps only the years the new calendar still has no schedule for.
 */
export function deadlineChanges(cases: readonly DeadlineOfCase[], before: WorkingDayCalendar, after: WorkingDayCalendar): DeadlineChange[] {
  const changes: DeadlineChange[] = [];
  for (const c of cases) {
    let dueAt = c.dueAt;
    let warnAt = c.warnAt;
    let years = unknownYearsOf(c.calendarFlag);
    if (c.acceptedAt !== null && c.dueAt !== null && c.dueAt >= c.acceptedAt) {
      const { days } = before.workingDaysBetween(chinaDay(c.acceptedAt), chinaDay(c.dueAt));
      const due = after.dueAt(c.acceptedAt, days);
      dueAt = due.dueAt;
      warnAt = due.warnAt;
      years = [...years, ...due.unknownYears];
    }
    const calendarFlag = unknownYearFlag(years.filter((y) => !after.isKnownYear(y)));
    if (same(dueAt, c.dueAt) && same(warnAt, c.warnAt) && calendarFlag === c.calendarFlag) continue;
    changes.push({
      caseId: c.id,
      caseNumber: c.caseNumber,
      processInstanceKey: c.processInstanceKey,
      before: { dueAt: c.dueAt, warnAt: c.warnAt, calendarFlag: c.calendarFlag },
      after: { dueAt, warnAt, calendarFlag },
    });
  }
  return changes;
}
