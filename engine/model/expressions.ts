/**
 * Reading attribute values the way Zeebe does: a leading '=' makes the value a FEEL expression,
 * anything else is a literal. Literal values Zeebe would reject at deployment are rejected here too,
 * checked with the same FEEL and timer parsers the runtime uses, so compile time and run time agree.
 */
import { feelSyntaxError } from '../feel/feel.js';
import { TimerValueError, firstDue, parseIsoDate } from '../timer/timer.js';
import type { Report } from './problems.js';
import type { Expr } from './types.js';

/** Checks a literal value; returns why it is unusable, or undefined when it is fine. */
export type StaticRule = (value: string) => string | undefined;

function checkFeelSyntax(source: string, attribute: string, report: Report): void {
  const error = feelSyntaxError(source);
  if (error !== undefined) {
    report(`FEEL syntax error in ${attribute}: ${error}`);
  }
}

export function readExpr(value: string, attribute: string, report: Report, rule?: StaticRule): Expr {
  if (value.startsWith('=')) {
    const source = value.slice(1);
    checkFeelSyntax(source, attribute, report);
    return { kind: 'feel', source };
  }
  // whether a value may be empty is decided by the caller, which reports a missing value itself
  const problem = value === '' ? undefined : rule?.(value);
  if (problem !== undefined) {
    report(`${attribute} ${problem}`);
  }
  return { kind: 'static', value };
}

/** For attributes Zeebe accepts only as expressions; returns the source without '='. */
export function readFeelOnly(value: string, attribute: string, report: Report): string {
  if (!value.startsWith('=')) {
    report(`${attribute} must be a FEEL expression starting with '=', got '${value}'`);
    return value;
  }
  const source = value.slice(1);
  checkFeelSyntax(source, attribute, report);
  return source;
}

function timerValue(check: (value: string) => unknown): StaticRule {
  return (value) => {
    try {
      check(value);
      return undefined;
    } catch (error) {
      if (error instanceof TimerValueError) {
        return `is invalid: ${error.message}`;
      }
      throw error;
    }
  };
}

function mustBe(test: (value: string) => boolean, expected: string): StaticRule {
  return (value) => (test(value) ? undefined : `must be ${expected}, got '${value}'`);
}

export const RULES = {
  duration: timerValue((value) => firstDue('duration', value, Date.now())),
  cycle: timerValue((value) => firstDue('cycle', value, Date.now())),
  dateTime: timerValue(parseIsoDate),
  priority: mustBe((value) => /^\d+$/.test(value.trim()) && Number(value) <= 100, 'an integer between 0 and 100'),
  csv: mustBe((value) => value.split(',').every((part) => part.trim() !== ''), "a list of comma-separated values, e.g. 'a,b,c'"),
} satisfies Record<string, StaticRule>;
