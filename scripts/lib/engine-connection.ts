import { CamundaRestClient } from '@camunda8/sdk';

/**
 * Which engine the app talks to. Embedded (the default) starts the project's own engine in the
 * process; remote is a Camunda 8.8 cluster, self-managed or SaaS, reached through the SDK's own
 * environment variables, so switching is configuration only (docs/architecture).
 */
export type EngineConnection =
  | { mode: 'embedded' }
  | {
      mode: 'remote';
      /** the cluster's REST address (ZEEBE_REST_ADDRESS) */
      address: string;
      auth: AuthStrategy;
      /** the SDK's variables exactly as given, handed to the client unchanged */
      sdkConfig: Record<string, string>;
    };

export type AuthStrategy = 'NONE' | 'OAUTH' | 'BASIC' | 'BEARER' | 'COOKIE';
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
  if (set(env, 'ZEEBE_REST_ADDRESS') === undefined) {
    // the app talks REST only; a gRPC address or credentials alone mean a half-done cluster setting
    const stray = ['ZEEBE_GRPC_ADDRESS', 'ZEEBE_ADDRESS', 'ZEEBE_CLIENT_ID', 'CAMUNDA_OAUTH_URL'].find((name) => set(env, name) !== undefined);
    if (stray !== undefined || auth !== 'NONE') {
      throw new EngineConnectionError(
        'ZEEBE_REST_ADDRESS',
        `not set, but ${stray ?? 'CAMUNDA_AUTH_STRATEGY'} is: the app reaches a cluster through its REST API; set ZEEBE_REST_ADDRESS, or unset the cluster variables to run the embedded engine`,
      );
    }
    return { mode: 'embedded' };
  }
  const address = httpUrl(env, 'ZEEBE_REST_ADDRESS');
  const missing = REQUIRED[auth].filter((name) => set(env, name) === undefined);
  if (missing.length > 0) {
    throw new EngineConnectionError(missing[0], `CAMUNDA_AUTH_STRATEGY=${auth} needs ${missing.join(', ')}`);
  }
  if (auth === 'OAUTH') httpUrl(env, 'CAMUNDA_OAUTH_URL');
  const sdkConfig: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && /^(?:CAMUNDA|ZEEBE)_/.test(name)) sdkConfig[name] = value;
  }
  sdkConfig.ZEEBE_REST_ADDRESS = address;
  sdkConfig.CAMUNDA_AUTH_STRATEGY = auth;
  return { mode: 'remote', address, auth, sdkConfig };
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
}

/** The one client every part of the app uses, for the embedded engine at `embeddedUrl` or the cluster. */
export function engineClient(connection: EngineConnection, embeddedUrl?: string, options: EngineClientOptions = {}): CamundaRestClient {
  if (connection.mode === 'embedded' && embeddedUrl === undefined) {
    throw new Error('engineClient: the embedded engine must be started before its client is built');
  }
  // the same client a cluster gets; only the address and auth differ
  const config = connection.mode === 'remote' ? connection.sdkConfig : { ZEEBE_REST_ADDRESS: embeddedUrl!, CAMUNDA_AUTH_STRATEGY: 'NONE' };
  const { sdkOverrides, ...clientOptions } = options;
  return new CamundaRestClient({ config: { ...config, ...sdkOverrides }, ...clientOptions });
}

/** For logs: where the engine is and how the app signs in, never a secret. */
export function describeEngine(connection: EngineConnection, embeddedUrl?: string): string {
  return connection.mode === 'remote' ? `Camunda cluster at ${connection.address} (auth ${connection.auth})` : `embedded engine at ${embeddedUrl ?? '(not started)'}`;
}
