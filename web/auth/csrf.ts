import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { WebConfig } from '../config.js';
import { readCookies } from '../http/cookies.js';
import { authOf } from '../http/context.js';
import { ApiProblem } from '../http/problem.js';
import { isToken, loginCsrfToken, newToken, tokensEqual } from './tokens.js';

/** Holds the nonce that the log-in form's CSRF token is derived from (docs/decisions/0005). */
export const LOGIN_COOKIE = 'sh_login';
export const CSRF_HEADER = 'X-CSRF-Token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CsrfGuard {
  /**
   * Middleware: a request that may change state must carry, in X-CSRF-Token, its session's
   * synchronizer token or, without a session, the pre-session token. A cross-site page can make a
   * browser send the cookies but can read neither token.
   */
  protect: RequestHandler;
  /** The token the client must send from now on; without a session this issues the pre-session cookie. */
  tokenFor(req: Request, res: Response): string;
  clearLoginCookie(res: Response): void;
}

export function createCsrfGuard(config: WebConfig): CsrfGuard {
  const cookie: CookieOptions = { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, path: '/api' };
  const loginNonce = (req: Request) => {
    const nonce = readCookies(req).get(LOGIN_COOKIE);
    return nonce !== undefined && isToken(nonce) ? nonce : undefined;
  };
  const expectedToken = (req: Request, res: Response) => {
    const auth = authOf(res);
    if (auth) return auth.session.csrfToken;
    const nonce = loginNonce(req);
    return nonce === undefined ? undefined : loginCsrfToken(config.sessionSecret, nonce);
  };

  return {
    protect: (req, res, next) => {
      if (SAFE_METHODS.has(req.method)) return next();
      const given = req.get(CSRF_HEADER);
      const expected = expectedToken(req, res);
      if (given === undefined || given === '') throw new ApiProblem('csrf', '请求缺少安全令牌（X-CSRF-Token），请刷新页面后重试');
      if (expected === undefined || !tokensEqual(given, expected)) throw new ApiProblem('csrf', '安全令牌无效或已过期，请刷新页面后重试');
      next();
    },

    tokenFor(req, res) {
      const auth = authOf(res);
      if (auth) return auth.session.csrfToken;
      let nonce = loginNonce(req);
      if (nonce === undefined) {
        nonce = newToken();
        res.cookie(LOGIN_COOKIE, nonce, cookie);
      }
      return loginCsrfToken(config.sessionSecret, nonce);
    },

    clearLoginCookie(res) {
      res.clearCookie(LOGIN_COOKIE, cookie);
    },
  };
}
