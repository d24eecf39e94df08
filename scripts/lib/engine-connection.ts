import { CamundaRestClient } from '@camunda8/sdk';
import type { EngineCredential } from '../../engine/index.js';
import type { Logger } from '../../web/log.js';
import { sdkLogger } from './sdk-logger.js';

/**
 * Which engine the app talks to. Embedded (the default) starts the project's own engine in the
 * process; remote is a Camunda 8.8 cluster, self-managed or SaaS, reached through the SDK's own
 * environment variables, so switching is configuration only (docs/architecture).
 */
export type EngineConnection =
  | {
      mode: 'embedded';
      /** how the app signs in to its own engine: BASIC with the engine's credential, OAUTH with the SDK's variables */
      auth: EmbeddedAuth;
      sdkConfig: Record<string, string>;
    }
  | {
      mode: 'remote';
      /** the cluster's REST address (ZEEBE_REST_ADDRESS) */
      address: string;
      auth: AuthStrategy;
      /** the SDK's variables exactly as given, handed to the client unchanged */
      sdkConfig: Record<string, string>;
    };

export type AuthStrategy = 'NONE' | 'OAUTH' | 'BASIC' | 'BEARER' | 'COOKIE';
export type EmbeddedAuth = Extract<AuthStrategy, 'NONE' | 'OAUTH' | 'BASIC'>;

/** Where an in-process or local embedded engine is and the credential it wants (ENGINE_AUTH_METHOD=basic). */
export interface EmbeddedEngineAccess {
  url: string;
  credential?: EngineCredential;
}
const STRATEGIES: readonly AuthStrategy[] = ['NONE', 'OAUTH', 'BASIC', 'BEARER', 'COOKIE'];

/** Variables each strategy cannot work without; the SDK would otherwise fail later and vaguely. */
const REQUIRED: Record<AuthStrategy, readonly string[]> = {
  NONE: [],
  OAUTH: ['ZEEBE_CLIENT_ID', 'ZEEBE_CLIENT_SECRET', 'CAMUNDA_OAUTH_URL'],
  BASIC: ['CAMUNDA_BASIC_AUTH_USERNAME', 'CAMUNDA_BASIC_AUTH_PASSWORD'],
  BEARER: ['CAMUNDA_OAUTH_TOKEN'],
  COOKIE: ['CAMUNDA_COOKIE_AUTH_URL', 'CAMUNDA_COOKIE_AUTH_USERNAME', 'CAMUNDA_COOKIE_AUTH_PASSWORD'],
};

/** An engine setting the app cannot use; `variable` names the environment variable to fix. */
export class EngineConnectionError extends Error {
  readonly code = 'ENGINE_CONNECTION';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'EngineConnectionError';
  }
}

const set = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
};

function httpUrl(env: NodeJS.ProcessEnv, name: string): string {
  const value = set(env, name)!;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new EngineConnectionError(name, `expected an http:// or https:// URL, got '${value}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EngineConnectionError(name, `expected an http:// or https:// URL, got one starting '${url.protocol}'`);
  }
  return value.replace(/\/+$/, '');
}

/**
 * Variables:
 * - ZEEBE_REST_ADDRESS (default unset = embedded engine): the cluster's REST address, e.g.
 *   http://orchestration:8080 or https://<region>.zeebe.camunda.io/<clusterId> (SaaS).
 * - CAMUNDA_AUTH_STRATEGY (default NONE): NONE, OAUTH (client credentials: ZEEBE_CLIENT_ID,
 *   ZEEBE_CLIENT_SECRET, CAMUNDA_OAUTH_URL, ZEEBE_TOKEN_AUDIENCE), BASIC, BEARER or COOKIE; every
 *   other CAMUNDA_* and ZEEBE_* variable is the SDK's own and passed through.
 */
export function readEngineConnection(env: NodeJS.ProcessEnv = process.env): EngineConnection {
  const strategyName = (set(env, 'CAMUNDA_AUTH_STRATEGY') ?? 'NONE').toUpperCase();
  if (!(STRATEGIES as readonly string[]).includes(strategyName)) {
    throw new EngineConnectionError('CAMUNDA_AUTH_STRATEGY', `expected one of ${STRATEGIES.join(', ')}, got '${strategyName}'`);
  }
  const auth = strategyName as AuthStrategy;
  if (set(env, 'ZEEBE_REST_ADDRESS') === undefined) return embeddedConnection(env, auth);
  const address = httpUrl(env, 'ZEEBE_REST_ADDRESS');
  const sdkConfig = { ...strategyConfig(env, auth), ZEEBE_REST_ADDRESS: address };
  return { mode: 'remote', address, auth, sdkConfig };
}

/** The SDK's variables exactly as given, once the strategy's required ones are there. */
function strategyConfig(env: NodeJS.ProcessEnv, auth: AuthStrategy): Record<string, string> {
  const missing = REQUIRED[auth].filter((name) => set(env, name) === undefined);
  if (missing.length > 0) {
    throw new EngineConnectionError(missing[0], `CAMUNDA_AUTH_STRATEGY=${auth} needs ${missing.join(', ')}`);
  }
  if (auth === 'OAUTH') httpUrl(env, 'CAMUNDA_OAUTH_URL');
  const sdkConfig: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && /^(?:CAMUNDA|ZEEBE)_/.test(name)) sdkConfig[name] = value;
  }
  sdkConfig.CAMUNDA_AUTH_STRATEGY = auth;
  return sdkConfig;
}

/**
 * The embedded engine decides how it is signed in to (ENGINE_AUTH_METHOD, docs/decisions/0015):
 * with basic (the default) the app uses the engine's own credential and no CAMUNDA_* variable;
 * with oidc it fetches tokens like a cluster client (CAMUNDA_AUTH_STRATEGY=OAUTH and its variables).
 */
function embeddedConnection(env: NodeJS.ProcessEnv, auth: AuthStrategy): EngineConnection {
  const method = (set(env, 'ENGINE_AUTH_METHOD') ?? 'basic').toLowerCase();
  // the app talks REST only; a gRPC address or cluster credentials alone mean a half-done cluster setting
  const clusterOnly = method === 'oidc' ? ['ZEEBE_GRPC_ADDRESS', 'ZEEBE_ADDRESS'] : ['ZEEBE_GRPC_ADDRESS', 'ZEEBE_ADDRESS', 'ZEEBE_CLIENT_ID', 'CAMUNDA_OAUTH_URL'];
  const stray = clusterOnly.find((name) => set(env, name) !== undefined) ?? (method !== 'oidc' && auth !== 'NONE' ? 'CAMUNDA_AUTH_STRATEGY' : undefined);
  if (stray !== undefined) {
    throw new EngineConnectionError(
      'ZEEBE_REST_ADDRESS',
      `not set, but ${stray} is: the app reaches a cluster through its REST API; set ZEEBE_REST_ADDRESS, or unset the cluster variables to run the embedded engine (ENGINE_AUTH_METHOD=${method}${method === 'basic' ? ', signed in with its own credential file' : ''})`,
    );
  }
  if (method !== 'oidc') return { mode: 'embedded', auth: method === 'none' ? 'NONE' : 'BASIC', sdkConfig: {} };
  if (auth !== 'OAUTH') {
    throw new EngineConnectionError('CAMUNDA_AUTH_STRATEGY', 'ENGINE_AUTH_METHOD=oidc: the app fetches its tokens with CAMUNDA_AUTH_STRATEGY=OAUTH (ZEEBE_CLIENT_ID, ZEEBE_CLIENT_SECRET, CAMUNDA_OAUTH_URL)');
  }
  return { mode: 'embedded', auth: 'OAUTH', sdkConfig: strategyConfig(env, 'OAUTH') };
}

type SdkClientOptions = NonNullable<ConstructorParameters<typeof CamundaRestClient>[0]>;

/** What a caller may change besides where the client connects; the app leaves all to the SDK. */
export interface EngineClientOptions {
  /** the SDK retries refused connections and back-pressure; `npm run doctor` wants one answer */
  retry?: SdkClientOptions['retry'];
  /** a token provider the caller already used, so the client reuses its token */
  oAuthProvider?: SdkClientOptions['oAuthProvider'];
  /** SDK variables that win over the connection's, e.g. CAMUNDA_LOG_LEVEL */
  sdkOverrides?: Record<string, string>;
  /** where the SDK's own lines go (sdkLogger); without it, the SDK's default console logger */
  log?: Logger;
}

/** The SDK variables that sign a client in to an embedded engine. */
export function embeddedSdkConfig(connection: Extract<EngineConnection, { mode: 'embedded' }>, access: EmbeddedEngineAccess): Record<string, string> {
  const address = { ZEEBE_REST_ADDRESS: access.url };
  switch (connection.auth) {
    case 'BASIC':
      if (access.credential === undefined) throw new Error('engineClient: the embedded engine wants Basic authentication, but no credential was given');
      return { ...address, CAMUNDA_AUTH_STRATEGY: 'BASIC', CAMUNDA_BASIC_AUTH_USERNAME: access.credential.username, CAMUNDA_BASIC_AUTH_PASSWORD: access.credential.password };
    case 'OAUTH':
      return { ...connection.sdkConfig, ...address };
    case 'NONE':
      return { ...address, CAMUNDA_AUTH_STRATEGY: 'NONE' };
  }
}

/** The one client every part of the app uses, for the embedded engine (`embedded`) or the cluster. */
export function engineClient(connection: EngineConnection, embedded?: EmbeddedEngineAccess, options: EngineClientOptions = {}): CamundaRestClient {
  if (connection.mode === 'embedded' && embedded === undefined) {
    throw new Error('engineClient: the embedded engine must be started before its client is built');
  }
  // the same client a cluster gets; only the address and auth differ
  const config = connection.mode === 'remote' ? connection.sdkConfig : embeddedSdkConfig(connection, embedded!);
  const { sdkOverrides, log, ...clientOptions } = options;
  return new CamundaRestClient({ config: { ...config, ...sdkOverrides, ...(log ? { logger: sdkLogger(log) } : {}) }, ...clientOptions });
}

/** For logs: where the engine is and how the app signs in, never a secret. */
export function describeEngine(connection: EngineConnection, embeddedUrl?: string): string {
  return connection.mode === 'remote'
    ? `Camunda cluster at ${connection.address} (auth ${connection.auth})`
    : `embedded engine at ${embeddedUrl ?? '(not started)'} (auth ${connection.auth})`;
}
