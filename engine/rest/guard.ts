import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { EngineCredential } from '../auth/credentials.js';
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

function refuse(res: Response, req: Request, status: 401 | 403 | 429 | 503, title: string, detail: string, challenge?: string): void {
  if (challenge) res.setHeader('WWW-Authenticate', challenge);
  // the request body is not read; closing keeps a client from streaming megabytes into a refusal
  res.setHeader('Connection', 'close');
  res.status(status).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title, status, detail, instance: req.originalUrl }));
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The decoded `username:password` of a Basic header, or undefined when there is none. */
function basicPair(header: string): string | undefined {
  const encoded = /^Basic ([A-Za-z0-9+/=]{1,1024})$/i.exec(header)?.[1];
  return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
}

function basicMatches(pair: string, credential: EngineCredential): boolean {
  // compared as digests so neither the length nor the first differing byte shows in the timing
  return timingSafeEqual(digest(pair), digest(`${credential.username}:${credential.password}`));
}

function hostAllowed(host: string | undefined, allowed: readonly string[]): boolean {
  if (host === undefined) return false;
  const name = host.toLowerCase();
  const bare = name.replace(/:\d+$/, '');
  return allowed.includes(name) || allowed.includes(bare);
}

export function engineGuard(options: GuardOptions): RequestHandler {
  const { authenticator, allowedHosts } = options;
  const throttle = createBasicThrottle(options.basicThrottle);
  return (req: Request, res: Response, next: NextFunction) => {
    if (allowedHosts !== undefined && !hostAllowed(req.headers.host, allowedHosts)) {
      refuse(res, req, 403, 'FORBIDDEN', `Host '${req.headers.host ?? ''}' is not this engine's address (ENGINE_ALLOWED_HOSTS)`);
      return;
    }
    const site = req.headers['sec-fetch-site'];
    if (req.headers.origin !== undefined || (site !== undefined && site !== 'none')) {
      refuse(res, req, 403, 'FORBIDDEN', 'Requests from web pages are not accepted by the engine API');
      return;
    }
    const authorization = req.headers.authorization ?? '';
    switch (authenticator.method) {
      case 'none':
        next();
        return;
      case 'basic': {
        const pair = basicPair(authorization);
        const address = req.socket.remoteAddress ?? 'unknown';
        const username = pair?.split(':', 1)[0] ?? '';
        // refused before the comparison: a throttled guess gets no answer about the password
        const wait = throttle.retryAfter(address, username);
        if (wait !== undefined) {
          res.setHeader('Retry-After', String(wait));
          refuse(res, req, 429, 'TOO_MANY_REQUESTS', `Too many wrong credentials from this address; try again in ${wait} seconds`);
          return;
        }
        if (pair !== undefined && basicMatches(pair, authenticator.credential)) {
          next();
          return;
        }
        // a request without any Basic header is a client not configured yet, not a guess
        if (pair !== undefined) throttle.failed(address, username);
        refuse(res, req, 401, 'UNAUTHORIZED', 'Valid Basic credentials are required (CAMUNDA_BASIC_AUTH_USERNAME, CAMUNDA_BASIC_AUTH_PASSWORD)', 'Basic realm="engine", charset="UTF-8"');
        return;
      }
      case 'oidc': {
        const token = /^Bearer (\S+)$/i.exec(authorization)?.[1];
        if (token === undefined) {
          refuse(res, req, 401, 'UNAUTHORIZED', 'A bearer access token is required', 'Bearer');
          return;
        }
        authenticator.verify(token).then(
          () => next(),
          (error: unknown) => {
            if (error instanceof TokenRejected) refuse(res, req, 401, 'UNAUTHORIZED', `The access token is not accepted: ${error.message}`, 'Bearer error="invalid_token"');
            // the caller may be fine; the engine cannot tell until the provider answers
            else refuse(res, req, 503, 'UNAVAILABLE', `The identity provider's signing keys cannot be read: ${(error as Error).message}`);
          },
        );
        return;
      }
    }
  };
}
