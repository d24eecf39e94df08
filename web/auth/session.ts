import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { Repositories, Session, Store, User } from '../../domain/store/index.js';
import type { WebConfig } from '../config.js';
import { readCookies } from '../http/cookies.js';
import { authOf, setAuth, type AuthContext } from '../http/context.js';
import { toPrincipal } from './roles.js';
import { hashToken, isToken, newToken } from './tokens.js';

export const SESSION_COOKIE = 'sh_session';

/** last_seen_at is written at most this often: idle timeouts count in minutes, and a write per request would not be free */
const TOUCH_INTERVAL_MS = 60_000;

/** A session just written, and the token for its cookie (the only place the token ever is). */
export interface OpenedSession {
  session: Session;
  token: string;
}

export interface SessionManager {
  /** Middleware: a valid session cookie puts the user on the request; anything else leaves it anonymous. */
  load: RequestHandler;
  /**
   * Writes a new session, with a token and a CSRF token never seen before, and deletes
   * `previous`, so that a session id planted before log-in is worthless after it.
   */
  open(tx: Repositories, user: User, previous: Session | undefined): Promise<OpenedSession>;
  /** After the transaction that opened it commits: the cookie, and the user on this request. */
  attach(res: Response, user: User, opened: OpenedSession): AuthContext;
  /** After the transaction that deleted the session commits. */
  detach(res: Response): void;
  /** When the session ends if unused from now on. */
  idleDeadline(session: Session): Date;
}

export function createSessionManager({ store, config, clock }: { store: Store; config: WebConfig; clock: () => Date }): SessionManager {
  const cookie: CookieOptions = { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, path: '/' };
  const idleDeadline = (s: Session) => new Date(s.lastSeenAt.getTime() + config.sessionIdleMs);
  const isLive = (s: Session, now: Date) => s.expiresAt > now && idleDeadline(s) > now;

  async function resolve(req: Request, now: Date): Promise<AuthContext | 'none' | 'invalid'> {
    const token = readCookies(req).get(SESSION_COOKIE);
    if (token === undefined) return 'none';
    if (!isToken(token)) return 'invalid';
    // one statement, never cached: a session ended or an account disabled or reset on any
    // instance is refused at its next request (docs/decisions/0024-per-request-reads.md)
    const found = await store.sessions.getWithUser(hashToken(token));
    if (!found) return 'invalid';
    const { session, user } = found;
    if (!isLive(session, now) || user.disabled) {
      await store.sessions.delete(session.idHash);
      return 'invalid';
    }
    if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
      await store.sessions.touch(session.idHash, now);
      session.lastSeenAt = now;
    }
    return { session, principal: toPrincipal(user), mustChangePassword: user.mustChangePassword };
  }

  return {
    idleDeadline,

    load: async (req, res, next) => {
      // loaded already by a route's own chain (/api/designer checks the session before the body)
      if (authOf(res)) {
        next();
        return;
      }
      const found = await resolve(req, clock());
      if (found === 'invalid') res.clearCookie(SESSION_COOKIE, cookie);
      else if (found !== 'none') setAuth(res, found);
      next();
    },

    async open(tx, user, previous) {
      const now = clock();
      if (previous) await tx.sessions.delete(previous.idHash);
      // log-ins are rare enough to carry the housekeeping of sessions nobody will come back to
      await tx.sessions.deleteExpired(now, new Date(now.getTime() - config.sessionIdleMs));
      const token = newToken();
      const session = await tx.sessions.create({
        idHash: hashToken(token),
        username: user.username,
        csrfToken: newToken(),
        createdAt: now,
        expiresAt: new Date(now.getTime() + config.sessionMaxAgeMs),
        lastSeenAt: now,
      });
      return { session, token };
    },

    attach(res, user, { session, token }) {
      res.cookie(SESSION_COOKIE, token, cookie);
      const auth = { session, principal: toPrincipal(user), mustChangePassword: user.mustChangePassword };
      setAuth(res, auth);
      return auth;
    },

    detach(res) {
      res.clearCookie(SESSION_COOKIE, cookie);
    },
  };
}
