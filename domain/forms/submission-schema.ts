import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { fieldsOf, type FieldNode } from './fields.js';
import {
  addFormKeywords,
  splitPointer,
  type ConditionalField,
  type Limits,
  type OptionsSource,
  type ReadonlyValue,
  type ValidationContext,
  type Variables,
} from './keywords.js';
import type { FormComponent, FormJsSchema } from './types.js';

export type { Variables } from './keywords.js';

/**
 * The JSON Schema (draft-07) of the data a form submits, with the keywords of keywords.ts for
 * what form-js decides at run time from FEEL and from the task's variables.
 */
export interface JSONSchema {
  $schema?: string;
  title?: string;
  type?: JsonType | JsonType[];
  properties?: Record<string, JSONSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JSONSchema;
  minItems?: number;
  uniqueItems?: boolean;
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  if?: JSONSchema;
  then?: JSONSchema;
  conditionalFields?: ConditionalField[];
  trimmedLength?: Limits;
  feelRange?: Limits;
  optionsFrom?: OptionsSource;
  readonlyValue?: ReadonlyValue;
}

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'null';

export interface SubmissionError {
  /** the value's path in the submission, rows numbered: "applicant.idNumber", "missing[0].reason" */
  field: string;
  message: string;
}

export type SubmissionResult = { ok: true; data: Record<string, unknown> } | { ok: false; errors: SubmissionError[] };

/** What error messages need to know of a field, by path with rows as "*" ("missing.*.code"). */
interface FieldInfo {
  label: string;
  required: boolean;
  patternMessage?: string;
}

interface Derived {
  schema: JSONSchema;
  fields: Map<string, FieldInfo>;
}

/**
 * The schema of what `form` submits, following form-js: every visible field is submitted (with its
 * empty value if untouched) and no other key; hidden and disabled fields are not; a visible
 * repeating list has at least one row (form-js cannot submit an empty one).
 */
export function submissionSchemaOf(form: FormJsSchema): JSONSchema {
  return derive(form).schema;
}

function derive(form: FormJsSchema): Derived {
  const fields = new Map<string, FieldInfo>();
  const schema = scopeSchema(fieldsOf(form.components), [], fields);
  return { schema: { $schema: 'http://json-schema.org/draft-07/schema#', title: form.id, ...schema }, fields };
}

function objectSchema(): JSONSchema & { properties: Record<string, JSONSchema>; required: string[] } {
  return { type: 'object', properties: {}, required: [], additionalProperties: false };
}

function scopeSchema(scopeFields: FieldNode[], at: string[], info: Map<string, FieldInfo>): JSONSchema {
  const scope = objectSchema();
  const conditional: ConditionalField[] = [];
  for (const field of scopeFields) {
    const shown = field.hides.length === 0;
    let parent = scope;
    for (const segment of field.path.slice(0, -1)) {
      parent.properties[segment] ??= objectSchema();
      if (shown && !parent.required.includes(segment)) parent.required.push(segment);
      parent = parent.properties[segment] as typeof scope;
    }
    const leaf = field.path[field.path.length - 1];
    const where = [...at, ...field.path];
    parent.properties[leaf] = field.row ? listSchema(field, field.row, where, info) : valueSchema(field.component);
    if (shown) parent.required.push(leaf);
    else conditional.push({ path: field.path, hide: field.hides });
    info.set(where.join('.'), {
      label: labelOf(field.component),
      required: field.row !== undefined || field.component.validate?.required === true,
      ...(field.component.validate?.patternErrorMessage ? { patternMessage: field.component.validate.patternErrorMessage } : {}),
    });
  }
  return conditional.length > 0 ? { ...scope, conditionalFields: conditional } : scope;
}

function listSchema(field: FieldNode, row: FieldNode[], where: string[], info: Map<string, FieldInfo>): JSONSchema {
  return { type: 'array', title: labelOf(field.component), minItems: 1, items: scopeSchema(row, [...where, '*'], info) };
}

function valueSchema(c: FormComponent): JSONSchema {
  const schema = { title: labelOf(c), ...typedSchema(c) };
  if (c.readonly === true || typeof c.readonly === 'string') {
    schema.readonlyValue = { when: c.readonly, initial: c.defaultValue ?? EMPTY_VALUE[c.type] ?? null };
  }
  return schema;
}

/** form-js's emptyValue of each input: what an untouched field submits. */
const EMPTY_VALUE: Partial<Record<string, unknown>> = {
  textfield: '',
  textarea: '',
  checkbox: false,
  checklist: [],
  taglist: [],
};

const TIME = '([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?';
const DATE = '\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])';
/** form-js writes ISO 8601: a date, a time with the offset its timeSerializingFormat asks for, or both. */
const DATETIME_PATTERNS: Record<string, string> = {
  date: `^${DATE}$`,
  time: `^${TIME}$`,
  datetime: `^${DATE}T${TIME}$`,
};

function typedSchema(c: FormComponent): JSONSchema {
  const v = c.validate ?? {};
  const required = v.required === true;
  const orNull = (type: JsonType): JsonType | JsonType[] => (required ? type : [type, 'null']);
  switch (c.type) {
    case 'textfield':
    case 'textarea':
      return {
        type: 'string',
        ...(required ? { minLength: 1 } : {}),
        ...limits('trimmedLength', v.minLength, v.maxLength),
        // form-js tests a pattern only on a non-empty value
        ...(v.pattern ? { if: { type: 'string', minLength: 1 }, then: { pattern: v.pattern } } : {}),
      };
    case 'number': {
      const digits = typeof c.decimalDigits === 'number' ? c.decimalDigits : undefined;
      const fixed = (bound: unknown) => (typeof bound === 'number' ? bound : undefined);
      return {
        type: orNull(digits === 0 ? 'integer' : 'number'),
        ...(digits !== undefined && digits > 0 ? { multipleOf: 10 ** -digits } : {}),
        ...(fixed(v.min) !== undefined ? { minimum: fixed(v.min) } : {}),
        ...(fixed(v.max) !== undefined ? { maximum: fixed(v.max) } : {}),
        ...limits('feelRange', typeof v.min === 'string' ? v.min : undefined, typeof v.max === 'string' ? v.max : undefined),
      };
    }
    case 'checkbox':
      return { type: 'boolean', ...(required ? { const: true } : {}) };
    case 'radio':
    case 'select':
      return c.values
        ? { type: orNull('string'), enum: [...c.values.map((o) => o.value), ...(required ? [] : [null])] }
        : { type: required ? PRIMITIVE : [...PRIMITIVE, 'null'], optionsFrom: optionsSource(c) };
    case 'checklist':
    case 'taglist':
      return {
        type: 'array',
        uniqueItems: true,
        ...(required ? { minItems: 1 } : {}),
        ...(c.values
          ? { items: { type: 'string', enum: c.values.map((o) => o.value) } }
          : { items: { type: PRIMITIVE }, optionsFrom: optionsSource(c) }),
      };
    case 'datetime':
      return { type: orNull('string'), pattern: DATETIME_PATTERNS[typeof c.subtype === 'string' ? c.subtype : 'date'] };
    default:
      throw new Error(`no value schema for component type ${c.type}`);
  }
}

// options from variables may be numbers or booleans as well (form-js normalizes any primitive)
const PRIMITIVE: JsonType[] = ['string', 'number', 'boolean'];

function optionsSource(c: FormComponent): OptionsSource {
  return c.valuesKey !== undefined ? { valuesKey: c.valuesKey } : { valuesExpression: c.valuesExpression ?? '=[]' };
}

function limits(keyword: 'trimmedLength' | 'feelRange', min: unknown, max: unknown): JSONSchema {
  const bounds: Limits = {};
  if (typeof min === 'number' || typeof min === 'string') bounds.min = min;
  if (typeof max === 'number' || typeof max === 'string') bounds.max = max;
  return Object.keys(bounds).length > 0 ? { [keyword]: bounds } : {};
}

/** A label written as FEEL or as a template only reads well once evaluated; fall back to the key. */
function labelOf(c: FormComponent): string {
  const label = typeof c.label === 'string' ? c.label : '';
  return label && !label.startsWith('=') && !label.includes('{{') ? label : (c.key ?? c.path ?? c.id);
}

interface Compiled {
  validate: ValidateFunction;
  fields: Map<string, FieldInfo>;
  formId: string;
}

function createAjv(): Ajv {
  // multipleOfPrecision: 0.3 is a multiple of 0.1 although 0.3 / 0.1 is not an integer in floating point
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, passContext: true, multipleOfPrecision: 9 });
  addFormKeywords(ajv);
  return ajv;
}

const ajv = createAjv();
const compiled = new WeakMap<FormJsSchema, Compiled>();

function compile(form: FormJsSchema): Compiled {
  let entry = compiled.get(form);
  if (!entry) {
    const { schema, fields } = derive(form);
    entry = { validate: ajv.compile(schema), fields, formId: form.id };
    // the WeakMap owns the compiled form; ajv's own cache would keep every form version forever
    ajv.removeSchema(schema);
    compiled.set(form, entry);
  }
  return entry;
}

/**
 * Checks what a clerk submitted through `form` before it becomes process variables. `variables`
 * are the task's variables the form was opened with: conditions, FEEL limits, options from a
 * valuesKey and read-only fields are judged against them, as form-js judges them in the browser.
 * A key that is not a field of the form is refused, so no other variable can be set this way.
 * The form is compiled once per object: keep the parsed form (per form key) between calls.
 */
export function validateSubmission(form: FormJsSchema, data: unknown, variables: Variables = {}): SubmissionResult {
  const { validate, fields, formId } = compile(form);
  const context: ValidationContext = { variables };
  if (validate.call(context, data)) return { ok: true, data: data as Record<string, unknown> };
  return { ok: false, errors: submissionErrors(validate.errors ?? [], fields, formId) };
}

function submissionErrors(errors: ErrorObject[], fields: Map<string, FieldInfo>, formId: string): SubmissionError[] {
  const located = errors
    .filter((error) => error.keyword !== 'if')
    .map((error) => ({ error, path: errorPath(error) }));
  // a key that must not be there at all needs no further complaints about its value
  const unwanted = located.filter(({ error }) => isUnwanted(error)).map(({ path }) => path.join('.'));
  const result: SubmissionError[] = [];
  for (const { error, path } of located) {
    const key = path.join('.');
    if (!isUnwanted(error) && unwanted.some((u) => key === u || key.startsWith(`${u}.`))) continue;
    const field = fieldName(path);
    const message = messageFor(error, fields.get(path.map((s) => (/^\d+$/.test(s) ? '*' : s)).join('.')), field, formId);
    if (!result.some((r) => r.field === field && r.message === message)) result.push({ field, message });
  }
  return result;
}

function isUnwanted(error: ErrorObject): boolean {
  return error.keyword === 'additionalProperties' || (error.keyword === 'conditionalFields' && error.params.hidden === true);
}

function errorPath(error: ErrorObject): string[] {
  const path = splitPointer(error.instancePath);
  if (error.keyword === 'required') path.push(String(error.params.missingProperty));
  if (error.keyword === 'additionalProperties') path.push(String(error.params.additionalProperty));
  return path;
}

function fieldName(path: string[]): string {
  return path.reduce((name, s) => (/^\d+$/.test(s) ? `${name}[${s}]` : name ? `${name}.${s}` : s), '');
}

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  number: '数字',
  integer: '整数',
  boolean: '是/否',
  array: '列表',
  object: '对象',
  null: '空值',
};

function messageFor(error: ErrorObject, info: FieldInfo | undefined, field: string, formId: string): string {
  const label = `字段 ${info?.label ?? (field || '表单数据')}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return info?.required ? `${label} 必填` : `${label} 未提交`;
    case 'conditionalFields':
      if (params.hidden) return `${label} 在当前选择下不应填写`;
      return info?.required ? `${label} 必填` : `${label} 未提交`;
    case 'additionalProperties':
      return `字段 ${field} 不属于表单 ${formId}`;
    case 'type':
      return `${label} 应为${String(params.type)
        .split(',')
        .map((t) => TYPE_NAMES[t] ?? t)
        .join('或')}`;
    case 'minLength':
    case 'minItems':
      return `${label} 必填`;
    case 'const':
      return `${label} 必须勾选`;
    case 'enum':
    case 'optionsFrom':
      return `${label} 的值不在可选项中`;
    case 'pattern':
      return info?.patternMessage ? `${label} 格式不正确：${info.patternMessage}` : `${label} 格式不正确`;
    case 'minimum':
    case 'maximum':
      return `${label} ${error.keyword === 'minimum' ? '不能小于' : '不能大于'} ${String(params.limit)}`;
    case 'feelRange':
      return 'min' in params ? `${label} 不能小于 ${String(params.min)}` : `${label} 不能大于 ${String(params.max)}`;
    case 'trimmedLength':
      return 'min' in params ? `${label} 至少 ${String(params.min)} 个字` : `${label} 最多 ${String(params.max)} 个字`;
    case 'multipleOf':
      return `${label} 小数位数过多`;
    case 'uniqueItems':
      return `${label} 有重复的选项`;
    case 'readonlyValue':
      return `${label} 为只读，不能修改`;
    default:
      return `${label} ${error.message ?? error.keyword}`;
  }
}
