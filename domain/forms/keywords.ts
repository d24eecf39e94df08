import type { Ajv, ErrorObject, SchemaValidateFunction } from 'ajv';
import type { DataValidationCxt } from 'ajv/dist/types/index.js';
import { evaluate, unaryTest } from 'feelin';
import { isDeepStrictEqual } from 'node:util';

/**
 * JSON Schema keywords for what form-js does and JSON Schema cannot say: conditions and limits
 * written in FEEL, options that come from the task's variables, lengths counted after trimming,
 * read-only values. Each one is evaluated the way form-js 1.16 evaluates it in the browser, so
 * the server accepts exactly what the form lets a clerk submit.
 */

/** The task's variables: what the form was opened with (form-js's initial data). */
export type Variables = Record<string, unknown>;

/** Passed as `this` to the compiled validator (ajv's passContext). */
export interface ValidationContext {
  variables: Variables;
}

export interface ConditionalField {
  /** relative to the object the keyword sits on: the form data or one list row */
  path: string[];
  /** FEEL unary tests; the field is hidden when any holds */
  hide: string[];
}

export interface Limits {
  min?: number | string;
  max?: number | string;
}

export type OptionsSource = { valuesKey: string } | { valuesExpression: string };

export interface ReadonlyValue {
  when: true | string;
  /** what form-js shows when the variables hold no value */
  initial: unknown;
}

export function addFormKeywords(ajv: Ajv): void {
  ajv.addKeyword({ keyword: 'conditionalFields', type: 'object', schemaType: 'array', errors: true, validate: conditionalFields });
  ajv.addKeyword({ keyword: 'trimmedLength', type: 'string', schemaType: 'object', errors: true, validate: trimmedLength });
  ajv.addKeyword({ keyword: 'feelRange', type: 'number', schemaType: 'object', errors: true, validate: feelRange });
  ajv.addKeyword({ keyword: 'optionsFrom', schemaType: 'object', errors: true, validate: optionsFrom });
  ajv.addKeyword({ keyword: 'readonlyValue', schemaType: 'object', errors: true, validate: readonlyValue });
}

/** A visible field is always submitted (form-js sends its empty value); a hidden one never is. */
const conditionalFields: SchemaValidateFunction = function (
  this: ValidationContext,
  fields: ConditionalField[],
  data: Record<string, unknown>,
  _parentSchema,
  cxt,
) {
  const at = pathOf(cxt);
  const context = expressionContext(this.variables, cxt, at);
  const errors: Partial<ErrorObject>[] = [];
  for (const { path, hide } of fields) {
    const hidden = hide.some((condition) => holds(condition, context));
    const present = lookup(data, path) !== undefined;
    if (hidden === present) {
      errors.push({
        keyword: 'conditionalFields',
        instancePath: pointer([...at, ...path]),
        params: { hidden },
        message: hidden ? 'must be absent while hidden' : 'must be submitted while shown',
      });
    }
  }
  conditionalFields.errors = errors;
  return errors.length === 0;
};

/** form-js counts lengths after trimming and skips the check on an empty value. */
const trimmedLength: SchemaValidateFunction = function (this: ValidationContext, limits: Limits, data: string, _p, cxt) {
  const { min, max } = resolve(limits, this.variables, cxt);
  const length = data.trim().length;
  const errors: Partial<ErrorObject>[] = [];
  if (data !== '' && min !== undefined && length < min) errors.push(limitError('trimmedLength', cxt, { min }));
  if (data !== '' && max !== undefined && length > max) errors.push(limitError('trimmedLength', cxt, { max }));
  trimmedLength.errors = errors;
  return errors.length === 0;
};

/** Bounds given as FEEL (e.g. 10 working days, 15 for a joint case). */
const feelRange: SchemaValidateFunction = function (this: ValidationContext, limits: Limits, data: number, _p, cxt) {
  const { min, max } = resolve(limits, this.variables, cxt);
  const errors: Partial<ErrorObject>[] = [];
  if (min !== undefined && data < min) errors.push(limitError('feelRange', cxt, { min }));
  if (max !== undefined && data > max) errors.push(limitError('feelRange', cxt, { max }));
  feelRange.errors = errors;
  return errors.length === 0;
};

/** The value (or every value of a multi-select) must be one of the options the form offered. */
const optionsFrom: SchemaValidateFunction = function (this: ValidationContext, source: OptionsSource, data: unknown, _p, cxt) {
  if (data === null) return true;
  const offered =
    'valuesKey' in source
      ? // form-js reads a valuesKey from the initial data, never from what the clerk typed
        this.variables[source.valuesKey]
      : evaluateOrNull(source.valuesExpression, expressionContext(this.variables, cxt, pathOf(cxt).slice(0, -1)));
  const values = new Set(Array.isArray(offered) ? offered.map(optionValue) : []);
  const ok = (Array.isArray(data) ? data : [data]).every((value) => values.has(value));
  optionsFrom.errors = ok ? [] : [{ keyword: 'optionsFrom', instancePath: cxt?.instancePath ?? '', params: {}, message: 'must be an offered option' }];
  return ok;
};

/** A read-only field is submitted, but must come back as the form received it. */
const readonlyValue: SchemaValidateFunction = function (this: ValidationContext, rule: ReadonlyValue, data: unknown, _p, cxt) {
  const at = pathOf(cxt);
  if (rule.when !== true && !holds(rule.when, expressionContext(this.variables, cxt, at.slice(0, -1)))) return true;
  const given = lookup(this.variables, at);
  const ok = isDeepStrictEqual(data, given === undefined ? rule.initial : given);
  readonlyValue.errors = ok ? [] : [{ keyword: 'readonlyValue', instancePath: cxt?.instancePath ?? '', params: {}, message: 'is read-only' }];
  return ok;
};

function limitError(keyword: string, cxt: DataValidationCxt | undefined, params: Record<string, number>): Partial<ErrorObject> {
  return { keyword, instancePath: cxt?.instancePath ?? '', params, message: `out of range ${JSON.stringify(params)}` };
}

function resolve(limits: Limits, variables: Variables, cxt: DataValidationCxt | undefined): { min?: number; max?: number } {
  const context = expressionContext(variables, cxt, pathOf(cxt).slice(0, -1));
  const value = (limit: number | string | undefined) => {
    const resolved = typeof limit === 'string' ? evaluateOrNull(limit, context) : limit;
    // form-js drops a limit whose expression yields no number
    return typeof resolved === 'number' ? resolved : undefined;
  };
  return { min: value(limits.min), max: value(limits.max) };
}

function optionValue(option: unknown): unknown {
  return option !== null && typeof option === 'object' ? (option as { value?: unknown }).value : option;
}

/** form-js reports a failing expression and carries on as if it gave no value. */
function evaluateOrNull(expression: string, context: Record<string, unknown>): unknown {
  try {
    return evaluate(expression.replace(/^=/, ''), context).value;
  } catch {
    return null;
  }
}

function holds(condition: string, context: Record<string, unknown>): boolean {
  try {
    return unaryTest(condition.replace(/^=/, ''), context).value === true;
  } catch {
    return false;
  }
}

/**
 * The FEEL context form-js builds (buildExpressionContext): the form data over the initial data,
 * plus `this` (the current list row, or the data), `parent` and `i` (1-based row numbers), also
 * reachable as _this_, _parent_, _i_ when a variable shadows them.
 */
function expressionContext(variables: Variables, cxt: DataValidationCxt | undefined, scopePath: string[]): Record<string, unknown> {
  const data = { ...variables, ...(cxt?.rootData as Record<string, unknown>) };
  let scope: unknown = data;
  let parent: unknown = null;
  const i: number[] = [];
  let node: unknown = cxt?.rootData;
  for (const segment of scopePath) {
    if (Array.isArray(node)) {
      parent = scope;
      scope = node[Number(segment)];
      i.push(Number(segment) + 1);
    }
    node = (node as Record<string, unknown> | undefined)?.[segment];
  }
  return { this: scope, parent, i, ...data, _this_: scope, _parent_: parent, _i_: i };
}

function lookup(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const segment of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function pathOf(cxt: DataValidationCxt | undefined): string[] {
  return splitPointer(cxt?.instancePath ?? '');
}

export function splitPointer(pointerText: string): string[] {
  return pointerText === '' ? [] : pointerText.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function pointer(path: readonly string[]): string {
  return path.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
