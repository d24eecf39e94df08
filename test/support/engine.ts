import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Camunda8 } from '@camunda8/sdk';
import type { CamundaRestClient } from '@camunda8/sdk';
import { defaultCredentialsPath, startEngine, type EngineCredential, type RunningEngine } from '../../engine/index.js';
import { DEFAULT_HISTORY_RETENTION_DAYS, type EngineConfig } from '../../engine/config.js';

/** An engine's address and the headers that sign a raw request in to it. */
export interface EngineAccess {
  url: string;
  headers: Record<string, string>;
}

export interface TestEngine extends EngineAccess {
  running: RunningEngine;
  client: CamundaRestClient;
  credential: EngineCredential;
  dataPath: string;
  /** deploys fixture files from test/fixtures by name */
  deployFixtures(...names: string[]): Promise<Awaited<ReturnType<CamundaRestClient['deployResources']>>>;
  stop(): Promise<void>;
}

/** The Authorization header of Basic authentication with `credential`. */
export function basicAuthorization(credential: EngineCredential): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}` };
}

/** The SDK variables that sign in with `credential` (CAMUNDA_AUTH_STRATEGY=BASIC), as app instances set them. */
export function basicAuthEnv(credential: EngineCredential): Record<string, string> {
  return { CAMUNDA_AUTH_STRATEGY: 'BASIC', CAMUNDA_BASIC_AUTH_USERNAME: credential.username, CAMUNDA_BASIC_AUTH_PASSWORD: credential.password };
}

/** An SDK client of the engine at `url`, signed in with `credential` (none: for an address nothing answers at). */
export function sdkClient(url: string, credential?: EngineCredential): CamundaRestClient {
  const c8 = new Camunda8({
    ZEEBE_REST_ADDRESS: url,
    CAMUNDA_REST_ADDRESS: url,
    CAMUNDA_LOG_LEVEL: 'none',
    ...(credential ? basicAuthEnv(credential) : { CAMUNDA_AUTH_STRATEGY: 'NONE' }),
  } as never);
  return c8.getCamundaRestClient();
}

export function fixture(name: string): string {
  return readFileSync(join(import.meta.dirname, '..', 'fixtures', name), 'utf8');
}

/** An engine on a free port with its own SQLite file, and an SDK REST client pointed at it. */
export async function startTestEngine(dataPath?: string, settings: Partial<EngineConfig> = {}): Promise<TestEngine> {
  const dir = dataPath ? undefined : mkdtempSync(join(tmpdir(), 'engine-test-'));
  const path = dataPath ?? join(dir!, 'engine.db');
  const running = await startEngine({
    port: 0,
    host: '127.0.0.1',
    dataPath: path,
    historyRetentionDays: DEFAULT_HISTORY_RETENTION_DAYS,
    auth: { method: 'basic', credentialsPath: defaultCredentialsPath(path) },
    // the engine's tests move time on with PUT /v2/clock
    clockControl: true,
    ...settings,
  });
  const credential = running.credential!;
  const client = sdkClient(running.url, credential);
  return {
    running,
    client,
    credential,
    url: running.url,
    headers: basicAuthorization(credential),
    dataPath: path,
    deployFixtures: (...names) =>
      client.deployResources(names.map((n) => ({ name: n.split('/').pop()!, content: fixture(n) }))),
    async stop() {
      client.stopWorkers();
      await running.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
