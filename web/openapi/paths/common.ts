import type { Operation, Schema } from '../document.js';

/**
 * Building blocks for the operations kept in paths/*.ts, one module per area, which document.ts
 * merges into the document. Only types come from document.ts, so no module waits on another's
 * evaluation (document.ts imports the path modules).
 */

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
export const response = (name: string): Schema => ({ $ref: `#/components/responses/${name}` });
export const json = (description: string, schemaName: string): Schema => ({ description, content: { 'application/json': { schema: ref(schemaName) } } });
export const problem = (description: string, schemaName = 'Problem'): Schema => ({ description, content: { 'application/problem+json': { schema: ref(schemaName) } } });
export const body = (schemaName: string): NonNullable<Operation['requestBody']> => ({ required: true, content: { 'application/json': { schema: ref(schemaName) } } });
/** what every operation that takes a JSON body may answer besides its own outcomes */
export const bodyProblems = { '400': response('BadRequest'), '403': response('Forbidden'), '413': response('PayloadTooLarge'), '415': response('UnsupportedMediaType') };
/** what every operation behind a log-in may answer */
export const sessionProblems = { '401': response('Unauthenticated'), '403': response('Forbidden') };

export const text = (maxLength: number, extra: Schema = {}): Schema => ({ type: 'string', minLength: 1, maxLength, ...extra });
export const instant: Schema = { type: 'string', format: 'date-time' };
export const nullable = (schema: Schema): Schema => ({ oneOf: [schema, { type: 'null' }] });
export const day: Schema = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' };
export const engineKey: Schema = { type: 'string', pattern: '^[0-9]{1,20}$' };
/** 办件编号 SH20261126-0001 */
export const caseNumber: Schema = { type: 'string', pattern: '^[A-Z]{2}[0-9]{8}-[0-9]{4,6}$', description: '办件编号，如 SH20261126-0001' };
/** 投诉编号 TS20261126-0001 */
export const complaintNumber: Schema = { type: 'string', pattern: '^TS[0-9]{8}-[0-9]{4,6}$', description: '投诉编号，如 TS20261126-0001' };
export const verificationCode: Schema = { type: 'string', pattern: '^[0-9]{6}$', description: '登记时告知的 6 位查询码' };
/** an object whose listed members are all required */
export const record = (properties: Record<string, Schema>, extra: Schema = {}): Schema => ({ type: 'object', required: Object.keys(properties), properties, ...extra });

/** Answers the path modules add to the document's shared responses. */
export const commonResponses: Record<string, Schema> = {
  Conflict: problem('当前状态不允许此操作（conflict）'),
  EngineUnavailable: problem('流程引擎暂不可用（engine-unavailable），请稍后再试'),
};
