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
