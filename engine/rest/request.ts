import type { NextFunction, Request, Response, Router } from 'express';
import type { Engine } from '../engine.js';
import type { AdHocActivation } from '../runtime/processors/processor.js';
import type { Variables } from '../runtime/records.js';
import { invalidArgument, notFound } from '../runtime/errors.js';
import { checkVariableSizes } from './limits.js';

/** Reading a REST request (keys, body fields, variables) and answering it, shared by the route modules. */

export function key(req: Request, name: string): number {
  const raw = req.params[name];
  if (typeof raw !== 'string' || !/^\d{1,16}$/.test(raw)) throw invalidArgument(`Expected ${name} to be a numeric key, but was '${String(raw)}'`);
  return Number(raw);
}

export function optionalKey(value: unknown, field: string): number | undefined {
  const raw = text(value, field);
  if (raw === undefined) return undefined;
  if (!/^\d{1,16}$/.test(raw)) throw invalidArgument(`Expected ${field} to be a numeric key, but was '${raw}'`);
  return Number(raw);
}

export type VariablesReader = (value: unknown, field?: string) => Variables;

/** Reads a body's variables: a JSON object, each variable at most `maxBytes` as JSON. */
export function variablesReader(maxBytes: number): VariablesReader {
  return (value, field = 'variables') => {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw invalidArgument(`Expected ${field} to be a JSON object, but was ${Array.isArray(value) ? 'an array' : typeof value}`, { field });
    }
    checkVariableSizes(value as Variables, maxBytes, field);
    return value as Variables;
  };
}

/** Ad-hoc elements to activate: `{ elementId, variables? }` each, the element id required. */
export function activationsOf(items: unknown[], field: string, variablesOf: VariablesReader): AdHocActivation[] {
  return items.map((item, i) => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const elementId = text(entry.elementId, `${field}[${i}].elementId`);
    if (!elementId) throw invalidArgument(`No ${field}[${i}].elementId provided.`, { field: `${field}[${i}].elementId` });
    const variables = variablesOf(entry.variables, `${field}[${i}].variables`);
    return Object.keys(variables).length > 0 ? { elementId, variables } : { elementId };
  });
}

export function body(req: Request): Record<string, unknown> {
  return bodyObject(req.body);
}

/** A parsed request body: a JSON object, or {} when there was none. */
export function bodyObject(b: unknown): Record<string, unknown> {
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b)) throw invalidArgument('Expected the request body to be a JSON object');
  return b as Record<string, unknown>;
}

/** A text field: strings pass, numbers are written out, anything else is a 400 naming the field. */
export function text(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString();
  throw invalidArgument(`Expected ${field} to be a string, but was ${Array.isArray(value) ? 'an array' : typeof value}`, { field });
}

export function numberOr(value: unknown, fallback: number, field: string): number {
  if (value === undefined || value === null) return fallback;
  const n = Number(value);
  if (typeof value === 'object' || !Number.isFinite(n)) throw invalidArgument(`Expected ${field} to be a number, but was ${JSON.stringify(value)}`);
  return n;
}

type Handler = (req: Request, res: Response) => unknown;

/** Wraps a handler: its result is the JSON body (204 when undefined); errors become problem+json. */
export const route = (handler: Handler, status = 200) => async (req: Request, res: Response, next: NextFunction) => {
  try {
    const result = await handler(req, res);
    if (res.headersSent) return;
    if (result === undefined) res.status(204).end();
    else res.status(status).json(result);
  } catch (err) {
    next(err);
  }
};

/** A looked-up item, or a 404 naming what had the route's `:key`. */
export function found<T>(item: T | undefined, what: string, req: Request): T {
  if (item === undefined) throw notFound(`${what} with key '${String(req.params.key)}' not found`);
  return item;
}

/** What a route module registers its routes with (server.ts builds it once per app). */
export interface RouteDeps {
  api: Router;
  engine: Engine;
  variablesOf: VariablesReader;
}
