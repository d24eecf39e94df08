import type { ServerResponse } from 'node:http';
import { logEngineError } from '../error-log.js';
import { DeploymentRejectedError } from '../model/compile.js';
import { CommandRejection } from '../runtime/errors.js';

/** A failed request as Camunda's gateway answers it: an RFC 9457 problem document. */

function toProblem(err: unknown, instance: string) {
  if (err instanceof CommandRejection) {
    return { type: 'about:blank', title: err.type, status: err.status, detail: err.message, instance, ...(err.details ?? {}) };
  }
  if (err instanceof DeploymentRejectedError) {
    return {
      type: 'about:blank',
      title: 'INVALID_ARGUMENT',
      status: 400,
      detail: `Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\n${err.message}`,
      instance,
      problems: err.problems,
    };
  }
  const e = err as { type?: string; status?: number; message?: string };
  if (e && e.type === 'entity.parse.failed') {
    return { type: 'about:blank', title: 'INVALID_ARGUMENT', status: 400, detail: `Request body is not valid JSON: ${e.message}`, instance };
  }
  if (e && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return { type: 'about:blank', title: 'INVALID_ARGUMENT', status: e.status, detail: e.message ?? 'Bad request', instance };
  }
  return { type: 'about:blank', title: 'INTERNAL_ERROR', status: 500, detail: (err as Error)?.message ?? String(err), instance };
}

/** Answers `err` as problem+json; faults of the engine itself (not rejections, not bad input) are logged. */
export function sendProblem(res: ServerResponse, err: unknown, instance: string): void {
  const problem = toProblem(err, instance);
  // a rejection (e.g. DEADLINE_EXCEEDED of a create-with-result) is an answer, not an engine fault
  if (problem.status >= 500 && !(err instanceof CommandRejection)) logEngineError('engine REST error', err);
  const body = JSON.stringify(problem);
  res.writeHead(problem.status, { 'Content-Type': 'application/problem+json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
