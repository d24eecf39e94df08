/**
 * ISO 8601 timer values (durations, dates, repeating intervals) and Spring cron expressions as Zeebe
 * understands them. Calendar arithmetic is done in UTC, the zone a Zeebe broker runs in by default.
 */

export class TimerValueError extends Error {
  override readonly name = 'TimerValueError';
  readonly code = 'INVALID_TIMER';

  constructor(
    readonly value: string,
    reason: string,
  ) {
    super(`Invalid timer value '${value}': ${reason}`);
  }
}

const SECOND_MS = 1000;
const DAY_MS = 86_400_000;
/** Leap days combined with weekdays repeat every 28 years, so a cron day that exists occurs within this span. */
const CRON_SEARCH_DAYS = 366 * 28;

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

/** Date.UTC maps years 0–99 to 1900–1999; ISO years are literal. */
function utcMs(year: number, month0: number, day: number, ms: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month0, day);
  return d.getTime() + ms;
}

// ---- durations ----------------------------------------------------------------------------------

interface IsoDuration {
  years: number;
  months: number;
  days: number;
  /** hours, minutes and seconds: exact time, not calendar based */
  ms: number;
}

const DURATION =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i;

function parseDuration(value: string, iso: string): IsoDuration {
  const m = DURATION.exec(iso);
  if (!m || /T$/i.test(iso) || m.slice(1).every((g) => g === undefined)) {
    throw new TimerValueError(value, 'expected an ISO 8601 duration like P1DT2H or PT30S');
  }
  const n = (g: string | undefined) => (g === undefined ? 0 : Number(g.replace(',', '.')));
  return {
    years: n(m[1]),
    months: n(m[2]),
    days: n(m[3]) * 7 + n(m[4]),
    ms: Math.round(n(m[5]) * 3_600_000 + n(m[6]) * 60_000 + n(m[7]) * SECOND_MS),
  };
}

function isZero(d: IsoDuration): boolean {
  return d.years === 0 && d.months === 0 && d.days === 0 && d.ms === 0;
}

function addDuration(fromMs: number, d: IsoDuration, value: string): number {
  const from = new Date(fromMs);
  const totalMonths = from.getUTCFullYear() * 12 + from.getUTCMonth() + d.years * 12 + d.months;
  const year = Math.floor(totalMonths / 12);
  const month0 = totalMonths % 12;
  // like java.time: a month step that lands past the month's end clamps to its last day
  const day = Math.min(from.getUTCDate(), daysInMonth(year, month0));
  const timeOfDay = mod(fromMs, DAY_MS);
  const result = utcMs(year, month0, day + d.days, timeOfDay) + d.ms;
  if (!Number.isFinite(result) || Number.isNaN(new Date(result).getTime())) {
    throw new TimerValueError(value, 'the resulting date is out of range');
  }
  return result;
}

export function addIsoDuration(fromMs: number, iso: string): number {
  return addDuration(fromMs, parseDuration(iso, iso.trim()), iso);
}

// ---- dates --------------------------------------------------------------------------------------

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}(?::\d{2})?)?(?:\[([^\]]+)\])?$/i;

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(zone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zoneFormats.set(zone, format);
  }
  return format;
}

function zoneOffsetMs(zone: string, instantMs: number): number {
  const wholeSecond = instantMs - mod(instantMs, SECOND_MS);
  const parts: Record<string, number> = {};
  for (const p of zoneFormat(zone).formatToParts(wholeSecond)) parts[p.type] = Number(p.value);
  const wall = utcMs(parts.year, parts.month - 1, parts.day, ((parts.hour * 60 + parts.minute) * 60 + parts.second) * SECOND_MS);
  return wall - wholeSecond;
}

/**
 * Resolves a wall-clock time in a region zone like java.time's ZonedDateTime.ofLocal: an overlap
 * takes the earlier offset, and a time in a DST gap moves forward by the gap's length.
 */
function resolveInZone(localMs: number, zone: string): number {
  const isValid = (offset: number) => zoneOffsetMs(zone, localMs - offset) === offset;
  const before = zoneOffsetMs(zone, localMs - DAY_MS);
  const after = zoneOffsetMs(zone, localMs + DAY_MS);
  if (isValid(before)) return localMs - before;
  if (isValid(after)) return localMs - after;
  return localMs - before;
}

function parseOffsetMs(offset: string): number {
  if (offset.toUpperCase() === 'Z') return 0;
  const [h, m, s = 0] = offset.slice(1).split(':').map(Number);
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * ((h * 60 + m) * 60 + s) * SECOND_MS;
}

function parseDateTime(value: string, text: string): number {
  const m = DATE_TIME.exec(text);
  if (!m) {
    throw new TimerValueError(
      value,
      'expected an ISO 8601 date-time with zone, like 2026-01-01T10:00:00Z or 2026-01-01T10:00:00+08:00',
    );
  }
  const [, y, mo, d, h, mi, s = '0', fraction = '', offset, zone] = m;
  const year = Number(y);
  const month0 = Number(mo) - 1;
  const day = Number(d);
  if (offset === undefined && zone === undefined) {
    throw new TimerValueError(value, 'the date-time has no zone offset or zone id');
  }
  if (month0 < 0 || month0 > 11 || day < 1 || day > daysInMonth(year, month0)) {
    throw new TimerValueError(value, 'no such date');
  }
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw new TimerValueError(value, 'no such time of day');
  }
  const offsetMs = offset === undefined ? undefined : parseOffsetMs(offset);
  if (offsetMs !== undefined && Math.abs(offsetMs) > 18 * 3_600_000) {
    throw new TimerValueError(value, 'the zone offset is out of range');
  }
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const localMs = utcMs(year, month0, day, ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * SECOND_MS + millis);
  if (zone !== undefined) {
    try {
      zoneFormat(zone);
    } catch {
      throw new TimerValueError(value, `unknown zone id '${zone}'`);
    }
  }
  // like java.time's parser, a given offset fixes the instant and the zone id only names the region
  if (offsetMs !== undefined) return localMs - offsetMs;
  return resolveInZone(localMs, zone);
}

export function parseIsoDate(iso: string): number {
  return parseDateTime(iso, iso.trim());
}

// ---- cron ---------------------------------------------------------------------------------------

type DayTest = (year: number, month0: number, day: number, weekday: number) => boolean;

interface Cron {
  seconds: boolean[];
  minutes: boolean[];
  hours: boolean[];
  /** indexed 1–12 */
  months: boolean[];
  /** day-of-month and day-of-week must both match (Spring's semantics, unlike Unix cron's OR) */
  day: DayTest;
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** Spring numbers days like java.time (MON=1 … SUN=7) and also accepts 0 for Sunday. */
const DAY_NAMES = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

const CRON_MACROS: Record<string, string> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};

function cronValue(spec: string, token: string, min: number, max: number, names?: string[]): number {
  const named = names?.indexOf(token.toUpperCase()) ?? -1;
  const n = named >= 0 ? named + 1 : /^\d+$/.test(token) ? Number(token) : NaN;
  if (!(n >= min && n <= max)) {
    throw new TimerValueError(spec, `'${token}' is not a value between ${min} and ${max}`);
  }
  return n;
}

function parseCronSet(spec: string, field: string, min: number, max: number, names?: string[]): boolean[] {
  const set = new Array<boolean>(max + 1).fill(false);
  for (const part of field.split(',')) {
    const m = /^(\*|\?|[^/-]+)(?:-([^/-]+))?(?:\/(\d+))?$/.exec(part);
    if (!m || (m[1] === '?' && m[3] !== undefined) || (m[2] !== undefined && (m[1] === '*' || m[1] === '?'))) {
      throw new TimerValueError(spec, `cannot parse cron field '${field}'`);
    }
    const wildcard = m[1] === '*' || m[1] === '?';
    const start = wildcard ? min : cronValue(spec, m[1], min, max, names);
    const end = m[2] !== undefined ? cronValue(spec, m[2], min, max, names) : wildcard || m[3] !== undefined ? max : start;
    const step = m[3] === undefined ? 1 : Number(m[3]);
    if (start > end || step < 1) throw new TimerValueError(spec, `invalid range in cron field '${field}'`);
    for (let v = start; v <= end; v += step) set[v] = true;
  }
  return set;
}

function parseDayOfMonth(spec: string, field: string): DayTest {
  const last = /^L(?:-(\d+))?$/i.exec(field);
  if (last) {
    const offset = Number(last[1] ?? 0);
    if (offset > 30) throw new TimerValueError(spec, `invalid cron field '${field}'`);
    return (year, month0, day) => day === daysInMonth(year, month0) - offset;
  }
  const set = parseCronSet(spec, field, 1, 31);
  return (_year, _month0, day) => set[day];
}

function parseDayOfWeek(spec: string, field: string): DayTest {
  // Date.getUTCDay() counts Sunday as 0; Spring's 7 is Sunday too
  const weekday = (token: string) => cronValue(spec, token, 0, 7, DAY_NAMES) % 7;
  const nth = /^(\w+)#([1-5])$/.exec(field);
  if (nth) {
    const wanted = weekday(nth[1]);
    const ordinal = Number(nth[2]);
    return (_year, _month0, day, wd) => wd === wanted && Math.ceil(day / 7) === ordinal;
  }
  const last = /^(\w+)L$/i.exec(field);
  if (last) {
    const wanted = weekday(last[1]);
    return (year, month0, day, wd) => wd === wanted && day + 7 > daysInMonth(year, month0);
  }
  const set = parseCronSet(spec, field, 0, 7, DAY_NAMES);
  if (set[7]) set[0] = true;
  return (_year, _month0, _day, wd) => set[wd];
}

function parseCron(spec: string): Cron {
  const fields = (CRON_MACROS[spec.trim().toLowerCase()] ?? spec).trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new TimerValueError(
      spec,
      'expected a repeating interval like R5/PT10S or a cron expression with 6 fields (second minute hour day-of-month month day-of-week)',
    );
  }
  const dayOfMonth = parseDayOfMonth(spec, fields[3]);
  const dayOfWeek = parseDayOfWeek(spec, fields[5]);
  return {
    seconds: parseCronSet(spec, fields[0], 0, 59),
    minutes: parseCronSet(spec, fields[1], 0, 59),
    hours: parseCronSet(spec, fields[2], 0, 23),
    months: parseCronSet(spec, fields[4], 1, 12, MONTH_NAMES),
    day: (y, m, d, wd) => dayOfMonth(y, m, d, wd) && dayOfWeek(y, m, d, wd),
  };
}

/** The first second of the day at or after `fromSecond` that the cron's time fields allow. */
function firstSecondOfDay(cron: Cron, fromSecond: number): number | undefined {
  const h0 = Math.floor(fromSecond / 3600);
  const m0 = Math.floor(fromSecond / 60) % 60;
  const s0 = fromSecond % 60;
  for (let h = h0; h < 24; h++) {
    if (!cron.hours[h]) continue;
    for (let m = h === h0 ? m0 : 0; m < 60; m++) {
      if (!cron.minutes[m]) continue;
      for (let s = h === h0 && m === m0 ? s0 : 0; s < 60; s++) {
        if (cron.seconds[s]) return (h * 60 + m) * 60 + s;
      }
    }
  }
  return undefined;
}

/** The first instant strictly after `afterMs` matching the cron, in UTC. */
function nextCronTime(spec: string, cron: Cron, afterMs: number): number {
  const start = afterMs - mod(afterMs, SECOND_MS) + SECOND_MS;
  let dayStart = start - mod(start, DAY_MS);
  let fromSecond = (start - dayStart) / SECOND_MS;
  for (let i = 0; i < CRON_SEARCH_DAYS; i++, dayStart += DAY_MS, fromSecond = 0) {
    const date = new Date(dayStart);
    const month0 = date.getUTCMonth();
    if (!cron.months[month0 + 1]) continue;
    if (!cron.day(date.getUTCFullYear(), month0, date.getUTCDate(), date.getUTCDay())) continue;
    const second = firstSecondOfDay(cron, fromSecond);
    if (second !== undefined) return dayStart + second * SECOND_MS;
  }
  throw new TimerValueError(spec, 'the cron expression never fires');
}

// ---- cycles -------------------------------------------------------------------------------------

export interface CycleState {
  /** firings still to come after the one being scheduled; null = infinite */
  repetitionsLeft: number | null;
  /** the cycle value as written, re-parsed for each following firing */
  spec: string;
}

/**
 * The shortest interval a repeating timer may have unless ENGINE_TIMER_MIN_CYCLE_SECONDS sets a
 * longer one: a cron cycle cannot go below a second either, so neither can the setting.
 */
export const DEFAULT_MIN_CYCLE_INTERVAL_MS = 1000;

type Cycle =
  | { kind: 'interval'; repetitions: number | null; startMs?: number; interval: IsoDuration }
  | { kind: 'cron'; cron: Cron };

/** `minIntervalMs` refuses a repeating interval below it; cron cycles are throttled instead (nextCycleDue). */
function parseCycle(spec: string, minIntervalMs: number): Cycle {
  const text = spec.trim();
  // Zeebe treats every cycle that does not start with R as a cron expression
  if (!/^R/i.test(text)) return { kind: 'cron', cron: parseCron(spec) };
  const m = /^R(\d*)\/(?:(.+)\/)?([^/]+)$/i.exec(text);
  if (!m) {
    throw new TimerValueError(spec, 'expected a repeating interval like R5/PT10S, R/P1D or R3/2026-01-01T10:00:00Z/P1D');
  }
  const interval = parseDuration(spec, m[3]);
  if (isZero(interval)) throw new TimerValueError(spec, 'the interval of a cycle must be longer than zero');
  // R/PT0.001S started hundreds of instances a second; cron cycles cannot go below a second either
  if (interval.years === 0 && interval.months === 0 && interval.days === 0 && interval.ms < minIntervalMs) {
    throw new TimerValueError(spec, `the interval of a cycle must be at least ${minIntervalMs / 1000} s`);
  }
  return {
    kind: 'interval',
    repetitions: m[1] === '' ? null : Number(m[1]),
    startMs: m[2] === undefined ? undefined : parseDateTime(spec, m[2]),
    interval,
  };
}

/**
 * When the timer first fires. A date in the past and a zero or negative duration yield a due time
 * at or before `nowMs`: the timer fires at once, as in Zeebe.
 */
export function firstDue(
  kind: 'duration' | 'date' | 'cycle',
  value: string,
  nowMs: number,
  /** the engine's minimum cycle interval: a repeating interval below it is refused */
  minCycleIntervalMs = DEFAULT_MIN_CYCLE_INTERVAL_MS,
): { dueAt: number; cycle?: CycleState } {
  if (kind === 'date') return { dueAt: parseIsoDate(value) };
  if (kind === 'duration') {
    const text = value.trim();
    if (text.startsWith('-')) {
      parseDuration(value, text.slice(1));
      return { dueAt: nowMs };
    }
    return { dueAt: addDuration(nowMs, parseDuration(value, text), value) };
  }
  const cycle = parseCycle(value, minCycleIntervalMs);
  if (cycle.kind === 'cron') {
    return { dueAt: nextCronTime(value, cycle.cron, nowMs), cycle: { repetitionsLeft: null, spec: value } };
  }
  return {
    dueAt: cycle.startMs ?? addDuration(nowMs, cycle.interval, value),
    // R0 still fires once: Zeebe schedules the first firing before it looks at the count
    cycle: { repetitionsLeft: cycle.repetitions === null ? null : Math.max(cycle.repetitions - 1, 0), spec: value },
  };
}

/**
 * The firing after the one due at `lastDueAt`, or undefined when the repetitions are used up.
 * Given `nowMs`, an occurrence that is already overdue is re-anchored on now, like Zeebe does, so a
 * timer that missed several intervals fires once rather than catching up on each of them.
 * Never sooner than `minCycleIntervalMs` after the last: a cron cycle firing more often (every
 * second while the minimum is a minute), or a cycle scheduled before the minimum was raised, is
 * throttled to it rather than stopped, as it was accepted when first scheduled.
 */
export function nextCycleDue(
  cycle: CycleState,
  lastDueAt: number,
  nowMs?: number,
  minCycleIntervalMs = DEFAULT_MIN_CYCLE_INTERVAL_MS,
): { dueAt: number; cycle: CycleState } | undefined {
  if (cycle.repetitionsLeft === 0) return undefined;
  const parsed = parseCycle(cycle.spec, 0);
  const repetitionsLeft = cycle.repetitionsLeft === null ? null : cycle.repetitionsLeft - 1;
  const earliest = lastDueAt + minCycleIntervalMs;
  if (parsed.kind === 'cron') {
    // strictly after `after`: one millisecond before the earliest lets a firing on it through
    const after = Math.max(lastDueAt, nowMs ?? lastDueAt, earliest - 1);
    return { dueAt: nextCronTime(cycle.spec, parsed.cron, after), cycle: { repetitionsLeft, spec: cycle.spec } };
  }
  const natural = addDuration(lastDueAt, parsed.interval, cycle.spec);
  const dueAt = nowMs !== undefined && natural <= nowMs ? addDuration(nowMs, parsed.interval, cycle.spec) : natural;
  return { dueAt: Math.max(dueAt, earliest), cycle: { repetitionsLeft, spec: cycle.spec } };
}
