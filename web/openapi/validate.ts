import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { RequestHandler } from 'express';
import { setInput } from '../http/context.js';
import { ApiProblem, type FieldError, type FieldLocation } from '../http/problem.js';
import type { OpenApiDocument, Operation, Parameter, Schema } from './document.js';

/** The document's components under this id, so `#/components/schemas/X` refs resolve inside ajv. */
const DOCUMENT_ID = 'openapi.json';

/** A schema from the document, its local refs pointed at the components newAjv registered. */
export function withDocumentRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withDocumentRefs);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' && value.startsWith('#') ? DOCUMENT_ID + value : withDocumentRefs(value)]),
  );
}

/** An ajv that knows the document's components; parameters are coerced from text, bodies are not. */
export function newAjv(document: OpenApiDocument, options: { coerceTypes: boolean }): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, coerceTypes: options.coerceTypes, useDefaults: options.coerceTypes });
  // ajv-formats is CommonJS: under NodeNext its function is the default export's default
  addFormats.default(ajv, ['date-time']);
  ajv.addKeyword('components');
  ajv.addSchema({ $id: DOCUMENT_ID, components: document.components });
  return ajv;
}

function parametersSchema(parameters: Parameter[]): Schema {
  return {
    type: 'object',
    properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema])),
    required: parameters.filter((p) => p.required).map((p) => p.name),
    additionalProperties: false,
  };
}

const TYPE_NAMES: Record<string, string> = { string: '字符串', integer: '整数', number: '数字', boolean: '布尔值', object: '对象', array: '数组', null: '空值' };

function message(error: ErrorObject, field: string): string {
  // a Latin field name is set off by a space, as in 「password 不能为空」
  const subject = field === '' ? '请求体' : `${field} `;
  const limit = (error.params as { limit?: number }).limit;
  switch (error.keyword) {
    case 'required':
      return `缺少必填项 ${field}`;
    case 'additionalProperties':
      return `不支持的字段 ${field}`;
    case 'type': {
      const type = String((error.params as { type: unknown }).type);
      return `${subject}应为${type.split(',').map((t) => TYPE_NAMES[t] ?? t).join('或')}`;
    }
    case 'minLength':
      return limit === 1 ? `${subject}不能为空` : `${subject}不能少于 ${limit} 个字符`;
    case 'maxLength':
      return `${subject}不能超过 ${limit} 个字符`;
    case 'minItems':
      return limit === 1 ? `${subject}不能为空` : `${subject}不能少于 ${limit} 项`;
    case 'minimum':
      return `${subject}不能小于 ${limit}`;
    case 'maximum':
      return `${subject}不能大于 ${limit}`;
    case 'pattern':
    case 'format':
      return `${subject}格式不正确`;
    case 'enum':
    case 'const':
      return `${subject}的取值不在允许范围内`;
    default:
      return `${subject}无效`;
  }
}

function fieldErrors(errors: ErrorObject[], location: FieldLocation): FieldError[] {
  return errors.map((error) => {
    const path = error.instancePath
      .split('/')
      .slice(1)
      .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
    const params = error.params as { missingProperty?: string; additionalProperty?: string };
    if (error.keyword === 'required' && params.missingProperty) path.push(params.missingProperty);
    if (error.keyword === 'additionalProperties' && params.additionalProperty) path.push(params.additionalProperty);
    const field = path.join('.');
    return { in: location, field, message: message(error, field) };
  });
}

interface CompiledOperation {
  path?: ValidateFunction;
  query?: ValidateFunction;
  body?: ValidateFunction;
}

/**
 * Validates each request against its operation in the document: path and query parameters
 * (converted to the declared types, defaults filled in) and the JSON body. Anything wrong answers
 * 400 naming every wrong field, before a handler runs, so bad input changes nothing.
 */
export function createValidator(document: OpenApiDocument): { forOperation(operation: Operation): RequestHandler } {
  const bodies = newAjv(document, { coerceTypes: false });
  const parameters = newAjv(document, { coerceTypes: true });

  function compile(operation: Operation): CompiledOperation {
    const params = operation.parameters ?? [];
    const inPath = params.filter((p) => p.in === 'path');
    const inQuery = params.filter((p) => p.in === 'query');
    const bodySchema = operation.requestBody?.content['application/json']?.schema;
    return {
      path: parameters.compile(parametersSchema(inPath)),
      query: parameters.compile(parametersSchema(inQuery)),
      body: bodySchema && bodies.compile(withDocumentRefs(bodySchema) as Schema),
    };
  }

  return {
    forOperation(operation) {
      const compiled = compile(operation);
      return (req, res, next) => {
        const errors: FieldError[] = [];
        // the documented paths have plain parameters only, never wildcards (string[])
        const params = { ...req.params } as Record<string, string>;
        const query: Record<string, unknown> = { ...(req.query as Record<string, unknown>) };
        if (compiled.path && !compiled.path(params)) errors.push(...fieldErrors(compiled.path.errors ?? [], 'path'));
        if (compiled.query && !compiled.query(query)) errors.push(...fieldErrors(compiled.query.errors ?? [], 'query'));
        if (compiled.body) {
          // express.json leaves the body undefined when none was sent
          if (req.body === undefined) errors.push({ in: 'body', field: '', message: '缺少请求体（JSON）' });
          else if (!compiled.body(req.body)) errors.push(...fieldErrors(compiled.body.errors ?? [], 'body'));
        }
        if (errors.length > 0) throw new ApiProblem('validation', errors.map((e) => e.message).join('；'), errors);
        setInput(res, { body: req.body as unknown, query, params });
        next();
      };
    },
  };
}
