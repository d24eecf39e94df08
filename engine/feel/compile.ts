/**
 * What the engine prepares once per expression text and reuses on every evaluation (bounded LRU).
 * feelin 8.2 offers no way to evaluate a parsed tree (its Interpreter is not exported), so what is
 * kept is everything around it: the text feelin gets (string literals made parseable, budget
 * guards in place, `date and time(x, zone)` sent to the zone-aware overload), the Camunda
 * extensions the expression calls, and for a bare variable or path, or comparisons of paths with
 * literals, what to read without feelin at all (docs/decisions/0017); if conditions and some/every
 * rewritten to feel-scala's three-valued logic (logic.ts), comparisons to its comparison rules
 * (comparison-operators.ts), arithmetic to decimal (arithmetic.ts), and() and or() to all() and any() (deprecated-names.ts).
 */
import type { FeelFunction } from 'feelin';
import { camundaFunctionsUsedBy } from './camunda-functions.js';
import { guardedSource } from './budget.js';
import { withDecimalArithmetic } from './arithmetic.js';
import { withFeelScalaComparisons } from './comparison-operators.js';
import { DATE_AND_TIME_FUNCTIONS, withZoneOverload } from './date-and-time.js';
import { withCurrentListFunctionNames } from './deprecated-names.js';
import { withFeelScalaLogic } from './logic.js';

export interface CompiledExpression {
  /** the text handed to feelin */
  text: string;
  /** whether the text calls the budget guards, which then go into the context */
  guarded: boolean;
  /** whether the text calls the some/every functions (feel-scala's three-valued quantifiers), likewise */
  quantified: boolean;
  /** whether the text calls the comparison functions (feel-scala's comparison operators), likewise */
  compared: boolean;
  /** whether the text calls the arithmetic function (feel-scala's decimal numbers), likewise */
  computed: boolean;
  /** the Camunda extensions the expression calls */
  functions: Record<string, FeelFunction>;
  /** whether it calls now() or today(), which read the engine clock */
  usesClock: boolean;
  /** for a bare variable or path (`a`, `a.b.c`): its segments */
  path?: string[];
  /** for comparisons of paths with literals joined by and/or (most gateway conditions): those, as ORs of ANDs */
  comparisons?: Comparison[][];
  /** for paths and string literals joined by `+` (job types, names built from a prefix): the operands in order */
  concatenation?: ConcatOperand[];
}

/** A path whose value must be a string, or a string literal's text. */
export type ConcatOperand = { path: string[] } | { text: string };

export type Literal = string | number | boolean | null;

export interface Comparison {
  path: string[];
  negated: boolean;
  literal: Literal;
}

const CACHE_SIZE = 2_000;
const cache = new Map<string, CompiledExpression>();

/** FEEL words a bare name must not be: they are literals, keywords or type constructors, not variables. */
const NOT_VARIABLES = new Set([
  'true', 'false', 'null', 'not', 'and', 'or', 'in', 'for', 'some', 'every', 'if', 'then', 'else',
  'return', 'satisfies', 'function', 'instance', 'of', 'between', 'date', 'time', 'duration',
]);
const NAME = /^[\p{L}_?$][\p{L}\p{N}_?$]*$/u;
const PATH = /^\s*([\p{L}_?$][\p{L}\p{N}_?$]*(?:\s*\.\s*[\p{L}_?$][\p{L}\p{N}_?$]*)*)\s*$/u;

function barePath(source: string): string[] | undefined {
  const match = PATH.exec(source);
  if (!match) return undefined;
  const segments = match[1].split('.').map((s) => s.trim());
  return NOT_VARIABLES.has(segments[0]) ? undefined : segments;
}

const TOKEN = /\s*(?:("[^"\\\r\n]*")|(-?\d+(?:\.\d+)?)(?![\p{L}\p{N}_?$])|(!=|=)|([\p{L}_?$][\p{L}\p{N}_?$]*(?:\s*\.\s*[\p{L}_?$][\p{L}\p{N}_?$]*)*))/uy;

type Token = { kind: 'string' | 'number' | 'op' | 'name'; text: string };

function tokens(source: string): Token[] | undefined {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(source);
    if (!m) return undefined;
    const [, str, num, op, name] = m;
    if (str !== undefined) out.push({ kind: 'string', text: str });
    else if (num !== undefined) out.push({ kind: 'number', text: num });
    else if (op !== undefined) out.push({ kind: 'op', text: op });
    else out.push({ kind: 'name', text: name });
  }
  return out;
}

function literal(token: Token | undefined): { value: Literal } | undefined {
  if (!token) return undefined;
  if (token.kind === 'string') return { value: token.text.slice(1, -1) };
  if (token.kind === 'number') return { value: Number(token.text) };
  if (token.kind === 'name' && ['true', 'false', 'null'].includes(token.text)) {
    return { value: token.text === 'null' ? null : token.text === 'true' };
  }
  return undefined;
}

/** `a = "x" and b.c != false or d = 3`, nothing else (no parentheses, no other operators). */
function simpleComparisons(source: string): Comparison[][] | undefined {
  const list = tokens(source);
  if (!list || list.length === 0) return undefined;
  const disjunction: Comparison[][] = [[]];
  for (let i = 0; ; i += 4) {
    const [name, op] = [list[i], list[i + 1]];
    const value = literal(list[i + 2]);
    if (name?.kind !== 'name' || op?.kind !== 'op' || value === undefined) return undefined;
    const path = barePath(name.text);
    if (!path) return undefined;
    disjunction[disjunction.length - 1].push({ path, negated: op.text === '!=', literal: value.value });
    const joiner = list[i + 3];
    if (joiner === undefined) return disjunction;
    if (joiner.kind !== 'name' || (joiner.text !== 'and' && joiner.text !== 'or')) return undefined;
    if (joiner.text === 'or') disjunction.push([]);
  }
}

const CONCAT_OPERAND = /^\s*(?:"([^"\\\r\n]*)"|([\p{L}_?$][\p{L}\p{N}_?$]*(?:\s*\.\s*[\p{L}_?$][\p{L}\p{N}_?$]*)*))\s*$/u;

/** `prefix + "-a"`, `"x" + a.b + c`: two or more string literals or paths joined by `+`, nothing else. */
function simpleConcatenation(source: string): ConcatOperand[] | undefined {
  // a literal holding '+' would be split apart; such expressions are left to feelin
  const parts = source.split('+');
  if (parts.length < 2) return undefined;
  const operands: ConcatOperand[] = [];
  for (const part of parts) {
    const m = CONCAT_OPERAND.exec(part);
    if (!m) return undefined;
    if (m[1] !== undefined) {
      operands.push({ text: m[1] });
      continue;
    }
    const path = barePath(m[2]);
    if (!path) return undefined;
    operands.push({ path });
  }
  return operands;
}

/**
 * feel-scala reads a line break inside a string literal as part of the string; feelin's grammar
 * refuses it, so such line breaks are written as the escapes feelin decodes to the same text.
 */
export function escapeLineBreaksInStrings(source: string): string {
  if (!/[\r\n]/.test(source)) return source;
  let out = '';
  let inString = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (inString) {
      if (c === '\\') {
        out += c + (source[i + 1] ?? '');
        i++;
        continue;
      }
      if (c === '"') inString = false;
      out += c === '\n' ? '\\n' : c === '\r' ? '\\r' : c;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? source.length : end;
      out += source.slice(i, stop);
      i = stop - 1;
      continue;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      out += source.slice(i, stop);
      i = stop - 1;
      continue;
    }
    out += c;
  }
  return out;
}

/**
 * Names feelin can only read when the parser knows them (names with spaces or operators in them).
 * Such variables change how an expression parses, so they are part of its cache key.
 */
export function namesNeedingContext(vars: Record<string, unknown>): string[] {
  return Object.keys(vars).filter((name) => !NAME.test(name));
}

function compile(source: string, vars: Record<string, unknown>, spaced: string[]): CompiledExpression {
  const extensions = camundaFunctionsUsedBy(source);
  const parseNames: Record<string, unknown> = { ...extensions };
  for (const name of spaced) parseNames[name] = vars[name];
  const escaped = withCurrentListFunctionNames(escapeLineBreaksInStrings(source), parseNames);
  const zoned = withZoneOverload(escaped, parseNames);
  const comparisons = withFeelScalaComparisons(zoned, parseNames);
  const arithmetic = withDecimalArithmetic(comparisons.text, parseNames);
  const logic = withFeelScalaLogic(arithmetic.text, parseNames);
  const text = guardedSource(logic.text, parseNames);
  return {
    text,
    guarded: text !== logic.text,
    quantified: logic.quantified,
    compared: comparisons.compared,
    computed: arithmetic.computed,
    functions: zoned === escaped ? extensions : { ...extensions, ...DATE_AND_TIME_FUNCTIONS },
    usesClock: /\b(now|today)\s*\(/.test(source),
    path: barePath(source),
    comparisons: simpleComparisons(source),
    concatenation: simpleConcatenation(source),
  };
}

export function compiled(source: string, vars: Record<string, unknown>): CompiledExpression {
  const spaced = namesNeedingContext(vars);
  const key = spaced.length === 0 ? source : `${source}\u0000${spaced.join('\u0000')}`;
  const hit = cache.get(key);
  if (hit) {
    // re-inserting keeps the map in least-recently-used order
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const entry = compile(source, vars, spaced);
  cache.set(key, entry);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return entry;
}
