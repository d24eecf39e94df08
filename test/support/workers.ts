import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../domain/store/index.js';
import { seedCatalogue } from '../../domain/catalogue/catalogue.js';
import { storeCalendar, type WorkerDeps } from '../../workers/deps.js';
import { createWorkers, type RunningWorkers } from '../../workers/index.js';
import { startTestEngine, type TestEngine } from './engine.js';

export interface WorkerHarness {
  engine: TestEngine;
  store: Store;
  deps: WorkerDeps;
  /** the SQLite file of the store, for a child process that opens the same store */
  storePath: string;
  workers: RunningWorkers;
  /** the shared time of the engine (pinned) and the workers */
  now(): Date;
  /** moves the engine clock and the workers' clock together */
  setTime(at: Date | string): Promise<void>;
  log: Array<{ message: string; detail?: Record<string, unknown> }>;
  stop(): Promise<void>;
}

/**
 * A real engine, a real SQLite store seeded with the catalogue, and the real workers, sharing one
 * pinned clock so deadlines computed by workers and timers in the engine agree.
 */
export async function startWorkerHarness(opts: { only?: string[]; start?: string } = {}): Promise<WorkerHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'workers-test-'));
  let time = Date.parse(opts.start ?? '2026-09-30T02:00:00Z');
  const engine = await startTestEngine();
  await engine.client.pinInternalClock(time);
  const storePath = join(dir, 'store.db');
  const store = await openStore({ kind: 'sqlite', path: storePath }, { now: () => new Date(time) });
  await store.catalogue.publish(seedCatalogue(), new Date(time));
  const log: WorkerHarness['log'] = [];
  const deps: WorkerDeps = {
    store,
    clock: () => new Date(time),
    calendar: storeCalendar(store),
    log: (message, detail) => log.push({ message, ...(detail ? { detail } : {}) }),
    engineUrl: engine.url,
  };
  const workers = createWorkers({ camunda: engine.client, deps, ...(opts.only ? { only: opts.only } : {}) });
  return {
    engine,
    store,
    deps,
    storePath,
    workers,
    log,
    now: () => new Date(time),
    async setTime(at) {
      time = typeof at === 'string' ? Date.parse(at) : at.getTime();
      await engine.client.pinInternalClock(time);
    },
    async stop() {
      await workers.stop();
      await engine.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
