import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type ClientRateLimitInfo, type Options, type Store as RateLimitStore } from 'express-rate-limit';
import type { RateLimitsRepo } from '../domain/store/index.js';
import { ApiProblem } from './http/problem.js';

export const RATE_LIMIT_WINDOW_MS = 15 * 60_000;

/**
 * The client's address; IPv6 by its /64, the network one subscriber is given: mobile networks
 * hand each phone its own /64 out of shared larger prefixes, so a coarser bucket would make
 * strangers share one limit. Guessing one case's code spread over many networks is stopped by
 * the number's own lockout (web/lookup-lockout.ts), not by this limit.
 */
export const clientKey = (req: Request): string => ipKeyGenerator(req.ip ?? 'unknown', 64);

/**
 * express-rate-limit's store over the project's store, so every app instance on one database
 * counts against the same limit: behind a load balancer a client gets one limit, not one per
 * instance. `prefix` keeps the limiters' counts apart in the one table. Counted by the wall
 * clock, which express-rate-limit computes Retry-After from.
 */
export function createSharedRateLimitStore(counts: RateLimitsRepo, prefix: string, now: () => Date = () => new Date()): RateLimitStore {
  let windowMs = RATE_LIMIT_WINDOW_MS;
  // each instance deletes the ended windows once per window length, on a hit, so the table holds
  // about one window's clients however many come and go
  let nextSweep = 0;
  const info = (w: { hits: number; resetAt: Date }): ClientRateLimitInfo => ({ totalHits: w.hits, resetTime: w.resetAt });
  return {
    localKeys: false,
    prefix,
    init(options: Options) {
      windowMs = options.windowMs;
    },
    async increment(key) {
      const at = now();
      if (at.getTime() >= nextSweep) {
        nextSweep = at.getTime() + windowMs;
        await counts.deleteEnded(at);
      }
      return info(await counts.increment(prefix + key, at, windowMs));
    },
    async decrement(key) {
      await counts.decrement(prefix + key, now());
    },
    async get(key) {
      const window = await counts.get(prefix + key, now());
      return window && info(window);
    },
    async resetKey(key) {
      await counts.reset(prefix + key);
    },
  };
}

/**
 * Whether the request got an answer on its merits: a 429 from elsewhere (the scrypt work was
 * saturated, web/auth/password-work.ts) or a server error checked nothing, so neither counts
 * against the client. A limiter's own 429 is not counted again either: its count stays over the
 * limit, so the next try is still refused.
 */
const answeredOnMerits = (status: number): boolean => status !== 429 && status < 500;

/**
 * At most `limit` requests per key in a 15-minute window, then 429 with Retry-After. Counted in
 * `store` (createSharedRateLimitStore in the app), so the limit holds across every app instance
 * on one database. With `countFailuresOnly`, only answers 400–499 count (a wrong password), not
 * successes; either way a request not answered on its merits does not count.
 */
export function createRateLimit(options: {
  limit: number;
  detail: string;
  store: RateLimitStore;
  key?: (req: Request) => string;
  countFailuresOnly?: boolean;
}): RequestHandler {
  const failuresOnly = options.countFailuresOnly ?? false;
  return rateLimit({
    windowMs: RATE_LIMIT_WINDOW_MS,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // express-rate-limit takes a request back when requestWasSuccessful says "successful" under
    // skipSuccessfulRequests, and when it says "failed" under skipFailedRequests
    skipSuccessfulRequests: failuresOnly,
    skipFailedRequests: !failuresOnly,
    requestWasSuccessful: failuresOnly
      ? (_req, res) => !(answeredOnMerits(res.statusCode) && res.statusCode >= 400)
      : (_req, res) => answeredOnMerits(res.statusCode),
    keyGenerator: options.key ?? clientKey,
    store: options.store,
    handler: (_req, _res, next) => next(new ApiProblem('rate-limited', options.detail)),
  });
}
