import type { Store, StoreConfig } from '../../domain/store/index.js';
import { seedCatalogue } from '../../domain/catalogue/catalogue.js';
import { storeCalendar, type LogLevel, type WorkerContext } from '../../workers/deps.js';
import { engineRequests } from '../../workers/engine-requests.js';
import { createWorkers, type RunningWorkers } from '../../workers/index.js';
import { startTestEngine, type TestEngine } from './engine.js';
import { openTestStore } from './test-store.js';

export interface WorkerHarness {
  engine: TestEngine;
  store: Store;
  /** the dependencies the workers run with, engine requests included, for calling a module directly */
  deps: WorkerContext;
  /** where the store lives, for a child process that opens the same store */
  storeConfig: StoreConfig;
  workers: RunningWorkers;
  /** the shared time of the engine (pinned) and the workers */
  now(): Date;
  /** moves the engine clock and the workers' clock together */
  setTime(at: Date | string): Promise<void>;
  log: Array<{ message: string; detail?: Record<string, unknown>; level: LogLevel }>;
  stop(): Promise<void>;
}

/**
 * A real engine, a real store of the TEST_STORE dialect seeded with the catalogue, and the real
 * workers, sharing one pinned clock so deadlines computed by workers and timers in the engine agree.
 */
export async function startWorkerHarness(opts: { only?: string[]; start?: string } = {}): Promise<WorkerHarness> {
  let time = Date.parse(opts.start ?? '2026-09-30T02:00:00Z');
  const engine = await startTestEngine();
  let testStore;
  try {
    await engine.client.pinInternalClock(time);
    testStore = await openTestStore({ now: () => new Date(time) });
    await testStore.store.catalogue.publish(seedCatalogue(), new Date(time));
  } catch (error) {
    await testStore?.close();
    await engine.stop();
    throw error;
  }
  const { store } = testStore;
  const log: WorkerHarness['log'] = [];
  const deps: WorkerContext = {
    store,
    clock: () => new Date(time),
    calendar: storeCalendar(store),
    log: (message, detail, level = 'info') => log.push({ message, ...(detail ? { detail } : {}), level }),
    engine: engineRequests(engine.client),
  };
  const workers = createWorkers({ camunda: engine.client, deps, ...(opts.only ? { only: opts.only } : {}) });
  return {
    engine,
    store,
    deps,
    storeConfig: testStore.config,
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
      await testStore.close();
    },
  };
}
