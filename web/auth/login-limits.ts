import type { Request, RequestHandler } from 'express';
import type { RateLimitsRepo } from '../../domain/store/index.js';
import type { WebConfig } from '../config.js';
import { clientKey, createRateLimit, createSharedRateLimitStore } from '../rate-limit.js';

/** Usernames are stored in lower case; a log-in may type them in any. */
export const loginUsernameOf = (req: Request): string => String((req.body as { username?: string } | undefined)?.username ?? '').toLowerCase();

const ACCOUNT_PREFIX = 'login-account:';

/** The rate-limit key counting one username's failed log-ins from every address. */
export const loginAccountKey = (username: string): string => `${ACCOUNT_PREFIX}${username.toLowerCase()}`;

/**
 * Failed log-ins counted three ways, each its own 15-minute window, all in the store so every
 * instance shares them: per address and username (one person's typos lock out nobody else
 * behind the same address), per username from any address (guessing one account from many
 * addresses), and all together (one password sprayed over many usernames). They run before the
 * log-in handler, so a refused try answers 429 without a password check: it costs no scrypt.
 * A successful log-in takes its own try back from each, and clears its username's count
 * (session.ts); an administrator's password reset clears it too (staff-admin.ts).
 */
export function createLoginLimits(counts: RateLimitsRepo, config: WebConfig): RequestHandler[] {
  const detail = '登录失败次数过多，请 15 分钟后再试';
  return [
    createRateLimit({
      limit: config.loginRateLimit,
      store: createSharedRateLimitStore(counts, 'login:'),
      countFailuresOnly: true,
      key: (req) => `${clientKey(req)}|${loginUsernameOf(req)}`,
      detail,
    }),
    createRateLimit({
      limit: config.loginAccountRateLimit,
      store: createSharedRateLimitStore(counts, ACCOUNT_PREFIX),
      countFailuresOnly: true,
      key: loginUsernameOf,
      detail: '该账号登录失败次数过多，已暂停登录，请 15 分钟后再试，或请系统管理员重置密码',
    }),
    createRateLimit({
      limit: config.loginGlobalRateLimit,
      store: createSharedRateLimitStore(counts, 'login-all:'),
      countFailuresOnly: true,
      key: () => 'all',
      detail,
    }),
  ];
}
