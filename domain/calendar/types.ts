/** One date's status in the working-day calendar (dates are China Standard Time calendar days). */
export type DayKind = 'workday' | 'holiday';

/** A holiday or adjusted working day of a schedule, as a year's schedule lists it. */
export interface CalendarDay {
  /** YYYY-MM-DD */
  date: string;
  kind: DayKind;
  /** the holiday's name, e.g. 春节 or 春节调休 */
  reason: string;
}

/** An administrator's correction of the published schedule, stored in the database. */
export interface CalendarOverride {
  /** YYYY-MM-DD */
  date: string;
  kind: DayKind;
  reason: string;
  /** who set it, for the audit log */
  setBy: string;
}

/** The result of a working-day computation; `unknownYears` flags a year the calendar has no data for. */
export interface WorkingDayResult {
  /** YYYY-MM-DD of the last counted working day */
  date: string;
  /** years touched by the computation for which neither the package nor overrides have a schedule */
  unknownYears: number[];
}

/** A count of working days, with the years it touched that the calendar has no schedule for. */
export interface WorkingDayCount {
  days: number;
  unknownYears: number[];
}

/** When a case falls due and when electronic supervision warns about it. */
export interface DueDate extends WorkingDayResult {
  /** close of office hours (17:30 China time) on `date` */
  dueAt: Date;
  /** 17:30 China time on the working day before `date`, or acceptance itself if that is later */
  warnAt: Date;
}

export interface WorkingDayCalendar {
  /** Weekends and weekdays only, for a year outside knownYears(): check isKnownYear first where it matters. */
  isWorkingDay(date: string): boolean;
  isKnownYear(year: number): boolean;
  knownYears(): number[];
  /** The n-th working day after start, start itself not counted (行政许可法); n = 0 gives start, n < 0 counts back. */
  addWorkingDays(start: string, n: number): WorkingDayResult;
  /** Working days d with from < d <= to. */
  workingDaysBetween(from: string, to: string): WorkingDayCount;
  previousWorkingDay(date: string): WorkingDayResult;
  /** The deadline of a case accepted at `acceptedAt` (its China calendar day is the day of acceptance). */
  dueAt(acceptedAt: Date, workingDays: number): DueDate;
}
