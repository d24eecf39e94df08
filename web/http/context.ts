import type { Response } from 'express';
import type { Session } from '../../domain/store/index.js';
import type { Principal } from '../auth/roles.js';
import { ApiProblem } from './problem.js';

/** What the middleware learned about a request, kept on res.locals and read through these typed accessors. */
export interface AuthContext {
  principal: Principal;
  session: Session;
  /** an administrator reset the password: nothing but the change of password is open */
  mustChangePassword: boolean;
}

export interface ValidatedInput {
  body: unknown;
  /** with the types the document declares (integers as numbers) */
  query: Record<string, unknown>;
  params: Record<string, string>;
}

export function authOf(res: Response): AuthContext | undefined {
  return res.locals.auth as AuthContext | undefined;
}

export function setAuth(res: Response, auth: AuthContext): void {
  res.locals.auth = auth;
}

/** The request's session and user; 401 when there is none. */
export function authenticatedOf(res: Response): AuthContext {
  const auth = authOf(res);
  if (!auth) throw new ApiProblem('unauthenticated', '请先登录，或登录已超时，请重新登录');
  return auth;
}

export function inputOf<T extends object = object>(res: Response): ValidatedInput & T {
  const input = res.locals.input as ValidatedInput | undefined;
  if (!input) throw new Error('inputOf: the route has no validation');
  return input as ValidatedInput & T;
}

export function setInput(res: Response, input: ValidatedInput): void {
  res.locals.input = input;
}
