import type { RequestHandler } from 'express';
import { authOf } from '../http/context.js';
import { ApiProblem } from '../http/problem.js';

/** What an account that must change its password may still call: its session, and the change. */
const OPEN = new Set(['GET /session', 'POST /session', 'DELETE /session', 'POST /session/password']);

/**
 * After an administrator's reset the account opens no API until the user picks a password
 * (mounted on /api, after the session is loaded): the one-time password was seen by the
 * administrator, so whatever it opened would be the administrator's doing in the user's name.
 */
export const passwordChangeGate: RequestHandler = (req, res, next) => {
  const auth = authOf(res);
  if (auth?.mustChangePassword && !OPEN.has(`${req.method} ${req.path}`)) {
    throw new ApiProblem('password-change-required', '管理员已重置您的密码：请先设置新密码，再使用系统');
  }
  next();
};
