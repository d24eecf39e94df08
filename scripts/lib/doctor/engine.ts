import { Auth, type CamundaRestClient } from '@camunda8/sdk';
import { readCredential, readEngineConfig, type EngineCredential } from '../../../engine/index.js';
import { engineClient, type AuthStrategy, type EngineConnection } from '../engine-connection.js';
import { fail, pass, requestFailure, safeUrl, withTimeout, type Finding } from './findings.js';

/** The engine the doctor checks: the one `npm start` talks to, as configured by the same variables. */
export interface EngineTarget {
  connection: EngineConnection;
  /** the REST address, without credentials */
  address: string;
  /** what to do when nothing answers there */
  startHint: string;
  /** the embedded engine's Basic credential, read from its file (never created by the doctor) */
  credential?: EngineCredential;
  /** why the credential could not be read */
  credentialProblem?: string;
}

/**
 * In embedded mode the engine runs inside `npm start` on ENGINE_HOST:ENGINE_PORT; the doctor
 * connects there and never starts one itself.
 */
export function engineTarget(connection: EngineConnection, env: NodeJS.ProcessEnv): EngineTarget {
  if (connection.mode === 'remote') {
    return { connection, address: safeUrl(connection.address), startHint: 'check ZEEBE_REST_ADDRESS and that the cluster runs' };
  }
  const { host, port, auth } = readEngineConfig(env);
  // an engine listening on every interface is reached on loopback
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const address = `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
  const target = { connection, address, startHint: 'start the app (npm start runs the embedded engine), or set ENGINE_HOST and ENGINE_PORT to where it listens' };
  if (auth.method !== 'basic') return target;
  try {
    return { ...target, credential: readCredential(auth.credentialsPath) };
  } catch (error) {
    return { ...target, credentialProblem: `${(error as Error).message}; npm start writes it on its first start (set ENGINE_CREDENTIALS or ENGINE_DATA as npm start has them)` };
  }
}

/** Variables that hold the credentials of each strategy, to name when the engine refuses them. */
const CREDENTIALS: Record<AuthStrategy, string> = {
  NONE: 'CAMUNDA_AUTH_STRATEGY (it is NONE, but the engine wants credentials)',
  OAUTH: 'ZEEBE_CLIENT_ID, ZEEBE_CLIENT_SECRET and ZEEBE_TOKEN_AUDIENCE',
  BASIC: 'CAMUNDA_BASIC_AUTH_USERNAME and CAMUNDA_BASIC_AUTH_PASSWORD (embedded engine: its credential file, ENGINE_CREDENTIALS)',
  BEARER: 'CAMUNDA_OAUTH_TOKEN',
  COOKIE: 'CAMUNDA_COOKIE_AUTH_USERNAME and CAMUNDA_COOKIE_AUTH_PASSWORD',
};

/** The SDK logs nothing into the doctor's report, which says itself what went wrong. */
const QUIET = { CAMUNDA_LOG_LEVEL: 'none' } as const;

function tokenFailure(url: string, error: unknown): Finding {
  const failure = requestFailure(error);
  const where = `the token endpoint ${url} (CAMUNDA_OAUTH_URL)`;
  switch (failure.kind) {
    case 'http':
      if (failure.status === 400 || failure.status === 401 || failure.status === 403) {
        return fail('engine', `${where} refused the client credentials (HTTP ${failure.status}); check ZEEBE_CLIENT_ID, ZEEBE_CLIENT_SECRET and ZEEBE_TOKEN_AUDIENCE`);
      }
      return fail('engine', `${where} answered HTTP ${failure.status} instead of a token; check CAMUNDA_OAUTH_URL`);
    case 'unreachable':
      return fail('engine', `no token: ${where} cannot be reached: ${failure.reason}; check CAMUNDA_OAUTH_URL and that the identity provider runs`);
    case 'other':
      return fail('engine', `${where} issued no usable token: ${failure.reason}; check CAMUNDA_OAUTH_URL`);
  }
}

function engineFailure(target: EngineTarget, error: unknown): Finding {
  const failure = requestFailure(error);
  const auth = target.connection.auth;
  switch (failure.kind) {
    case 'http':
      if (failure.status === 401 || failure.status === 403) {
        return fail('engine', `the engine at ${target.address} refused the credentials (HTTP ${failure.status}); check ${CREDENTIALS[auth]}`);
      }
      return fail('engine', `${target.address} answered HTTP ${failure.status} to GET /v2/topology; check that it is the engine's REST address (ZEEBE_REST_ADDRESS)`);
    case 'unreachable':
      return fail('engine', `the engine at ${target.address} cannot be reached: ${failure.reason}; ${target.startHint}`);
    case 'other':
      return fail('engine', `${target.address} gave no usable answer to GET /v2/topology (${failure.reason}); check that it is the engine's REST address (ZEEBE_REST_ADDRESS)`);
  }
}

/**
 * Asks the engine for its topology through the SDK client, with the configured credentials. An
 * OAuth token is fetched first on its own, so a failing identity provider is told apart from a
 * failing engine without reading error messages. Returns the client only when the engine answered.
 */
export async function checkEngine(target: EngineTarget, timeoutMs: number): Promise<{ finding: Finding; client?: CamundaRestClient }> {
  const { connection } = target;
  if (target.credentialProblem !== undefined) return { finding: fail('engine', `cannot sign in to the engine at ${target.address}: ${target.credentialProblem}`) };
  let oAuthProvider: Auth.OAuthProvider | undefined;
  if (connection.auth === 'OAUTH') {
    oAuthProvider = new Auth.OAuthProvider({ config: { ...connection.sdkConfig, ...QUIET } });
    try {
      await withTimeout(oAuthProvider.getHeaders('ZEEBE'), timeoutMs);
    } catch (error) {
      return { finding: tokenFailure(safeUrl(connection.sdkConfig.CAMUNDA_OAUTH_URL), error) };
    }
  }
  // one try per request, so that a check ends within its timeout and reports the first failure
  const client = engineClient(connection, { url: target.address, ...(target.credential ? { credential: target.credential } : {}) }, { retry: { limit: 0 }, sdkOverrides: QUIET, ...(oAuthProvider ? { oAuthProvider } : {}) });
  try {
    const topology = await withTimeout(client.getTopology(), timeoutMs);
    const how = connection.mode === 'remote' ? `Camunda cluster, auth ${connection.auth}` : `embedded engine, auth ${connection.auth}`;
    return { finding: pass('engine', `${target.address} answers (${how}, gateway ${topology.gatewayVersion})`), client };
  } catch (error) {
    return { finding: engineFailure(target, error) };
  }
}
