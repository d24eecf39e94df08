import { dirname, join } from 'node:path';
import { DEFAULT_BASIC_THROTTLE, type BasicThrottleOptions } from './auth/basic-throttle.js';
import { DEFAULT_MAX_VARIABLE_BYTES } from './rest/limits.js';
import { DEFAULT_MIN_CYCLE_INTERVAL_MS } from './timer/timer.js';

/** Configuration of the embedded engine, read from the environment when asked (never at import). */
export interface EngineConfig {
  /** ENGINE_PORT: REST port; 8080 is Camunda's own, so the SDK's defaults reach it. */
  port: number;
  /** ENGINE_HOST: interface to listen on; loopback unless told otherwise. */
  host: string;
  /** ENGINE_DATA: SQLite file holding the engine's state. */
  dataPath: string;
  /** ENGINE_HISTORY_RETENTION_DAYS: how long ended process instances stay searchable (default 180). */
  historyRetentionDays: number;
  /** ENGINE_AUTH_METHOD and its variables: who may call the REST API (see readEngineAuth). */
  auth: EngineAuth;
  /**
   * ENGINE_ALLOWED_HOSTS: the Host header values accepted (comma-separated host or host:port),
   * against DNS rebinding; default the loopback names when listening on loopback, else any.
   */
  allowedHosts?: string[];
  /** ENGINE_CLOCK_CONTROL=true: PUT /v2/clock may pin the engine's clock (Zeebe's controlled clock), for tests only. */
  clockControl: boolean;
  /**
   * ENGINE_COMMAND_STEP_BUDGET: element activations one command may run (default 10,000); a
   * runaway past it becomes an incident on the element where it stopped.
   */
  commandStepBudget?: number;
  /**
   * ENGINE_TIMER_MIN_CYCLE_SECONDS: the shortest interval of a repeating timer (default 1 s, up to
   * a day); shorter intervals are refused, cron cycles firing more often are throttled to it.
   */
  minCycleIntervalMs?: number;
  /**
   * ENGINE_MAX_VARIABLE_BYTES: the largest single variable a request may set, as JSON (default
   * 1 MiB, from 1 KiB to the 10 MB body limit); larger ones are refused with 400 naming them.
   */
  maxVariableBytes?: number;
  /**
   * ENGINE_AUTH_RATE_LIMIT (wrong Basic credentials per address and username, default 10),
   * ENGINE_AUTH_ADDRESS_RATE_LIMIT (per address, all usernames, default 30) and
   * ENGINE_AUTH_RATE_WINDOW_MINUTES (default 15); DEFAULT_BASIC_THROTTLE when absent.
   */
  basicThrottle?: BasicThrottleOptions;
}

export const DEFAULT_HISTORY_RETENTION_DAYS = 180;
export const DEFAULT_COMMAND_STEP_BUDGET = 10_000;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

export function readEngineConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<EngineConfig> = {}): EngineConfig {
  const port = overrides.port ?? Number(env.ENGINE_PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('ENGINE_PORT', `expected a port number, got '${env.ENGINE_PORT}'`);
  const retention = overrides.historyRetentionDays ?? Number(env.ENGINE_HISTORY_RETENTION_DAYS ?? DEFAULT_HISTORY_RETENTION_DAYS);
  if (!Number.isFinite(retention) || retention <= 0) {
    throw new ConfigError('ENGINE_HISTORY_RETENTION_DAYS', `expected a positive number of days, got '${env.ENGINE_HISTORY_RETENTION_DAYS}'`);
  }
  const dataPath = overrides.dataPath ?? env.ENGINE_DATA ?? './data/engine.db';
  const clockControl = overrides.clockControl ?? (env.ENGINE_CLOCK_CONTROL ?? 'false').trim().toLowerCase();
  if (clockControl !== true && clockControl !== false && clockControl !== 'true' && clockControl !== 'false') {
    throw new ConfigError('ENGINE_CLOCK_CONTROL', `expected true or false, got '${env.ENGINE_CLOCK_CONTROL}'`);
  }
  const stepBudget = overrides.commandStepBudget ?? Number(env.ENGINE_COMMAND_STEP_BUDGET ?? DEFAULT_COMMAND_STEP_BUDGET);
  if (!Number.isInteger(stepBudget) || stepBudget < 1) {
    throw new ConfigError('ENGINE_COMMAND_STEP_BUDGET', `expected a positive whole number of element activations, got '${env.ENGINE_COMMAND_STEP_BUDGET}'`);
  }
  const minCycleIntervalMs = overrides.minCycleIntervalMs ?? wholeNumber(env, 'ENGINE_TIMER_MIN_CYCLE_SECONDS', DEFAULT_MIN_CYCLE_INTERVAL_MS / 1000, 1, 86_400, 'seconds') * 1000;
  const maxVariableBytes = overrides.maxVariableBytes ?? wholeNumber(env, 'ENGINE_MAX_VARIABLE_BYTES', DEFAULT_MAX_VARIABLE_BYTES, 1024, 10 * 1024 * 1024, 'bytes');
  const basicThrottle = overrides.basicThrottle ?? readBasicThrottle(env);
  const hosts = set(env, 'ENGINE_ALLOWED_HOSTS');
  const allowedHosts = overrides.allowedHosts ?? hosts?.split(',').map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
  return {
    port,
    host: overrides.host ?? env.ENGINE_HOST ?? '127.0.0.1',
    dataPath,
    historyRetentionDays: retention,
    auth: overrides.auth ?? readEngineAuth(env, dataPath),
    ...(allowedHosts ? { allowedHosts } : {}),
    clockControl: clockControl === true || clockControl === 'true',
    commandStepBudget: stepBudget,
    minCycleIntervalMs,
    maxVariableBytes,
    basicThrottle,
  };
}

/** A whole number in [min, max] from the variable, or the fallback when it is unset or blank. */
function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, what: string): number {
  const text = set(env, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new ConfigError(name, `expected a whole number of ${what} from ${min} to ${max}, got '${text}'`);
  return value;
}

function readBasicThrottle(env: NodeJS.ProcessEnv): BasicThrottleOptions {
  const perUsername = wholeNumber(env, 'ENGINE_AUTH_RATE_LIMIT', DEFAULT_BASIC_THROTTLE.perUsername, 1, 100_000, 'wrong credentials');
  const perAddress = wholeNumber(env, 'ENGINE_AUTH_ADDRESS_RATE_LIMIT', DEFAULT_BASIC_THROTTLE.perAddress, 1, 1_000_000, 'wrong credentials');
  // below the per-username limit it would silently replace it: most likely the two were swapped
  if (perAddress < perUsername) {
    throw new ConfigError('ENGINE_AUTH_ADDRESS_RATE_LIMIT', `counts every username from an address, so it must be at least ENGINE_AUTH_RATE_LIMIT (${perUsername}), got ${perAddress}`);
  }
  const minutes = wholeNumber(env, 'ENGINE_AUTH_RATE_WINDOW_MINUTES', DEFAULT_BASIC_THROTTLE.windowMs / 60_000, 1, 1440, 'minutes');
  return { perUsername, perAddress, windowMs: minutes * 60_000 };
}

/**
 * How the engine's REST API authenticates callers, after Camunda 8.8 self-managed
 * (camunda.security.authentication.method): Basic with one user, or OIDC access tokens from an
 * identity provider. `none` is Camunda's unprotected API, for a trusted network only.
 */
export type EngineAuth =
  | { method: 'basic'; /** file holding {username, password}, generated on first start */ credentialsPath: string }
  | {
      method: 'oidc';
      /** the `iss` every token must carry */
      issuer: string;
      /** where the signing keys are; undefined = the issuer's discovery document names it */
      jwksUri?: string;
      /** a token must be issued for one of these (`aud`) */
      audiences: string[];
    }
  | { method: 'none' };

const set = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

function url(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = set(env, name);
  if (value === undefined) return undefined;
  try {
    const parsed = new URL(value);
    if (parsed.protocol === 'https:' || parsed.protocol === 'http:') return value.replace(/\/+$/, '');
  } catch {
    // fall through to the error naming the variable
  }
  throw new ConfigError(name, `expected an http:// or https:// URL, got '${value}'`);
}

/** The credential file's default place: beside the engine's state, in the data folder. */
export const defaultCredentialsPath = (dataPath: string): string => join(dirname(dataPath), 'engine-credentials.json');

/**
 * Variables:
 * - ENGINE_AUTH_METHOD: basic (default), oidc or none.
 * - ENGINE_CREDENTIALS (basic): the credential file, default engine-credentials.json beside ENGINE_DATA.
 * - ENGINE_OIDC_ISSUER_URI, ENGINE_OIDC_AUDIENCES (comma-separated), ENGINE_OIDC_JWKS_URI (oidc).
 */
export function readEngineAuth(env: NodeJS.ProcessEnv, dataPath: string): EngineAuth {
  const method = (set(env, 'ENGINE_AUTH_METHOD') ?? 'basic').toLowerCase();
  switch (method) {
    case 'basic':
      return { method, credentialsPath: set(env, 'ENGINE_CREDENTIALS') ?? defaultCredentialsPath(dataPath) };
    case 'none':
      return { method };
    case 'oidc': {
      const issuer = url(env, 'ENGINE_OIDC_ISSUER_URI');
      if (issuer === undefined) throw new ConfigError('ENGINE_OIDC_ISSUER_URI', 'required with ENGINE_AUTH_METHOD=oidc: the identity provider whose tokens the engine accepts');
      const audiences = (set(env, 'ENGINE_OIDC_AUDIENCES') ?? '').split(',').map((a) => a.trim()).filter((a) => a !== '');
      // without it any token of the provider would do, including ones issued to other applications
      if (audiences.length === 0) throw new ConfigError('ENGINE_OIDC_AUDIENCES', 'required with ENGINE_AUTH_METHOD=oidc: the audience (aud) tokens for this engine carry');
      const jwksUri = url(env, 'ENGINE_OIDC_JWKS_URI');
      return { method, issuer, audiences, ...(jwksUri ? { jwksUri } : {}) };
    }
    default:
      throw new ConfigError('ENGINE_AUTH_METHOD', `expected basic, oidc or none, got '${method}'`);
  }
}
