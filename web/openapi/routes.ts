import type { Express, RequestHandler } from 'express';
import { requireLogin, requireRole } from '../auth/guards.js';
import { isRole } from '../auth/roles.js';
import type { Method, OpenApiDocument, Operation } from './document.js';
import { createValidator } from './validate.js';

type Register = (path: string, operationId: string, ...handlers: RequestHandler[]) => void;

export type Api = Record<Method, Register>;

/** `/api/tasks/{key}` → `/api/tasks/:key` */
export const expressPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');

/** The log-in and role guards the operation's `security` asks for. */
function guards(operation: Operation): RequestHandler[] {
  const roles = operation.security.find((requirement) => 'session' in requirement)?.session;
  if (roles === undefined) return [];
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new Error(`openapi: ${operation.operationId} requires unknown roles ${unknown.join(', ')}`);
  return roles.length === 0 ? [requireLogin] : [requireRole(...roles.filter(isRole))];
}

/**
 * Registers API routes as the document describes them: a route must name its operationId, which
 * must be the document's at that method and path (a mismatch fails at start, not in use), and it
 * gets the operation's guards and request validation ahead of its handlers.
 */
export function createApi(app: Express, document: OpenApiDocument): Api {
  const validator = createValidator(document);
  const register =
    (method: Method): Register =>
    (path, operationId, ...handlers) => {
      const operation = document.paths[path]?.[method];
      if (operation?.operationId !== operationId) {
        throw new Error(`openapi: no ${method.toUpperCase()} ${path} with operationId ${operationId} in the document`);
      }
      app[method](expressPath(path), ...guards(operation), validator.forOperation(operation), ...handlers);
    };
  return { get: register('get'), post: register('post'), put: register('put'), delete: register('delete') };
}
