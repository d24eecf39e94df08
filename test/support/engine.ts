import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Camunda8 } from '@camunda8/sdk';
import type { CamundaRestClient } from '@camunda8/sdk';
import { startEngine, type RunningEngine } from '../../engine/index.js';
import { DEFAULT_HISTORY_RETENTION_DAYS } from '../../engine/config.js';

export interface TestEngine {
  running: RunningEngine;
  client: CamundaRestClient;
  url: string;
  dataPath: string;
  /** deploys fixture files from test/fixtures by name */
  deployFixtures(...names: string[]): Promise<Awaited<ReturnType<CamundaRestClient['deployResources']>>>;
  stop(): Promise<void>;
}

export function sdkClient(url: string): CamundaRestClient {
  const c8 = new Camunda8({
    ZEEBE_REST_ADDRESS: url,
    CAMUNDA_REST_ADDRESS: url,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_LOG_LEVEL: 'none',
  } as never);
  return c8.getCamundaRestClient();
}

export function fixture(name: string): string {
  return readFileSync(join(import.meta.dirname, '..', 'fixtures', name), 'utf8');
}

/** An engine on a free port with its own SQLite file, and an SDK REST client pointed at it. */
export async function startTestEngine(dataPath?: string): Promise<TestEngine> {
  const dir = dataPath ? undefined : mkdtempSync(join(tmpdir(), 'engine-test-'));
  const path = dataPath ?? join(dir!, 'engine.db');
  const running = await startEngine({ port: 0, host: '127.0.0.1', dataPath: path, historyRetentionDays: DEFAULT_HISTORY_RETENTION_DAYS });
  const client = sdkClient(running.url);
  return {
    running,
    client,
    url: running.url,
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
