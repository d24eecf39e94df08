import type { RequestHandler } from 'express';
import { ApiProblem } from './problem.js';

/**
 * The deepest nesting the API reads in a JSON body. Forms nest a few levels (a table's rows of
 * fields); a draft nested thousands of levels, well inside the size limit, overflowed the stack
 * where it was stored and answered 500 (issue 11).
 */
export const MAX_BODY_DEPTH = 64;

/** Whether any object or array in the value sits deeper than `max` (the value itself is level 1); iterative, so no depth overflows it. */
function nestedDeeper(value: unknown, max: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [next, depth] = pending.pop()!;
    if (next === null || typeof next !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(next)) pending.push([child, depth + 1]);
  }
  return false;
}

/** After the JSON parser (V8's parses any depth without recursion): refuses a body nested deeper than MAX_BODY_DEPTH with 400. */
export const refuseDeepBodies: RequestHandler = (req, _res, next) => {
  if (nestedDeeper(req.body, MAX_BODY_DEPTH)) {
    const message = `请求体嵌套超过 ${MAX_BODY_DEPTH} 层`;
    throw new ApiProblem('validation', message, [{ in: 'body', field: '', message }]);
  }
  next();
};
