/**
 * feel-scala's string(from) (ConversionBuiltinFunctions, Val#toString), which feelin formats
 * differently for durations, contexts and the items of lists and contexts. Handed to feelin in the
 * evaluation context, beneath the variables, like the Camunda extensions.
 *
 * Source: docs.camunda.io 8.8, builtin-functions/feel-built-in-functions-conversion; the formats are
 * feel-scala 1.19's (the version Zeebe 8.8 ships).
 */
import { FeelDate, FeelDateTime, FeelDuration, FeelFunction, FeelRange, FeelTime } from 'feelin';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function part(amount: number, unit: string): string {
  return amount === 0 ? '' : `${amount}${unit}`;
}

/** feel-scala: "P1Y2M", "P0Y" for zero, one leading minus sign for a negative duration. */
function yearsMonths(totalMonths: number): string {
  if (totalMonths === 0) return 'P0Y';
  const abs = Math.abs(totalMonths);
  return `${totalMonths < 0 ? '-' : ''}P${part(Math.trunc(abs / 12), 'Y')}${part(abs % 12, 'M')}`;
}

/** feel-scala: days, hours, minutes and whole seconds ("P1DT12H", "PT5H"), "P0D" for zero. */
function daysTime(totalMs: number): string {
  // java.time.Duration#getSeconds rounds towards negative infinity, its toDays/toHours/toMinutes towards zero
  const seconds = Math.floor(totalMs / 1000);
  const [d, h, m, s] = [Math.trunc(seconds / 86_400), Math.trunc(seconds / 3_600) % 24, Math.trunc(seconds / 60) % 60, seconds % 60];
  if (d === 0 && h === 0 && m === 0 && s === 0) return 'P0D';
  const negative = d <= 0 && h <= 0 && m <= 0 && s <= 0;
  const [dd, hh, mm, ss] = negative ? [-d, -h, -m, -s] : [d, h, m, s];
  const time = `${part(hh, 'H')}${part(mm, 'M')}${part(ss, 'S')}`;
  return `${negative ? '-' : ''}P${part(dd, 'D')}${time === '' ? '' : `T${time}`}`;
}

/** A duration's length: months for a years-months duration, milliseconds for a days-time one (a day is 24 hours). */
export function durationAmount(duration: FeelDuration): number {
  const d = duration.unwrap();
  if (duration.yearsMonths) return d.years * 12 + d.months;
  return ((d.days * 24 + d.hours) * 60 + d.minutes) * 60_000 + d.seconds * 1000 + d.milliseconds + d.microseconds / 1e3 + d.nanoseconds / 1e6;
}

function formatDuration(duration: FeelDuration): string {
  return duration.yearsMonths ? yearsMonths(durationAmount(duration)) : daysTime(durationAmount(duration));
}

/** A value as feel-scala writes it inside a list or context: strings quoted, null as "null". */
function valueText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(valueText).join(', ')}]`;
  if (isPlainObject(value)) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}:${valueText(item)}`)
      .join(', ')}}`;
  }
  if (value instanceof FeelDuration) return formatDuration(value);
  if (value instanceof FeelRange) {
    return `${value['start included'] ? '[' : '('}${valueText(value.start)}..${valueText(value.end)}${value['end included'] ? ']' : ')'}`;
  }
  if (value instanceof FeelFunction) return `function(${value.parameterNames.join(', ')})`;
  // dates, times and date-times: feelin's ISO text is feel-scala's (offset left out when a zone id is present)
  if (value instanceof FeelDate || value instanceof FeelTime || value instanceof FeelDateTime) return value.toString();
  // nothing else is a FEEL value
  return 'null';
}

/** string(from): null for null, a string unchanged, anything else as feel-scala writes it. */
export function feelScalaString(from: unknown): string | null {
  if (from === null || from === undefined) return null;
  return typeof from === 'string' ? from : valueText(from);
}

export const STRING_FUNCTION = new FeelFunction(feelScalaString, ['from']);
