import type { RequestHandler } from 'express';
import { authenticatedOf } from '../http/context.js';
import { ApiProblem } from '../http/problem.js';
import { hasAnyRole, type Role } from './roles.js';

export const requireLogin: RequestHandler = (_req, res, next) => {
  authenticatedOf(res);
  next();
};

/** Logged in and holding at least one of the roles. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    if (!hasAnyRole(authenticatedOf(res).principal, roles)) throw new ApiProblem('forbidden', '您的角色无权执行此操作');
    next();
  };
}
