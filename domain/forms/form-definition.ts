import { Ajv, type ErrorObject } from 'ajv';
import { parseExpression, parseUnaryTests } from 'feelin';
import { allComponents, fieldsOf, FormComponentError, type FieldNode } from './fields.js';
import { unsafeMarkup } from './markup.js';
import type { FormComponent, FormJsSchema } from './types.js';

/**
 * What a form file in forms/ may contain: the form-js schema (schemaVersion 19, the version of
 * form-js 1.16 that Camunda 8.8 Tasklist renders) narrowed to the components and properties whose
 * submissions the server can check the way form-js does (submission-schema.ts). The official
 * schema, @bpmn-io/form-json-schema, is not on the npm registry this project installs from; see
 * docs/decisions/0003-form-validation.md.
 */

export const FORM_SCHEMA_VERSION = 19;

const feel = { type: 'string', pattern: '^=' };
const feelOr = (type: string) => ({ anyOf: [{ type }, feel] });
const component = (properties: object, required: string[] = [], extra: object = {}) => ({
  type: 'object',
  required: ['type', 'id', ...required],
  additionalProperties: false,
  properties: { type: { type: 'string' }, id: { type: 'string', minLength: 1 }, layout, conditional, ...properties },
  ...extra,
});
const validate = (properties: object, extra: object = {}) => ({
  type: 'object',
  additionalProperties: false,
  properties: { required: { type: 'boolean' }, ...properties },
  ...extra,
});

const layout = {
  type: 'object',
  additionalProperties: false,
  properties: {
    row: { type: ['string', 'null'] },
    columns: { anyOf: [{ type: 'integer', minimum: 2, maximum: 16 }, { type: 'null' }] },
  },
};
const conditional = { type: 'object', additionalProperties: false, properties: { hide: feelOr('boolean') } };
const dottedPath = { type: 'string', pattern: '^\\w+(\\.\\w+)*$' };
const count = { anyOf: [{ type: 'integer', minimum: 0 }, feel] };
const bound = { anyOf: [{ type: 'number' }, feel] };
const adorners = {
  type: 'object',
  additionalProperties: false,
  properties: { prefixAdorner: { type: 'string' }, suffixAdorner: { type: 'string' } },
};
const input = {
  key: dottedPath,
  label: { type: 'string' },
  description: { type: 'string' },
  readonly: feelOr('boolean'),
  disabled: feelOr('boolean'),
};
const options = {
  values: {
    type: 'array',
    minItems: 1,
    items: {
      type: 'object',
      required: ['label', 'value'],
      additionalProperties: false,
      properties: { label: { type: 'string', minLength: 1 }, value: { type: 'string', minLength: 1 } },
    },
  },
  // form-js reads valuesKey from the top level of the input data only
  valuesKey: { type: 'string', pattern: '^\\w+$' },
  valuesExpression: feel,
};
const oneSource = { oneOf: [{ required: ['values'] }, { required: ['valuesKey'] }, { required: ['valuesExpression'] }] };
const container = {
  label: { type: 'string' },
  path: dottedPath,
  showOutline: { type: 'boolean' },
  verticalAlignment: { enum: ['start', 'center', 'end'] },
  components: { type: 'array', items: { $ref: '#/definitions/component' } },
};

// Left out on purpose: validationType (form-js's phone pattern wants +86 and would refuse
// mainland numbers as written; forms give their own pattern), number increment and
// serializeToString, and the components whose values the server cannot check (expression,
// filepicker, button, html, iframe, image, documentPreview).
const definitions = {
  textfield: component(
    {
      ...input,
      defaultValue: { type: 'string' },
      appearance: adorners,
      validate: validate(
        {
          minLength: count,
          maxLength: count,
          pattern: { type: 'string', minLength: 1 },
          patternErrorMessage: { type: 'string' },
        },
        { dependencies: { patternErrorMessage: ['pattern'] } },
      ),
    },
    ['key'],
  ),
  textarea: component(
    { ...input, defaultValue: { type: 'string' }, validate: validate({ minLength: count, maxLength: count }) },
    ['key'],
  ),
  number: component(
    {
      ...input,
      defaultValue: { type: 'number' },
      decimalDigits: { type: 'integer', minimum: 0 },
      appearance: adorners,
      validate: validate({ min: bound, max: bound }),
    },
    ['key'],
  ),
  checkbox: component({ ...input, defaultValue: { type: 'boolean' }, validate: validate({}) }, ['key']),
  radio: component({ ...input, ...options, validate: validate({}) }, ['key'], oneSource),
  select: component({ ...input, ...options, searchable: { type: 'boolean' }, validate: validate({}) }, ['key'], oneSource),
  checklist: component({ ...input, ...options, validate: validate({}) }, ['key'], oneSource),
  taglist: component({ ...input, ...options, validate: validate({}) }, ['key'], oneSource),
  datetime: component(
    {
      ...input,
      subtype: { enum: ['date', 'time', 'datetime'] },
      dateLabel: { type: 'string' },
      timeLabel: { type: 'string' },
      use24h: { type: 'boolean' },
      timeSerializingFormat: { enum: ['utc_offset', 'utc_normalized', 'no_timezone'] },
      timeInterval: { type: 'integer', minimum: 1, maximum: 60 },
      disallowPassedDates: { type: 'boolean' },
      validate: validate({}),
    },
    ['key', 'subtype'],
  ),
  text: component({ text: { type: 'string', minLength: 1 } }, ['text']),
  separator: component({}),
  spacer: component({ height: { type: 'number', minimum: 0 } }),
  group: component(container, ['components']),
  dynamiclist: component(
    {
      ...container,
      isRepeating: { type: 'boolean' },
      allowAddRemove: { type: 'boolean' },
      defaultRepetitions: { type: 'integer', minimum: 0 },
      disableCollapse: { type: 'boolean' },
      nonCollapsedItems: { type: 'integer', minimum: 1 },
    },
    ['path', 'isRepeating', 'components'],
  ),
  table: component(
    {
      label: { type: 'string' },
      dataSource: { type: 'string', minLength: 1 },
      columns: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['label', 'key'],
          additionalProperties: false,
          properties: { label: { type: 'string' }, key: { type: 'string', minLength: 1 } },
        },
      },
      columnsExpression: feel,
      rowCount: { type: 'integer', minimum: 1 },
    },
    ['dataSource'],
    { oneOf: [{ required: ['columns'] }, { required: ['columnsExpression'] }] },
  ),
};

export const formDefinitionSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Service Hall form (form-js schemaVersion 19)',
  type: 'object',
  required: ['type', 'id', 'schemaVersion', 'executionPlatform', 'executionPlatformVersion', 'exporter', 'components'],
  additionalProperties: false,
  properties: {
    type: { const: 'default' },
    id: { type: 'string', pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' },
    schemaVersion: { const: FORM_SCHEMA_VERSION },
    executionPlatform: { const: 'Camunda Cloud' },
    executionPlatformVersion: { type: 'string', pattern: '^8\\.(8|9|[1-9]\\d)\\.\\d+$' },
    versionTag: { type: 'string' },
    exporter: {
      type: 'object',
      required: ['name', 'version'],
      additionalProperties: false,
      properties: { name: { type: 'string', minLength: 1 }, version: { type: 'string', minLength: 1 } },
    },
    components: { type: 'array', items: { $ref: '#/definitions/component' } },
  },
  definitions: {
    ...definitions,
    component: {
      type: 'object',
      required: ['type'],
      properties: { type: { enum: Object.keys(definitions) } },
      allOf: Object.keys(definitions).map((type) => ({
        if: { properties: { type: { const: type } } },
        then: { $ref: `#/definitions/${type}` },
      })),
    },
  },
};

export interface FormDefinitionProblem {
  /** JSON pointer into the form, or the component id */
  at: string;
  message: string;
}

export class FormDefinitionError extends Error {
  readonly code = 'FORM_DEFINITION_INVALID';
  constructor(
    readonly formId: string,
    readonly problems: FormDefinitionProblem[],
  ) {
    super(`form ${formId} is invalid: ${problems.map((p) => `${p.at}: ${p.message}`).join('; ')}`);
  }
}

// strictRequired would refuse the oneOf branches that name a property defined beside them
const checkShape = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile<FormJsSchema>(
  formDefinitionSchema,
);

/** The form, if it is one Service Hall can render and check; throws FormDefinitionError otherwise. */
export function parseFormDefinition(source: unknown): FormJsSchema {
  let value: unknown = source;
  if (typeof source === 'string') {
    try {
      value = JSON.parse(source);
    } catch (error) {
      throw new FormDefinitionError('?', [{ at: '', message: `not JSON: ${(error as Error).message}` }]);
    }
  }
  const problems = checkFormDefinition(value);
  const id = (value as { id?: unknown } | null)?.id;
  if (problems.length > 0) throw new FormDefinitionError(typeof id === 'string' ? id : '?', problems);
  return value as FormJsSchema;
}

/** Every problem found: the shape, then what a JSON Schema cannot say. */
export function checkFormDefinition(value: unknown): FormDefinitionProblem[] {
  // an if/then wrapper only repeats what the error inside it says
  if (!checkShape(value)) return (checkShape.errors ?? []).filter((e) => e.keyword !== 'if').map(shapeProblem);
  return [...duplicateIds(value), ...fieldProblems(value), ...expressionProblems(value), ...patternProblems(value), ...markupProblems(value)];
}

/**
 * Text components whose markdown or HTML could run in a clerk's page (markup.ts); the problem is
 * at the component's id. A text written as a FEEL expression is computed when shown, and form-js
 * escapes what it inserts there and in {{ }} templates.
 */
export function markupProblems(form: unknown): FormDefinitionProblem[] {
  const problems: FormDefinitionProblem[] = [];
  // walked by hand rather than with allComponents: a draft being saved has not been shape-checked
  const walk = (components: unknown) => {
    if (!Array.isArray(components)) return;
    for (const c of components as unknown[]) {
      if (c === null || typeof c !== 'object') continue;
      const { type, id, text, components: inner } = c as { type?: unknown; id?: unknown; text?: unknown; components?: unknown };
      const why = type === 'text' && typeof text === 'string' && !text.startsWith('=') ? unsafeMarkup(text) : undefined;
      if (why) problems.push({ at: String(id), message: `文本组件 ${String(id)} 含有不安全的内容：${why}。只能使用 Markdown 和不带脚本、事件属性的排版标签` });
      walk(inner);
    }
  };
  walk((form as { components?: unknown } | null)?.components);
  return problems;
}

function shapeProblem(error: ErrorObject): FormDefinitionProblem {
  const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
  return { at: error.instancePath, message: `${error.message ?? error.keyword}${extra}` };
}

function duplicateIds(form: FormJsSchema): FormDefinitionProblem[] {
  const seen = new Set<string>();
  const problems: FormDefinitionProblem[] = [];
  for (const { id } of allComponents(form.components)) {
    if (seen.has(id)) problems.push({ at: id, message: 'component id used twice' });
    seen.add(id);
  }
  return problems;
}

/** Two fields writing the same value, or one value nested in another, would overwrite each other. */
function fieldProblems(form: FormJsSchema): FormDefinitionProblem[] {
  let fields: FieldNode[];
  try {
    fields = fieldsOf(form.components);
  } catch (error) {
    if (error instanceof FormComponentError) return [{ at: error.component.id, message: error.message }];
    throw error;
  }
  const problems: FormDefinitionProblem[] = [];
  const checkScope = (scope: FieldNode[]) => {
    const paths = scope.map((field) => ({ field, path: field.path.join('.') }));
    for (const { field, path } of paths) {
      const clash = paths.find((other) => other.field !== field && (other.path === path || other.path.startsWith(`${path}.`)));
      if (clash) problems.push({ at: field.component.id, message: `value ${path} clashes with ${clash.field.component.id}` });
      if (field.row) checkScope(field.row);
    }
  };
  checkScope(fields);
  return problems;
}

function expressionProblems(form: FormJsSchema): FormDefinitionProblem[] {
  const problems: FormDefinitionProblem[] = [];
  for (const c of allComponents(form.components)) {
    for (const [where, source, unary] of expressionsOf(c)) {
      if (!parses(source, unary)) problems.push({ at: c.id, message: `${where}: FEEL does not parse: ${source}` });
    }
  }
  return problems;
}

/**
 * [property, FEEL source, parsed as unary tests]. form-js evaluates hide, readonly and disabled
 * with feelin's unaryTest, everything else with evaluate; templates ({{ }}) hold expressions.
 */
function expressionsOf(c: FormComponent): [string, string, boolean][] {
  const found: [string, string, boolean][] = [];
  const add = (where: string, value: unknown, unary = false) => {
    if (typeof value === 'string' && value.startsWith('=')) found.push([where, value.slice(1), unary]);
  };
  add('conditional.hide', c.conditional?.hide, true);
  add('readonly', c.readonly, true);
  add('disabled', c.disabled, true);
  for (const limit of ['min', 'max', 'minLength', 'maxLength'] as const) add(`validate.${limit}`, c.validate?.[limit]);
  for (const property of ['valuesExpression', 'dataSource', 'columnsExpression', 'label', 'description', 'text']) {
    add(property, c[property]);
  }
  for (const property of ['label', 'description', 'text']) {
    const value = c[property];
    if (typeof value !== 'string' || value.startsWith('=')) continue;
    for (const [, inner] of value.matchAll(/\{\{\s*(?:#(?:if|loop)\s+)?([^#/][^}]*?)\s*\}\}/g)) {
      if (inner !== 'else') found.push([property, inner, false]);
    }
  }
  return found;
}

function parses(source: string, unary: boolean): boolean {
  const tree = unary ? parseUnaryTests(source, {}, undefined) : parseExpression(source, {}, undefined);
  let ok = true;
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) ok = false;
    },
  });
  return ok;
}

/** Patterns run as ajv compiles them (with the u flag); form-js runs them without it. */
function patternProblems(form: FormJsSchema): FormDefinitionProblem[] {
  const problems: FormDefinitionProblem[] = [];
  for (const c of allComponents(form.components)) {
    const pattern = c.validate?.pattern;
    if (pattern === undefined) continue;
    try {
      new RegExp(pattern, 'u');
    } catch (error) {
      problems.push({ at: c.id, message: `validate.pattern: ${(error as Error).message}` });
    }
  }
  return problems;
}
