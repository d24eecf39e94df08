/**
 * Camunda's FEEL extensions (feel-scala as Zeebe 8.8 ships it) that feelin lacks, as named
 * built-ins handed to feelin in the evaluation context; with them the few standard built-ins feelin
 * leaves unimplemented (range functions) or formats unlike feel-scala (string()). Like feel-scala, a
 * function given arguments of the wrong type answers null; only assert() fails the evaluation on purpose.
 *
 * Sources: docs.camunda.io 8.8, components/modeler/feel/builtin-functions/
 * (feel-built-in-functions-boolean, -string, -list, -numeric, -context, -conversion, -temporal, -range,
 * -miscellaneous).
 */
import { randomUUID } from 'node:crypto';
import { FeelDate, FeelDateTime, FeelFunction, parseDate } from 'feelin';
import { LIST_FUNCTIONS } from './list-functions.js';
import { NUMBER_FUNCTIONS } from './number-functions.js';
import { RANGE_FUNCTIONS } from './range-functions.js';
import { STRING_FUNCTION } from './string-conversion.js';

type Fn = (...args: unknown[]) => unknown;

function fn(params: string[], body: Fn): FeelFunction {
  return new FeelFunction(body, params);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNil = (v: unknown): v is null | undefined => v === null || v === undefined;

/** A key equal for values feel-scala calls equal (numbers, strings, contexts and lists by content, temporals by value). */
function valueKey(v: unknown): string {
  if (isNil(v)) return 'null';
  if (Array.isArray(v)) return `[${v.map(valueKey).join(',')}]`;
  if (isPlainObject(v)) {
    const entries = Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${valueKey(v[k])}`);
    return `{${entries.join(',')}}`;
  }
  // the remaining objects are feelin's temporal values, whose JSON form is their ISO text
  if (typeof v === 'object') return `${v.constructor.name}:${JSON.stringify(v)}`;
  return `${typeof v}:${JSON.stringify(v)}`;
}

/** feel-scala compiles patterns as Java regular expressions; a pattern JavaScript cannot compile answers null. */
function regex(pattern: string, flags: string): RegExp | null {
  try {
    return new RegExp(pattern, flags);
  } catch {
    return null;
  }
}

/** Java's String.trim(): strips code points up to U+0020, not JavaScript's wider whitespace set. */
const javaTrim = (s: string) => {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
};

function lastDayOfMonth(value: unknown): FeelDate | null {
  const date = value instanceof FeelDateTime || value instanceof FeelDate ? value : null;
  if (date === null) return null;
  const last = new Date(Date.UTC(date.year, date.month, 0));
  const mm = String(last.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(last.getUTCDate()).padStart(2, '0');
  return parseDate(`${String(date.year).padStart(4, '0')}-${mm}-${dd}`);
}

function getPath(context: unknown, keys: unknown[]): unknown {
  if (keys.length === 0) return null;
  let current: unknown = context;
  for (const key of keys) {
    if (!isString(key) || !isPlainObject(current) || !Object.hasOwn(current, key)) return null;
    current = current[key];
  }
  return current;
}

/**
 * feel-scala's context put(): the entry at a key, or at a path of keys whose missing (or non-context)
 * contexts on the way are created; null for an empty path or a key that is not a string.
 */
function putAt(context: Record<string, unknown>, keys: unknown[], value: unknown): Record<string, unknown> | null {
  const [key, ...rest] = keys;
  if (!isString(key)) return null;
  if (rest.length === 0) return { ...context, [key]: value ?? null };
  const nested = putAt(isPlainObject(context[key]) ? context[key] : {}, rest, value);
  return nested === null ? null : { ...context, [key]: nested };
}

const CONTEXT_PUT = fn(['context', 'key', 'value'], (context, key, value) => {
  if (!isPlainObject(context)) return null;
  return putAt(context, Array.isArray(key) ? key : [key], value);
});

export const CAMUNDA_FUNCTIONS: Readonly<Record<string, FeelFunction>> = {
  // boolean
  'is defined': fn(['value'], (value) => !isNil(value)),
  'get or else': fn(['value', 'default'], (value, fallback) => (isNil(value) ? (fallback ?? null) : value)),
  assert: fn(['value', 'condition', 'cause'], (value, condition, cause) => {
    if (condition !== true) throw new Error(isString(cause) ? cause : 'The condition is not fulfilled');
    return value;
  }),

  // string
  extract: fn(['string', 'pattern'], (string, pattern) => {
    if (!isString(string) || !isString(pattern)) return null;
    const re = regex(pattern, 'g');
    return re === null ? null : Array.from(string.matchAll(re), (m) => m[0]);
  }),
  trim: fn(['string'], (string) => (isString(string) ? javaTrim(string) : null)),
  uuid: fn([], () => randomUUID()),
  'to base64': fn(['value'], (value) => (isString(value) ? Buffer.from(value, 'utf8').toString('base64') : null)),
  'is blank': fn(['string'], (string) => (isString(string) ? string.trim() === '' : null)),

  // list
  'is empty': fn(['list'], (list) => (Array.isArray(list) ? list.length === 0 : null)),
  'duplicate values': fn(['list'], (list) => {
    if (!Array.isArray(list)) return null;
    // each repeated value once, in the order of its first occurrence
    const seen = new Map<string, { item: unknown; count: number }>();
    for (const item of list) {
      const key = valueKey(item);
      const entry = seen.get(key);
      if (entry) entry.count++;
      else seen.set(key, { item, count: 1 });
    }
    return [...seen.values()].filter((e) => e.count > 1).map((e) => e.item);
  }),
  partition: fn(['list', 'size'], (list, size) => {
    if (!Array.isArray(list) || typeof size !== 'number' || !Number.isInteger(size) || size <= 0) return null;
    const parts: unknown[][] = [];
    for (let i = 0; i < list.length; i += size) parts.push(list.slice(i, i + size));
    return parts;
  }),
  // feelin's own takes no prefix and suffix
  'string join': fn(['list', 'delimiter', 'prefix', 'suffix'], (list, delimiter, prefix, suffix) => {
    if (!Array.isArray(list)) return null;
    if (![delimiter, prefix, suffix].every((s) => isNil(s) || isString(s))) return null;
    if (!list.every((item) => isNil(item) || isString(item))) return null;
    const joined = list.filter(isString).join((delimiter as string | null | undefined) ?? '');
    return `${(prefix as string | null | undefined) ?? ''}${joined}${(suffix as string | null | undefined) ?? ''}`;
  }),

  // numeric
  'random number': fn([], () => Math.random()),

  // context: feelin's get value() knows no list of keys; put() and put all() are the deprecated names
  'get value': fn(['context', 'key'], (context, key) => {
    if (!isPlainObject(context)) return null;
    if (Array.isArray(key)) return getPath(context, key);
    return isString(key) && Object.hasOwn(context, key) ? context[key] : null;
  }),
  // feelin's context put() with keys needs the nested contexts to exist; feel-scala creates them
  'context put': CONTEXT_PUT,
  put: CONTEXT_PUT,
  'put all': fn(['...contexts'], (...contexts) =>
    contexts.length > 0 && contexts.every(isPlainObject) ? Object.assign({}, ...contexts) : null,
  ),

  // list: not extensions; feelin reads a non-list as a one-item list where feel-scala answers null
  ...LIST_FUNCTIONS,

  // numeric and list: not extensions; feelin computes them in binary floating point, feel-scala in decimal
  ...NUMBER_FUNCTIONS,

  // range: not extensions; feelin declares these built-ins without implementing them
  ...RANGE_FUNCTIONS,

  // conversion: not an extension, but feelin formats durations, contexts and list items unlike feel-scala
  string: STRING_FUNCTION,

  // temporal
  'last day of month': fn(['date'], lastDayOfMonth),

  // miscellaneous: tags a value for AI agent tool definitions and returns it unchanged
  fromAi: fn(['value', 'description', 'type', 'schema', 'options'], (value) => value),
};

const NAME_PATTERNS = Object.keys(CAMUNDA_FUNCTIONS).map(
  (name) => [name, new RegExp(`(^|[^\\w?])${name.replace(/ /g, '\\s+')}\\s*\\(`)] as const,
);

/**
 * The extensions an expression calls. Only those go into its evaluation context: feelin's parser
 * indexes every context name (with its prefixes) on each parse, so unused ones cost time.
 */
export function camundaFunctionsUsedBy(source: string): Record<string, FeelFunction> {
  const used: Record<string, FeelFunction> = {};
  for (const [name, pattern] of NAME_PATTERNS) {
    if (pattern.test(source)) used[name] = CAMUNDA_FUNCTIONS[name];
  }
  return used;
}
