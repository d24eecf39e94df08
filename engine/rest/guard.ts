import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EngineCredential } from '../auth/credentials.js';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { TokenRejected } from '../auth/jwt.js';
import { createBasicThrottle, type BasicThrottleOptions } from '../auth/basic-throttle.js';

/**
 * The engine port's front door, run before any body is read: requests from browsers are refused
 * (the engine has no browser clients, so an Origin header means a page on another site, e.g. a
 * cross-origin multipart deploy), the Host header must name this engine (DNS rebinding), and the
 * caller must authenticate as Camunda 8.8 self-managed wants it (Basic or an OIDC bearer token).
 */

export type Authenticator =
  | { method: 'basic'; credential: EngineCredential }
  | { method: 'oidc'; verify(token: string): Promise<unknown> }
  | { method: 'none' };

export interface GuardOptions {
  authenticator: Authenticator;
  /** accepted Host header values (host or host:port, lower case); undefined = any */
  allowedHosts?: readonly string[];
  /** limits on wrong Basic credentials; DEFAULT_BASIC_THROTTLE when absent */
  basicThrottle?: BasicThrottleOptions;
}

/** Why a request is refused before its body is read, and the headers that say how to do better. */
export interface Refusal {
  status: 401 | 403 | 429 | 503;
  title: string;
  detail: string;
  headers: Record<string, string>;
}

/** Checks a request's origin, host and credentials; a refusal, or undefined to let it through. */
export type GuardCheck = (req: IncomingMessage) => Refusal | undefined | Promise<Refusal | undefined>;

const refusal = (status: Refusal['status'], title: string, detail: string, headers: Record<string, string> = {}): Refusal => ({ status, title, detail, headers });

/** Answers a refused request with problem+json; `instance` is the path the caller asked for. */
export function sendRefusal(res: ServerResponse, instance: string, r: Refusal): void {
  const body = JSON.stringify({ type: 'about:blank', title: r.title, status: r.status, detail: r.detail, instance });
  res.writeHead(r.status, {
    ...r.headers,
    // the request body is not read; closing keeps a client from streaming megabytes into a refusal
    Connection: 'close',
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The decoded `username:password` of a Basic header, or undefined when there is none. */
function basicPair(header: string): string | undefined {
  const encoded = /^Basic ([A-Za-z0-9+/=]{1,1024})$/i.exec(header)?.[1];
  return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
}


function hostAllowed(host: string | undefined, allowed: readonly string[]): boolean {
  if (host === undefined) return false;
  const name = host.toLowerCase();
  const bare = name.replace(/:\d+$/, '');
  return allowed.includes(name) || allowed.includes(bare);
}

/** The guard's checks, independent of express: the hot routes (rest/hot-path.ts) and express share them. */
export function engineGuardCheck(options: GuardOptions): GuardCheck {
  const { authenticator, allowedHosts } = options;
  const throttle = createBasicThrottle(options.basicThrottle);
  // compared as digests so neither the length nor the first differing byte shows in the timing
  const expected = authenticator.method === 'basic' ? digest(`${authenticator.credential.username}:${authenticator.credential.password}`) : undefined;
  return (req) => {
    if (allowedHosts !== undefined && !hostAllowed(req.headers.host, allowedHosts)) {
      return refusal(403, 'FORBIDDEN', `Host '${req.headers.host ?? ''}' is not this engine's address (ENGINE_ALLOWED_HOSTS)`);
    }
    const site = req.headers['sec-fetch-site'];
    if (req.headers.origin !== undefined || (site !== undefined && site !== 'none')) {
      return refusal(403, 'FORBIDDEN', 'Requests from web pages are not accepted by the engine API');
    }
    const authorization = req.headers.authorization ?? '';
    switch (authenticator.method) {
      case 'none':
        return undefined;
      case 'basic': {
        const pair = basicPair(authorization);
        const address = req.socket.remoteAddress ?? 'unknown';
        const username = pair?.split(':', 1)[0] ?? '';
        // refused before the comparison: a throttled guess gets no answer about the password
        const wait = throttle.retryAfter(address, username);
        if (wait !== undefined) {
          return refusal(429, 'TOO_MANY_REQUESTS', `Too many wrong credentials from this address; try again in ${wait} seconds`, { 'Retry-After': String(wait) });
        }
        if (pair !== undefined && timingSafeEqual(digest(pair), expected!)) return undefined;
        // a request without any Basic header is a client not configured yet, not a guess
        if (pair !== undefined) throttle.failed(address, username);
        return refusal(401, 'UNAUTHORIZED', 'Valid Basic credentials are required (CAMUNDA_BASIC_AUTH_USERNAME, CAMUNDA_BASIC_AUTH_PASSWORD)', {
          'WWW-Authenticate': 'Basic realm="engine", charset="UTF-8"',
        });
      }
      case 'oidc': {
        const token = /^Bearer (\S+)$/i.exec(authorization)?.[1];
        if (token === undefined) return refusal(401, 'UNAUTHORIZED', 'A bearer access token is required', { 'WWW-Authenticate': 'Bearer' });
        return authenticator.verify(token).then(
          () => undefined,
          (error: unknown) =>
            error instanceof TokenRejected
              ? refusal(401, 'UNAUTHORIZED', `The access token is not accepted: ${error.message}`, { 'WWW-Authenticate': 'Bearer error="invalid_token"' })
              : // the caller may be fine; the engine cannot tell until the provider answers
                refusal(503, 'UNAVAILABLE', `The identity provider's signing keys cannot be read: ${(error as Error).message}`),
        );
      }
    }
  };
}

/** The guard as express middleware, in front of every other route. */
export function guardMiddleware(check: GuardCheck): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const answer = (r: Refusal | undefined) => (r === undefined ? next() : sendRefusal(res, req.originalUrl, r));
    const checked = check(req);
    if (checked instanceof Promise) void checked.then(answer);
    else answer(checked);
  };
}
