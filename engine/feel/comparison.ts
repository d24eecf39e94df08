/**
 * feel-scala's comparison rule on top of feelin: "Both values must be of the same type. Otherwise,
 * the result is null" (docs.camunda.io 8.8, language-guide/feel-boolean-expressions). feelin
 * evaluates `<`, `<=`, `>`, `>=`, `between`, intervals (`[1..5]`) and the comparison unary tests of
 * DMN input entries (`>= 1000`) as membership in a FeelRange, and FeelRange#includes orders values
 * of any type (`"unknown" >= 1000` is true there). feelin builds those ranges inside its interpreter,
 * which it does not export, so the check is put on the class it does export: the membership test
 * answers null, as feel-scala's comparison does, when the value is not of its bounds' type. A null
 * unary test does not match, so a DMN rule with a mismatched input does not fire.
 */
import { FeelDate, FeelDateTime, FeelDuration, FeelRange, FeelTime } from 'feelin';

/**
 * feel-scala's comparable types; a local and a zoned time (or date-time), or a years-months and a
 * days-time duration, are different types there (ValLocalTime/ValTime, ValYearMonthDuration/ValDayTimeDuration).
 */
function comparableType(value: unknown): string | undefined {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  if (value instanceof FeelDate) return 'date';
  if (value instanceof FeelTime) return value.zone === null ? 'local time' : 'time';
  if (value instanceof FeelDateTime) return value.zone === null ? 'local date-time' : 'date-time';
  if (value instanceof FeelDuration) return value.yearsMonths ? 'years-months duration' : 'days-time duration';
  return undefined;
}

/** Whether feel-scala compares the two values; false also when either is not comparable at all. */
export function comparable(a: unknown, b: unknown): boolean {
  const type = comparableType(a);
  return type !== undefined && type === comparableType(b);
}

/** feelin's name of a comparable value's type, which its range needs to order temporals. */
function rangeValueType(value: unknown): string {
  if (value instanceof FeelDate) return 'date';
  if (value instanceof FeelTime) return 'time';
  if (value instanceof FeelDateTime) return 'date time';
  if (value instanceof FeelDuration) return 'duration';
  return typeof value;
}

/**
 * -1, 0 or 1 for two values that are `comparable`. Temporals are ordered by feelin's own range
 * membership (instants, durations by length), so both operators agree with its ranges.
 */
export function order(a: unknown, b: unknown): number {
  if (typeof a === 'number' || typeof a === 'string') return a < (b as typeof a) ? -1 : a > (b as typeof a) ? 1 : 0;
  const valueType = rangeValueType(b);
  const below = new FeelRange({ start: null, end: b, 'start included': false, 'end included': false, valueType });
  if (below.includes(a) === true) return -1;
  const at = new FeelRange({ start: b, end: b, 'start included': true, 'end included': true, valueType });
  return at.includes(a) === true ? 0 : 1;
}

const isNil = (v: unknown): v is null | undefined => v === null || v === undefined;

function isContext(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * feel-scala's `=` (ValComparator): null equals only null; lists item by item and contexts key by
 * key, where items that cannot be compared count as unequal; values of different types (a list
 * and a number too: no singleton-list coercion) are null.
 */
export function feelEquals(a: unknown, b: unknown): boolean | null {
  if (isNil(a) || isNil(b)) return isNil(a) && isNil(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => feelEquals(item, b[i]) === true);
  }
  if (isContext(a) && isContext(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && feelEquals(a[key], b[key]) === true);
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b;
  return comparable(a, b) ? order(a, b) === 0 : null;
}

/**
 * feel-scala's isComparable for a list: not empty, its items comparable and all of one type. Two
 * such lists pass feel-scala's type check for `<` and friends, and the comparison itself then
 * fails the evaluation (Val#compare knows no lists).
 */
export function isComparableList(v: unknown): v is unknown[] {
  return Array.isArray(v) && v.length > 0 && comparableType(v[0]) !== undefined && v.every((item) => comparableType(item) === comparableType(v[0]));
}

let installed = false;

/** Puts the type check on FeelRange#includes, once per process. */
export function installComparisonTypeCheck(): void {
  if (installed) return;
  installed = true;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the range as this
  const includes = FeelRange.prototype.includes;
  FeelRange.prototype.includes = function includesOfSameType(this: FeelRange, value: unknown) {
    // null probes and ranges within ranges keep feelin's answer (null, resp. range containment)
    if (value !== null && value !== undefined && !(value instanceof FeelRange)) {
      for (const bound of [this.start, this.end]) {
        if (bound !== null && bound !== undefined && !comparable(value, bound)) return null;
      }
    }
    return includes.call(this, value);
  } as typeof includes;
}
