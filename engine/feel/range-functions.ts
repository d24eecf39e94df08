/**
 * The range built-ins feelin declares but does not implement (it fails them, so they gave null):
 * overlaps before, overlaps after, finishes, finished by, during, starts, started by, coincides.
 * Written after feel-scala 1.19's RangeBuiltinFunction; arguments it does not accept (not ranges or
 * points where it expects them, values of different or unordered types) give null.
 *
 * Source: docs.camunda.io 8.8, builtin-functions/feel-built-in-functions-range.
 */
import { FeelDate, FeelDateTime, FeelDuration, FeelFunction, FeelRange, FeelTime } from 'feelin';
import { comparable } from './comparison.js';
import { durationAmount } from './string-conversion.js';

/** A key that orders values of one comparable type; the caller has checked that both are of the same one. */
function orderKey(value: unknown): number | string {
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (value instanceof FeelDuration) return durationAmount(value);
  if (value instanceof FeelDateTime && value.zone !== null) return value.unwrap().toZonedDateTime(value.zone).epochMilliseconds;
  if (value instanceof FeelDate || value instanceof FeelDateTime) return value.unwrap().toString();
  if (value instanceof FeelTime && value.zone === null) return value.unwrap().toString();
  throw new RangeFunctionArgumentError();
}

class RangeFunctionArgumentError extends Error {}

/** -1, 0 or 1; throws RangeFunctionArgumentError for values feel-scala does not order against each other. */
function cmp(a: unknown, b: unknown): number {
  if (!comparable(a, b)) throw new RangeFunctionArgumentError();
  const [x, y] = [orderKey(a), orderKey(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

interface Bound {
  value: unknown;
  closed: boolean;
}

const startOf = (r: FeelRange): Bound => ({ value: r.start, closed: r['start included'] });
const endOf = (r: FeelRange): Bound => ({ value: r.end, closed: r['end included'] });
const isPoint = (v: unknown) => v !== null && v !== undefined && !(v instanceof FeelRange);

type Overload = (a: unknown, b: unknown) => boolean | undefined;

/** A range function of two arguments; undefined from the overload, or values it cannot order, give null. */
function rangeFunction(params: [string, string], body: Overload): FeelFunction {
  return new FeelFunction((a: unknown, b: unknown) => {
    try {
      return body(a, b) ?? null;
    } catch (err) {
      if (err instanceof RangeFunctionArgumentError) return null;
      throw err;
    }
  }, params);
}

function bothRanges(a: unknown, b: unknown): [Bound, Bound, Bound, Bound] | undefined {
  if (!(a instanceof FeelRange) || !(b instanceof FeelRange)) return undefined;
  return [startOf(a), endOf(a), startOf(b), endOf(b)];
}

/** s1 lies before s2, or at it with s1 closed and s2 open (a start reaching further left) */
const startsBefore = (s1: Bound, s2: Bound, c = cmp(s1.value, s2.value)) => c < 0 || (c === 0 && s1.closed && !s2.closed);

function overlapsBefore(a: unknown, b: unknown): boolean | undefined {
  const bounds = bothRanges(a, b);
  if (!bounds) return undefined;
  const [s1, e1, s2, e2] = bounds;
  const endToStart = cmp(e1.value, s2.value);
  const ends = cmp(e1.value, e2.value);
  return (
    startsBefore(s1, s2) &&
    (endToStart > 0 || (endToStart === 0 && e1.closed && s2.closed)) &&
    (ends < 0 || (ends === 0 && (!e1.closed || e2.closed)))
  );
}

function finishes(point: unknown, range: unknown): boolean | undefined {
  const bounds = bothRanges(point, range);
  if (bounds) {
    const [s1, e1, s2, e2] = bounds;
    const starts = cmp(s1.value, s2.value);
    return e1.closed === e2.closed && cmp(e1.value, e2.value) === 0 && (starts > 0 || (starts === 0 && (!s1.closed || s2.closed)));
  }
  if (isPoint(point) && range instanceof FeelRange) return range['end included'] && cmp(range.end, point) === 0;
  return undefined;
}

function during(point: unknown, range: unknown): boolean | undefined {
  const bounds = bothRanges(point, range);
  if (bounds) {
    const [s1, e1, s2, e2] = bounds;
    const starts = cmp(s2.value, s1.value);
    const ends = cmp(e2.value, e1.value);
    return (starts < 0 || (starts === 0 && (s2.closed || !s1.closed))) && (ends > 0 || (ends === 0 && (e2.closed || !e1.closed)));
  }
  if (!isPoint(point) || !(range instanceof FeelRange)) return undefined;
  const [toStart, toEnd] = [cmp(range.start, point), cmp(range.end, point)];
  return (toStart < 0 && toEnd > 0) || (toStart === 0 && range['start included']) || (toEnd === 0 && range['end included']);
}

function starts(point: unknown, range: unknown): boolean | undefined {
  const bounds = bothRanges(point, range);
  if (bounds) {
    const [s1, e1, s2, e2] = bounds;
    const ends = cmp(e1.value, e2.value);
    return cmp(s1.value, s2.value) === 0 && s1.closed === s2.closed && (ends < 0 || (ends === 0 && (!e1.closed || e2.closed)));
  }
  if (isPoint(point) && range instanceof FeelRange) return range['start included'] && cmp(range.start, point) === 0;
  return undefined;
}

function coincides(a: unknown, b: unknown): boolean | undefined {
  const bounds = bothRanges(a, b);
  if (bounds) {
    const [s1, e1, s2, e2] = bounds;
    return cmp(s1.value, s2.value) === 0 && s1.closed === s2.closed && cmp(e1.value, e2.value) === 0 && e1.closed === e2.closed;
  }
  if (isPoint(a) && isPoint(b)) return cmp(a, b) === 0;
  return undefined;
}

const flipped = (f: Overload): Overload => (a, b) => f(b, a);

export const RANGE_FUNCTIONS: Readonly<Record<string, FeelFunction>> = {
  'overlaps before': rangeFunction(['range1', 'range2'], overlapsBefore),
  'overlaps after': rangeFunction(['range1', 'range2'], flipped(overlapsBefore)),
  finishes: rangeFunction(['point', 'range'], finishes),
  'finished by': rangeFunction(['range', 'point'], flipped(finishes)),
  during: rangeFunction(['point', 'range'], during),
  starts: rangeFunction(['point', 'range'], starts),
  'started by': rangeFunction(['range', 'point'], flipped(starts)),
  coincides: rangeFunction(['point1', 'point2'], coincides),
};
