import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { ApiProblem } from './http/problem.js';

export const RATE_LIMIT_WINDOW_MS = 15 * 60_000;

/** The client's address; IPv6 by its /56, since one household or office gets a whole prefix. */
export const clientKey = (req: Request): string => ipKeyGenerator(req.ip ?? 'unknown');

/**
 * At most `limit` requests per key in a 15-minute window, then 429 with Retry-After. Counted in
 * memory by each app instance: with several instances behind a load balancer (cluster mode) a
 * client may get up to one limit per instance, until the counts move to a shared store.
 */
export function createRateLimit(options: { limit: number; detail: string; key?: (req: Request) => string; countFailuresOnly?: boolean }): RequestHandler {
  return rateLimit({
    windowMs: RATE_LIMIT_WINDOW_MS,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: options.countFailuresOnly ?? false,
    keyGenerator: options.key ?? clientKey,
    handler: (_req, _res, next) => next(new ApiProblem('rate-limited', options.detail)),
  });
}
