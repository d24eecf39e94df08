/**
 * feel-scala's arithmetic on dates, times and durations (FeelInterpreter 1.19 addOp, subOp, mulOp,
 * divOp), for the operators arithmetic.ts rewrites. feelin has no duration multiplication or
 * division at all (`duration("P1D") * 2` is null), turns `date + duration("PT1H")` into a date-time
 * where feel-scala keeps a date, subtracts zoned date-times by their wall clocks, and subtracts
 * values feel-scala refuses (a date from a date-time, a local time from a zoned one). The cases
 * where feelin computes what feel-scala computes are handed to feelin's own operator.
 */
import { duration, evaluate, FeelDate, FeelDateTime, FeelDuration, FeelFunction, FeelTime } from 'feelin';

/** feel-scala's value types that take part in arithmetic (ValDate, ValLocalTime, ValTime, ...). */
type Kind = 'date' | 'local time' | 'time' | 'local date-time' | 'date-time' | 'years-months' | 'days-time' | 'number' | undefined;

function kindOf(v: unknown): Kind {
  if (typeof v === 'number') return 'number';
  if (v instanceof FeelDate) return 'date';
  if (v instanceof FeelTime) return v.zone === null ? 'local time' : 'time';
  if (v instanceof FeelDateTime) return v.zone === null ? 'local date-time' : 'date-time';
  if (v instanceof FeelDuration) return v.yearsMonths ? 'years-months' : 'days-time';
  return undefined;
}

/** feelin's own operator, built once per operator. */
const feelinOperators = new Map<string, (a: unknown, b: unknown) => unknown>();

function feelin(operator: string, a: unknown, b: unknown): unknown {
  let op = feelinOperators.get(operator);
  if (!op) {
    const fn = evaluate(`function(a, b) a ${operator} b`, {}).value as FeelFunction;
    op = (x, y) => fn.invoke([x, y]);
    feelinOperators.set(operator, op);
  }
  return op(a, b);
}

/** BigDecimal#intValue: the whole part, wrapped to 32 bits as Java's int. */
const intValue = (n: number): number => Math.trunc(n) | 0;

const totalMonths = (d: FeelDuration): number => d.value.years * 12 + d.value.months;
/** a days-time duration's days are 24 hours, as in java.time.Duration */
function totalMillis(d: FeelDuration): number {
  const { days, hours, minutes, seconds, milliseconds } = d.value;
  return (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000 + milliseconds;
}
const months = (n: number): FeelDuration => duration(`${n < 0 ? '-' : ''}P${Math.abs(n)}M`) as FeelDuration;
const millis = (n: number): FeelDuration => duration(n) as FeelDuration;

/** A zone named by region (not a fixed offset): there a day is not always 24 hours. */
const isRegion = (zone: string): boolean => !/^(?:UTC|Z|[+-]\d{2}:\d{2}(?::\d{2})?)$/.test(zone);

function epochMillis(dt: FeelDateTime): number {
  return dt.value.toZonedDateTime(dt.zone ?? 'UTC').epochMilliseconds;
}

/** ZonedTime#nanos: the time of day at UTC, here in milliseconds. */
function utcMillisOfDay(t: FeelTime): number {
  const { hour, minute, second, millisecond } = t.value;
  return ((hour * 60 + minute) * 60 + second) * 1000 + millisecond - totalMillis(t['time offset']);
}

/** instant ± duration, the duration already on the right. */
function shift(operator: string, instant: unknown, kind: Kind, dur: FeelDuration): unknown {
  const sign = operator === '+' ? 1 : -1;
  switch (kind) {
    case 'local time':
    case 'time':
      // LocalTime and ZonedTime have no plus(Period)
      return dur.yearsMonths ? null : feelin(operator, instant, dur);
    case 'date':
      if (dur.yearsMonths) return feelin(operator, instant, dur);
      // atStartOfDay().plus(duration).toLocalDate: a date stays a date
      return new FeelDate((instant as FeelDate).value.toPlainDateTime().add(sign > 0 ? dur.value : dur.value.negated()).toPlainDate());
    case 'date-time': {
      const dt = instant as FeelDateTime;
      if (dur.yearsMonths || !isRegion(dt.zone as string)) return feelin(operator, instant, dur);
      // ZonedDateTime#plus(Duration) adds exact time, so a day across a DST change is 24 hours
      const zoned = dt.value.toZonedDateTime(dt.zone as string).add({ milliseconds: sign * totalMillis(dur) });
      return new FeelDateTime(zoned.toPlainDateTime(), dt.zone);
    }
    case 'local date-time':
      return feelin(operator, instant, dur);
    default:
      return null;
  }
}

function add(a: unknown, b: unknown): unknown {
  const [ka, kb] = [kindOf(a), kindOf(b)];
  const durationA = ka === 'years-months' || ka === 'days-time';
  const durationB = kb === 'years-months' || kb === 'days-time';
  if (durationA && durationB) return ka === kb ? feelin('+', a, b) : null;
  if (durationB) return shift('+', a, ka, b as FeelDuration);
  // duration + instant is instant + duration, except that no time takes a years-months duration either way
  if (durationA) return shift('+', b, kb, a as FeelDuration);
  return null;
}

function subtract(a: unknown, b: unknown): unknown {
  const [ka, kb] = [kindOf(a), kindOf(b)];
  if (kb === 'years-months' || kb === 'days-time') {
    if (ka === 'years-months' || ka === 'days-time') return ka === kb ? feelin('-', a, b) : null;
    return shift('-', a, ka, b as FeelDuration);
  }
  if (ka !== kb) return null;
  switch (ka) {
    case 'date':
    case 'local time':
    case 'local date-time':
      return feelin('-', a, b);
    case 'time':
      // ZonedTime.between: the distance, without a sign
      return millis(Math.abs(utcMillisOfDay(a as FeelTime) - utcMillisOfDay(b as FeelTime)));
    case 'date-time':
      return millis(epochMillis(a as FeelDateTime) - epochMillis(b as FeelDateTime));
    default:
      return null;
  }
}

/** Duration#multipliedBy and Period#multipliedBy take the number's whole part. */
function multiply(a: unknown, b: unknown): unknown {
  const [ka, kb] = [kindOf(a), kindOf(b)];
  if (ka === 'number' && kb !== 'number') return multiply(b, a);
  if (kb !== 'number') return null;
  const factor = intValue(b as number);
  if (ka === 'years-months') return months(totalMonths(a as FeelDuration) * factor);
  if (ka === 'days-time') return millis(totalMillis(a as FeelDuration) * factor);
  return null;
}

/**
 * A duration by a number keeps the quotient's whole part as months or milliseconds (an int, so a
 * days-time quotient above 2^31 ms, about 24.8 days, wraps as in feel-scala); a duration by a
 * duration of its kind is the whole months or milliseconds of Long division.
 */
function divide(a: unknown, b: unknown): unknown {
  const [ka, kb] = [kindOf(a), kindOf(b)];
  if (ka === 'years-months' && kb === 'number') return b === 0 ? null : months(intValue(totalMonths(a as FeelDuration) / (b as number)));
  if (ka === 'days-time' && kb === 'number') return b === 0 ? null : millis(intValue(totalMillis(a as FeelDuration) / (b as number)));
  if ((ka === 'years-months' || ka === 'days-time') && ka === kb) {
    const [x, y] = ka === 'years-months' ? [totalMonths(a as FeelDuration), totalMonths(b as FeelDuration)] : [totalMillis(a as FeelDuration), totalMillis(b as FeelDuration)];
    return y === 0 ? null : Math.trunc(x / y);
  }
  return null;
}

/** feel-scala's result of a binary arithmetic operator with an operand that is no number or string; null where it has none. */
export function temporalArithmetic(operator: string, a: unknown, b: unknown): unknown {
  switch (operator) {
    case '+':
      return add(a, b);
    case '-':
      return subtract(a, b);
    case '*':
      return multiply(a, b);
    case '/':
      return divide(a, b);
    default:
      return null;
  }
}
