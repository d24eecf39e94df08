/** One date's status in the working-day calendar (dates are China Standard Time calendar days). */
export type DayKind = 'workday' | 'holiday';

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
