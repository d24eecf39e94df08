import packageSchedule from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type {
  CalendarDay,
  CalendarOverride,
  DayKind,
  DueDate,
  WorkingDayCalendar,
  WorkingDayResult,
} from './types.js';
import { CHINA_OFFSET_MS } from './china-time.js';

// Days are counted as whole days since 1970-01-01 on China's calendar (china-time.ts: a fixed
// offset, so the host's TZ never matters).
const DAY_MS = 86_400_000;

/** The center's office hours end at 17:30 China Standard Time (09:30 UTC); a deadline day ends then. */
export const CLOSING_TIME_CST = { hours: 17, minutes: 30 } as const;
const CLOSING_MS = (CLOSING_TIME_CST.hours * 60 + CLOSING_TIME_CST.minutes) * 60_000;

// The package's own isWorkday() re-reads its date in the host's time zone and shifts weekdays by
// one west of UTC, so we take its published data and do the weekday arithmetic in UTC ourselves
// (docs/decisions/0002-working-day-calendar.md).
const published = new Map<string, DayKind>();
for (const date of Object.keys(packageSchedule.holidays)) published.set(date, 'holiday');
for (const date of Object.keys(packageSchedule.workdays)) published.set(date, 'workday');

const publishedYears = [...new Set([...published.keys()].map((date) => Number(date.slice(0, 4))))].sort(
  (a, b) => a - b,
);

/** The years whose holidays and adjusted working days the chinese-days package publishes. */
export function packageYears(): number[] {
  return [...publishedYears];
}

/** The package's holidays and adjusted working days of a year, by date, with the holiday's Chinese name. */
export function packageDays(year: number): CalendarDay[] {
  const named = (entries: Record<string, string>, kind: DayKind) =>
    Object.entries(entries)
      .filter(([date]) => date.startsWith(`${year}-`))
      // the package writes "National Day,国庆节,3": English name, Chinese name, length
      .map(([date, text]) => ({ date, kind, reason: text.split(',')[1] ?? text }));
  return [...named(packageSchedule.holidays, 'holiday'), ...named(packageSchedule.workdays, 'workday')].sort((a, b) => a.date.localeCompare(b.date));
}

/** Whether a YYYY-MM-DD date is a Saturday or Sunday. */
export function isWeekend(date: string): boolean {
  const weekday = new Date(toDay(date) * DAY_MS).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** Whether text is a real YYYY-MM-DD date (not 2027-02-30). */
export function isDate(text: string): boolean {
  try {
    toDay(text);
    return true;
  } catch {
    return false;
  }
}

function toDay(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const day = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS : NaN;
  // The round trip rejects dates Date.UTC would silently roll over, such as 2026-02-30.
  if (Number.isNaN(day) || toDate(day) !== date) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return day;
}

function toDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

function closingInstant(day: number): number {
  return day * DAY_MS + CLOSING_MS - CHINA_OFFSET_MS;
}

function requireInteger(n: number, what: string): void {
  if (!Number.isInteger(n)) throw new RangeError(`${what} must be an integer, got ${n}`);
}

export interface WorkingDayCalendarOptions {
  /** Administrator corrections; they win over the package. */
  overrides: CalendarOverride[];
  /** Years whose schedule an administrator declared fully entered as overrides. */
  knownYears?: number[];
}

export function createWorkingDayCalendar(options: WorkingDayCalendarOptions): WorkingDayCalendar {
  const schedule = new Map(published);
  for (const { date, kind } of options.overrides) {
    // A malformed date would never match a day and so be ignored without a word.
    toDay(date);
    schedule.set(date, kind);
  }
  // An override alone does not make its year known: one corrected day says nothing of the others.
  const known = new Set([...publishedYears, ...(options.knownYears ?? [])]);

  /** Whether day is a working day; a year without a schedule is recorded in `unknown`. */
  function working(day: number, unknown: Set<number>): boolean {
    const year = yearOf(day);
    if (!known.has(year)) unknown.add(year);
    const kind = schedule.get(toDate(day));
    if (kind) return kind === 'workday';
    const weekday = new Date(day * DAY_MS).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  function add(start: number, n: number, unknown: Set<number>): number {
    const step = Math.sign(n);
    let day = start;
    for (let left = Math.abs(n); left > 0; ) {
      day += step;
      if (working(day, unknown)) left -= 1;
    }
    return day;
  }

  const sorted = (years: Set<number>) => [...years].sort((a, b) => a - b);

  function addWorkingDays(start: string, n: number): WorkingDayResult {
    requireInteger(n, 'the number of working days');
    const unknown = new Set<number>();
    const day = add(toDay(start), n, unknown);
    return { date: toDate(day), unknownYears: sorted(unknown) };
  }

  return {
    isWorkingDay: (date) => working(toDay(date), new Set()),
    isKnownYear: (year) => known.has(year),
    knownYears: () => sorted(known),
    addWorkingDays,
    previousWorkingDay: (date) => addWorkingDays(date, -1),

    workingDaysBetween(from, to) {
      const first = toDay(from);
      const last = toDay(to);
      if (last < first) throw new RangeError(`${to} is before ${from}`);
      const unknown = new Set<number>();
      let days = 0;
      for (let day = first + 1; day <= last; day += 1) if (working(day, unknown)) days += 1;
      return { days, unknownYears: sorted(unknown) };
    },

    dueAt(acceptedAt, workingDays): DueDate {
      const accepted = acceptedAt.getTime();
      if (Number.isNaN(accepted)) throw new RangeError('acceptedAt is not a valid date');
      requireInteger(workingDays, 'workingDays');
      if (workingDays < 0) throw new RangeError(`workingDays must not be negative, got ${workingDays}`);
      const unknown = new Set<number>();
      const due = add(Math.floor((accepted + CHINA_OFFSET_MS) / DAY_MS), workingDays, unknown);
      const warn = add(due, -1, unknown);
      return {
        date: toDate(due),
        dueAt: new Date(closingInstant(due)),
        // A case accepted with one working day or less to go is in warning from the start.
        warnAt: new Date(Math.max(closingInstant(warn), accepted)),
        unknownYears: sorted(unknown),
      };
    },
  };
}
