import { randomBytes } from 'node:crypto';

/** The web app's settings; read from the environment only when asked, never at import. */
export interface WebConfig {
  port: number;
  /** the address to listen on; undefined = every interface */
  host?: string;
  production: boolean;
  /** signs the pre-session (log-in) CSRF tokens */
  sessionSecret: Buffer;
  cookieSecure: boolean;
  /** Express's `trust proxy`: false, a hop count, or addresses/subnets of the proxies */
  trustProxy: false | number | string;
  sessionIdleMs: number;
  sessionMaxAgeMs: number;
  /** public case look-ups per client address per rate-limit window */
  lookupRateLimit: number;
  /** online complaints per client address per rate-limit window */
  complaintRateLimit: number;
  /** online applications (网上申报) per client address per rate-limit window */
  applicationRateLimit: number;
  /** failed log-ins per client address and username per rate-limit window */
  loginRateLimit: number;
  /** wrong 查询码 in a row that lock look-ups of one case or complaint number */
  lookupLockoutFailures: number;
  /** failed log-ins per username, from any address, per rate-limit window */
  loginAccountRateLimit: number;
  /** failed log-ins of all users from all addresses per rate-limit window */
  loginGlobalRateLimit: number;
  /** seed the demo accounts into an empty users table on start */
  demoAccounts: boolean;
}

/** A setting the web app cannot use; `variable` names the environment variable to fix. */
export class WebConfigError extends Error {
  readonly code = 'WEB_CONFIG';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'WebConfigError';
  }
}

const MIN_SECRET_LENGTH = 32;
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const PROXY_ADDRESS = /^[0-9A-Fa-f:.]+(?:\/\d{1,3})?$/;

/**
 * Variables:
 * - PORT (integer 0–65535, default 3000): where the web app listens.
 * - WEB_HOST (default unset = every interface): the address it listens on, e.g. 127.0.0.1 behind
 *   a reverse proxy on the same host, so the app cannot be reached around the proxy.
 * - NODE_ENV (`production` or anything else): production requires SESSION_SECRET and changes the
 *   defaults of COOKIE_SECURE and DEMO_ACCOUNTS.
 * - SESSION_SECRET (string of at least 32 characters; required in production): key for the
 *   pre-session CSRF tokens of the log-in form. Outside production a random one is made per
 *   process (with a warning), which only means a log-in form open across a restart must reload.
 * - COOKIE_SECURE (`true`|`false`, default true in production, else false): mark cookies Secure,
 *   so browsers send them over HTTPS only.
 * - TRUST_PROXY (default unset = trust none): the reverse proxies in front of the app, so the
 *   client address (rate limits, audit) comes from X-Forwarded-For: a hop count (`1`), or
 *   comma-separated addresses/subnets or `loopback`, `linklocal`, `uniquelocal`. `true` is
 *   refused: it would let any client choose its own address and escape the rate limits.
 * - SESSION_IDLE_MINUTES (integer, default 30): a session unused this long ends.
 * - SESSION_MAX_HOURS (integer, default 12): a session ends this long after log-in, however active.
 * - LOOKUP_RATE_LIMIT (integer, default 20): public case look-ups per client address per 15 minutes.
 *   Every public request that checks a verification code counts against it (case and complaint
 *   look-ups, ratings, supplements), so codes cannot be tried faster by spreading over them.
 * - COMPLAINT_RATE_LIMIT (integer, default 5): online complaints per client address per 15 minutes.
 * - APPLICATION_RATE_LIMIT (integer, default 10): online applications per client address per 15
 *   minutes; a repeated request for the same application (retry, reload) counts too.
 * - LOGIN_RATE_LIMIT (integer, default 10): failed log-ins per client address and username per 15 minutes.
 * - LOOKUP_LOCKOUT_FAILURES (integer, default 5): wrong verification codes for one case or
 *   complaint number, from any address, that lock its look-ups for 15 minutes, doubling with
 *   each lockout up to a day; the right code or a new one issued at the window lifts it.
 * - LOGIN_ACCOUNT_RATE_LIMIT (integer, default 50): failed log-ins per username from all
 *   addresses per 15 minutes (guessing one account from many addresses).
 * - LOGIN_GLOBAL_RATE_LIMIT (integer, default 500): failed log-ins of all usernames from all
 *   addresses per 15 minutes (spraying one password over many accounts).
 * - DEMO_ACCOUNTS (`true`|`false`, default true outside production, false in production): seed the
 *   demo accounts (README) when the users table is empty, and add the missing ones on later starts.
 */
export function readWebConfig(env: NodeJS.ProcessEnv = process.env, warn: (message: string) => void = console.warn): WebConfig {
  const production = env.NODE_ENV === 'production';
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    ...webHost(env),
    production,
    sessionSecret: sessionSecret(env, production, warn),
    cookieSecure: boolean(env, 'COOKIE_SECURE', production),
    trustProxy: trustProxy(env),
    sessionIdleMs: integer(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60) * 60_000,
    sessionMaxAgeMs: integer(env, 'SESSION_MAX_HOURS', 12, 1, 24 * 30) * 3_600_000,
    lookupRateLimit: integer(env, 'LOOKUP_RATE_LIMIT', 20, 1, 100_000),
    complaintRateLimit: integer(env, 'COMPLAINT_RATE_LIMIT', 5, 1, 100_000),
    applicationRateLimit: integer(env, 'APPLICATION_RATE_LIMIT', 10, 1, 100_000),
    loginRateLimit: integer(env, 'LOGIN_RATE_LIMIT', 10, 1, 100_000),
    lookupLockoutFailures: integer(env, 'LOOKUP_LOCKOUT_FAILURES', 5, 1, 1000),
    loginAccountRateLimit: integer(env, 'LOGIN_ACCOUNT_RATE_LIMIT', 50, 1, 100_000),
    loginGlobalRateLimit: integer(env, 'LOGIN_GLOBAL_RATE_LIMIT', 500, 1, 1_000_000),
    demoAccounts: boolean(env, 'DEMO_ACCOUNTS', !production),
  };
}

function present(env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const value = env[variable]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function webHost(env: NodeJS.ProcessEnv): { host?: string } {
  const host = present(env, 'WEB_HOST');
  if (host === undefined) return {};
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) throw new WebConfigError('WEB_HOST', `expected an IP address or host name, got '${host}'`);
  return { host };
}

function integer(env: NodeJS.ProcessEnv, variable: string, fallback: number, min: number, max: number): number {
  const text = present(env, variable);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new WebConfigError(variable, `expected an integer from ${min} to ${max}, got '${text}'`);
  return n;
}

function boolean(env: NodeJS.ProcessEnv, variable: string, fallback: boolean): boolean {
  const text = present(env, variable);
  if (text === undefined) return fallback;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new WebConfigError(variable, `expected true or false, got '${text}'`);
}

function sessionSecret(env: NodeJS.ProcessEnv, production: boolean, warn: (message: string) => void): Buffer {
  // never echoed: even a too-short secret may be most of the real one
  const text = env.SESSION_SECRET;
  if (text === undefined || text === '') {
    if (production) throw new WebConfigError('SESSION_SECRET', `required in production: set a random string of at least ${MIN_SECRET_LENGTH} characters`);
    warn('SESSION_SECRET is not set: using a random one for this process (log-in forms left open across a restart must be reloaded)');
    return randomBytes(32);
  }
  if (text.length < MIN_SECRET_LENGTH) throw new WebConfigError('SESSION_SECRET', `expected at least ${MIN_SECRET_LENGTH} characters, got ${text.length}`);
  return Buffer.from(text, 'utf8');
}

function trustProxy(env: NodeJS.ProcessEnv): false | number | string {
  const text = present(env, 'TRUST_PROXY');
  if (text === undefined || text === 'false') return false;
  if (text === 'true') {
    throw new WebConfigError('TRUST_PROXY', 'true would trust any client to name its own address; give the hop count (e.g. 1) or the proxies\' addresses');
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops < 1 || hops > 10) throw new WebConfigError('TRUST_PROXY', `expected a hop count from 1 to 10, got '${text}'`);
    return hops;
  }
  const parts = text.split(',').map((p) => p.trim());
  const bad = parts.find((p) => !PROXY_NAMES.has(p) && !PROXY_ADDRESS.test(p));
  if (bad !== undefined) throw new WebConfigError('TRUST_PROXY', `expected a hop count, addresses/subnets or loopback, linklocal, uniquelocal; '${bad}' is none of these`);
  return parts.join(',');
}
