/**
 * FEEL evaluation with Zeebe (feel-scala) semantics on top of feelin: the engine clock drives
 * now()/today(), results are plain JSON values, and typed evaluations fail with Zeebe's messages.
 */
import {
  evaluate,
  unaryTest,
  parseExpression,
  parseUnaryTests,
  SyntaxError as FeelinSyntaxError,
  FeelFunction,
  FeelRange,
  FeelDate,
  FeelTime,
  FeelDateTime,
  FeelDuration,
  parseDate,
  parseDateTime,
  type Warning,
} from 'feelin';
import type { Expr, VariableMapping } from '../model/types.js';
import { DEFAULT_BUDGET, GUARD_FUNCTIONS, withinBudget, type FeelBudget } from './budget.js';
import { camundaFunctionsUsedBy } from './camunda-functions.js';
import { compiled, escapeLineBreaksInStrings, type Comparison, type CompiledExpression, type ConcatOperand } from './compile.js';
import { installComparisonTypeCheck } from './comparison.js';
import { ARITHMETIC_FUNCTIONS } from './arithmetic.js';
import { COMPARISON_FUNCTIONS } from './comparison-operators.js';
import { withCurrentListFunctionNames } from './deprecated-names.js';
import { QUANTIFIER_FUNCTIONS } from './logic.js';

installComparisonTypeCheck();

export type FeelErrorCode = 'FEEL_SYNTAX_ERROR' | 'FEEL_EVALUATION_ERROR';

export class FeelError extends Error {
  override readonly name = 'FeelError';

  constructor(
    readonly code: FeelErrorCode,
    readonly expression: string,
    message: string,
  ) {
    super(message);
  }
}

export interface FeelOptions {
  /** the engine clock (epoch ms); now() and today() read it instead of the system clock */
  nowMs: number;
  /** time and size allowed for one evaluation; DEFAULT_BUDGET unless given */
  budget?: FeelBudget;
}

type Vars = Record<string, unknown>;

interface RawResult {
  value: unknown;
  warnings: Warning[];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function syntaxMessage(source: string, err: FeelinSyntaxError): string {
  return `failed to parse expression '${source}': ${err.message} at position ${err.position.from}`;
}

/**
 * The syntax error of a text in one of feelin's grammars, or undefined. feelin only formats
 * syntax errors while building the execution tree, which happens before anything is evaluated,
 * so `build` throws without running the text.
 */
function syntaxErrorIn(source: string, parse: typeof parseExpression, build: (text: string) => unknown): string | undefined {
  const names = camundaFunctionsUsedBy(source);
  const text = withCurrentListFunctionNames(escapeLineBreaksInStrings(source), names);
  let hasError = false;
  parse(text, names, undefined).iterate({
    enter(node) {
      if (node.type.isError) hasError = true;
      return !hasError;
    },
  });
  if (!hasError) return undefined;
  try {
    build(text);
  } catch (err) {
    if (err instanceof FeelinSyntaxError) return syntaxMessage(source, err);
    return `failed to parse expression '${source}': ${(err as Error).message}`;
  }
  return `failed to parse expression '${source}'`;
}

export function feelSyntaxError(source: string): string | undefined {
  return syntaxErrorIn(source, parseExpression, (text) => evaluate(text, {}));
}

/** The syntax error of DMN input entries (unary tests such as `> 5`, `"a","b"`, `-`), or undefined. */
export function unaryTestsSyntaxError(source: string): string | undefined {
  return isAnything(source) ? undefined : syntaxErrorIn(source, parseUnaryTests, (text) => unaryTest(text, {}));
}

/** An empty input entry matches anything, like '-'. */
const isAnything = (source: string) => source.trim() === '' || source.trim() === '-';

const isNegated = (text: string) => /^\s*not\s*\(/.test(text);

/**
 * The tests inside `not(…)`, or undefined for an entry that is not negated. feel-scala negates
 * three-valued: "It returns true if the given unary-test evaluates to false" (language-guide/
 * feel-unary-tests), so a test that is null for the input (`not(< 10)` for "a" or null) does not
 * match, while feelin reads null as false and negates it to a match. `? in (tests)` is feelin's
 * three-valued form of the same tests.
 */
function negatedTests(text: string, names: Vars): string | undefined {
  const keyword = parseUnaryTests(text, names, undefined).topNode.firstChild;
  const open = keyword?.nextSibling;
  const tests = open?.nextSibling;
  const close = tests?.nextSibling;
  const shape = [keyword?.name, open?.name, tests?.name, close?.name].join(' ');
  if (shape !== 'not ( PositiveUnaryTests )' || !tests || close?.nextSibling) return undefined;
  return text.slice(tests.from, tests.to);
}

/** A whole entry `true` or `false` is compared with the input (feel-scala's InputEqualTo), not taken as a test. */
const isBooleanEntry = (text: string) => /^\s*(?:true|false)\s*$/.test(text);

/**
 * Whether `input` passes the unary tests of a DMN input entry; the entry also sees the
 * variables. feel-scala's null (incomparable values) does not match. The entry is evaluated as
 * `? in (tests)`, an expression, so that it gets the rewrites every expression gets (feel-scala's
 * comparisons and `in`, decimal arithmetic: an entry `0.1 + 0.2` matches 0.3).
 */
export function evaluateUnaryTests(source: string, input: unknown, vars: Vars, opts: FeelOptions): boolean {
  if (isAnything(source)) return true;
  const scope: Vars = { ...vars, '?': input };
  const text = escapeLineBreaksInStrings(source);
  if (isBooleanEntry(text)) return evaluateBooleanEntry(source, text, scope, opts);
  const negated = isNegated(text) ? negatedTests(text, { ...camundaFunctionsUsedBy(source), ...scope }) : undefined;
  const membership = evaluateRawAs(source, `? in (${negated ?? text})`, scope, opts, () => unaryTestsSyntaxError(source)).value;
  return negated === undefined ? membership === true : membership === false;
}

function evaluateBooleanEntry(source: string, text: string, scope: Vars, opts: FeelOptions): boolean {
  try {
    return withinBudget(opts.budget ?? DEFAULT_BUDGET, () => unaryTest(text, scope).value === true);
  } catch (err) {
    throw new FeelError('FEEL_EVALUATION_ERROR', source, `failed to evaluate expression '${source}': ${(err as Error).message}`);
  }
}

/**
 * feelin's builtin now()/today() read the system clock and cannot be replaced, but context entries
 * take precedence over builtins, so clock-bound functions are put in the context beneath the
 * variables (a variable named `now` still wins, as it would over feelin's builtin).
 */
function clockFunctions(nowMs: number): Vars {
  const iso = new Date(nowMs).toISOString();
  return {
    now: new FeelFunction(() => parseDateTime(iso), []),
    today: new FeelFunction(() => parseDate(iso.slice(0, 10)), []),
  };
}

/** Reads a bare variable or path without feelin; undefined when feelin has to decide (missing, not a context). */
function readPath(vars: Vars, path: string[]): { value: unknown } | undefined {
  let current: unknown = vars;
  for (const segment of path) {
    if (!isPlainObject(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return { value: current };
}

/**
 * The evaluation context: Camunda extensions and the clock beneath the variables, budget guards
 * and the some/every, comparison and arithmetic functions above them. It has no prototype, which feelin takes as a value to pass through rather than a
 * context to deep-copy on every evaluation (the variables are JSON or values feelin made itself).
 */
function evaluationContext(expr: CompiledExpression, vars: Vars, opts: FeelOptions): Vars {
  const context: Vars = Object.create(null) as Vars;
  if (expr.usesClock) Object.assign(context, clockFunctions(opts.nowMs));
  Object.assign(context, expr.functions, vars);
  if (expr.guarded) Object.assign(context, GUARD_FUNCTIONS);
  if (expr.quantified) Object.assign(context, QUANTIFIER_FUNCTIONS);
  if (expr.compared) Object.assign(context, COMPARISON_FUNCTIONS);
  if (expr.computed) Object.assign(context, ARITHMETIC_FUNCTIONS);
  return context;
}

/**
 * A comparison of a path with a literal of the same type is plain equality in FEEL, and and/or of
 * booleans is plain logic; a missing variable, a null or a type mismatch is left to feelin.
 */
function compare(vars: Vars, { path, negated, literal }: Comparison): boolean | undefined {
  const read = readPath(vars, path);
  if (!read) return undefined;
  const { value } = read;
  if (literal === null) return (value === null) !== negated;
  if (typeof value !== typeof literal) return undefined;
  return (value === literal) !== negated;
}

function evaluateComparisons(vars: Vars, disjunction: Comparison[][]): { value: boolean } | undefined {
  let any = false;
  for (const conjunction of disjunction) {
    let all = true;
    for (const comparison of conjunction) {
      const result = compare(vars, comparison);
      if (result === undefined) return undefined;
      all &&= result;
    }
    any ||= all;
  }
  return { value: any };
}

/** `+` of strings is their concatenation in FEEL; any operand not a string is left to feelin (numbers add, null is null). */
function concatenate(vars: Vars, operands: ConcatOperand[]): { value: string } | undefined {
  let value = '';
  for (const operand of operands) {
    if ('text' in operand) {
      value += operand.text;
      continue;
    }
    const read = readPath(vars, operand.path);
    if (!read || typeof read.value !== 'string') return undefined;
    value += read.value;
  }
  return { value };
}

/** The expressions compiled to a path, comparisons or a concatenation, read without feelin when the data allows. */
function evaluateDirectly(expr: CompiledExpression, vars: Vars): { value: unknown } | undefined {
  if (expr.path) return readPath(vars, expr.path);
  if (expr.comparisons) return evaluateComparisons(vars, expr.comparisons);
  if (expr.concatenation) return concatenate(vars, expr.concatenation);
  return undefined;
}

function evaluateRaw(source: string, vars: Vars, opts: FeelOptions): RawResult {
  return evaluateRawAs(source, source, vars, opts, (err) => syntaxMessage(source, err));
}

/**
 * Evaluates `text`, written for `source` (the same, or the expression a DMN entry becomes):
 * errors name the source, and a syntax error is described by `syntaxError`.
 */
function evaluateRawAs(
  source: string,
  text: string,
  vars: Vars,
  opts: FeelOptions,
  syntaxError: (err: FeelinSyntaxError) => string | undefined,
): RawResult {
  const expr = compiled(text, vars);
  const direct = evaluateDirectly(expr, vars);
  if (direct) return { value: direct.value, warnings: [] };
  try {
    return withinBudget(opts.budget ?? DEFAULT_BUDGET, () => evaluate(expr.text, evaluationContext(expr, vars, opts)));
  } catch (err) {
    if (err instanceof FeelinSyntaxError) {
      throw new FeelError('FEEL_SYNTAX_ERROR', source, syntaxError(err) ?? syntaxMessage(source, err));
    }
    throw new FeelError(
      'FEEL_EVALUATION_ERROR',
      source,
      `failed to evaluate expression '${source}': ${(err as Error).message}`,
    );
  }
}

function formatOffset(offset: FeelDuration): string {
  const totalMinutes = offset.hours * 60 + offset.minutes;
  if (totalMinutes === 0) return 'Z';
  const abs = Math.abs(totalMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${totalMinutes < 0 ? '-' : '+'}${hh}:${mm}`;
}

/** Zeebe writes zoned date-times like Java: offset plus "[zone]" for region zones, not feelin's "@zone". */
function formatDateTime(dt: FeelDateTime): string {
  const text = dt.toJSON();
  const at = text.indexOf('@');
  if (at < 0) return text;
  return `${text.slice(0, at)}${formatOffset(dt['time offset'])}[${dt.timezone}]`;
}

/** Turns a feelin result into a JSON-ready value; functions, ranges and other non-data become null like in Zeebe. */
export function toJsonValue(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      // feel-scala's BigDecimal has no negative zero
      return Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
    case 'object':
      break;
    default:
      return null;
  }
  if (v === null) return null;
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v instanceof FeelDateTime) return formatDateTime(v);
  if (v instanceof FeelDate || v instanceof FeelTime || v instanceof FeelDuration) return v.toJSON();
  if (isPlainObject(v)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJsonValue(x)]));
  }
  return null;
}

/** Zeebe's result type names, used in its type mismatch messages. */
function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'boolean') return 'BOOLEAN';
  if (typeof v === 'number') return 'NUMBER';
  if (typeof v === 'string') return 'STRING';
  if (Array.isArray(v)) return 'ARRAY';
  if (v instanceof FeelDateTime) return 'DATE_TIME';
  if (v instanceof FeelDate) return 'DATE';
  if (v instanceof FeelTime) return 'TIME';
  if (v instanceof FeelDuration) return v.yearsMonths ? 'PERIOD' : 'DURATION';
  if (v instanceof FeelFunction) return 'FUNCTION';
  if (v instanceof FeelRange) return 'RANGE';
  if (isPlainObject(v)) return 'OBJECT';
  return 'UNKNOWN';
}

function withWarnings(message: string, warnings: Warning[]): string {
  if (warnings.length === 0) return message;
  const lines = warnings.map((w) => `[${w.type}] ${w.message}`);
  return `${message} The evaluation reported the following warnings:\n${lines.join('\n')}`;
}

function typeMismatch(source: string, expected: string, { value, warnings }: RawResult): FeelError {
  const message = `Expected result of the expression '${source}' to be '${expected}', but was '${typeName(value)}'.`;
  return new FeelError('FEEL_EVALUATION_ERROR', source, withWarnings(message, warnings));
}

export function evaluateFeel(source: string, vars: Vars, opts: FeelOptions): unknown {
  return toJsonValue(evaluateRaw(source, vars, opts).value);
}

export function evaluateExpr(expr: Expr, vars: Vars, opts: FeelOptions): unknown {
  return expr.kind === 'static' ? expr.value : evaluateFeel(expr.source, vars, opts);
}

export function evaluateString(expr: Expr, vars: Vars, opts: FeelOptions): string {
  if (expr.kind === 'static') return expr.value;
  const result = evaluateRaw(expr.source, vars, opts);
  if (typeof result.value !== 'string') throw typeMismatch(expr.source, 'STRING', result);
  return result.value;
}

export function evaluateCorrelationKey(expr: Expr, vars: Vars, opts: FeelOptions): string {
  if (expr.kind === 'static') return expr.value;
  const result = evaluateRaw(expr.source, vars, opts);
  const { value } = result;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  const message = `Failed to extract the correlation key for '${expr.source}': The value must be either a string or a number, but was '${typeName(value)}'.`;
  throw new FeelError('FEEL_EVALUATION_ERROR', expr.source, withWarnings(message, result.warnings));
}

export function evaluateNumber(expr: Expr, vars: Vars, opts: FeelOptions): number {
  if (expr.kind === 'static') {
    const n = Number(expr.value.trim());
    if (expr.value.trim() === '' || !Number.isFinite(n)) {
      // Zeebe reads a static value that is no number as a string and refuses it when it is used
      throw new FeelError('FEEL_EVALUATION_ERROR', expr.value, `Expected result of the expression '${expr.value}' to be 'NUMBER', but was 'STRING'.`);
    }
    return n;
  }
  const result = evaluateRaw(expr.source, vars, opts);
  if (typeof result.value !== 'number' || !Number.isFinite(result.value)) {
    throw typeMismatch(expr.source, 'NUMBER', result);
  }
  return result.value;
}

export function evaluateStringList(expr: Expr, vars: Vars, opts: FeelOptions): string[] {
  if (expr.kind === 'static') {
    return expr.value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
  const result = evaluateRaw(expr.source, vars, opts);
  const { value } = result;
  if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) {
    return value;
  }
  const found = Array.isArray(value) ? "'ARRAY' containing at least one non-'STRING' item" : `'${typeName(value)}'`;
  const message = `Expected result of the expression '${expr.source}' to be 'ARRAY' containing 'STRING' items, but was ${found}.`;
  throw new FeelError('FEEL_EVALUATION_ERROR', expr.source, withWarnings(message, result.warnings));
}

export function evaluateCondition(source: string, vars: Vars, opts: FeelOptions): boolean {
  const result = evaluateRaw(source, vars, opts);
  if (typeof result.value !== 'boolean') throw typeMismatch(source, 'BOOLEAN', result);
  return result.value;
}

function mappingValue(source: Expr, scope: Vars, opts: FeelOptions): unknown {
  if (source.kind === 'static') return source.value === '' ? null : source.value;
  // Zeebe maps a missing source to null, which is how a local variable is declared
  return source.source.trim() === '' ? null : evaluateRaw(source.source, scope, opts).value;
}

function putPath(base: unknown, path: string[], value: unknown): Record<string, unknown> {
  const target: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
  const [head, ...rest] = path;
  target[head] = rest.length === 0 ? value : putPath(target[head], rest, value);
  return target;
}

/**
 * Evaluates the mappings in order, like Zeebe's generated context expression: each source sees the
 * variables plus the targets mapped before it (a nested target `a.b` updates `a` in that view, on
 * top of an existing object `a`), while the result holds only the mapped paths. Earlier targets stay
 * FEEL values in that view, so a later source can still do date arithmetic on them.
 * With `mergeNested` (output mappings), a nested target is merged into the existing object
 * variable like Zeebe's `context merge(a, {b: ...})`, so `a`'s other properties survive.
 */
export function evaluateMappings(
  mappings: VariableMapping[],
  vars: Vars,
  opts: FeelOptions,
  { mergeNested = false }: { mergeNested?: boolean } = {},
): Record<string, unknown> {
  let scope: Vars = vars;
  let result: Record<string, unknown> = {};
  for (const { source, target } of mappings) {
    const value = mappingValue(source, scope, opts);
    const [root, ...rest] = target.split('.');
    if (mergeNested && rest.length > 0 && !(root in result) && isPlainObject(vars[root])) {
      result = { ...result, [root]: toJsonValue(vars[root]) };
    }
    scope = { ...scope, [root]: rest.length === 0 ? value : putPath(scope[root], rest, value) };
    result = putPath(result, target.split('.'), toJsonValue(value));
  }
  return result;
}
