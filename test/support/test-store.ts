import { StoreConfigError, type Store, type StoreConfig, type StoreOptions } from '../../domain/store/index.js';
import { assertPostgresReachable, StoreSandbox, type Dialect } from './store.js';

/**
 * TEST_STORE (`sqlite`, default, or `postgres`): the database behind every test that needs a
 * store but is not about one dialect. `npm test` runs the whole suite once with each.
 */
export function testStoreDialect(env: NodeJS.ProcessEnv = process.env): Dialect {
  const value = env.TEST_STORE === undefined || env.TEST_STORE === '' ? 'sqlite' : env.TEST_STORE;
  if (value === 'sqlite' || value === 'postgres') return value;
  throw new StoreConfigError('TEST_STORE', `expected 'sqlite' or 'postgres', got '${value}'`);
}

export interface TestStore {
  store: Store;
  /** where the store lives, to open it again (storeEnv() hands it to a child process) */
  config: StoreConfig;
  /** closes the store and deletes its file or drops its schema; the only way to close it */
  close: () => Promise<void>;
}

let reachable: Promise<void> | undefined;

/** A freshly migrated store of the TEST_STORE dialect: a temp SQLite file or a new test_<random> schema. */
export async function openTestStore(options?: StoreOptions): Promise<TestStore> {
  const dialect = testStoreDialect();
  // once per process: a server that is down fails every test with the same actionable message
  if (dialect === 'postgres') await (reachable ??= assertPostgresReachable());
  const sandbox = new StoreSandbox(dialect);
  try {
    const config = sandbox.config();
    const store = await sandbox.open(config, options);
    return { store, config, close: () => sandbox.cleanup() };
  } catch (error) {
    // the schema exists as soon as openStore got past creating it
    await sandbox.cleanup();
    throw error;
  }
}

/**
 * The variables readStoreConfig() reads, for a child process opening the same store. Every one is
 * set, the unused ones empty, so a STORE_URL in the parent's environment cannot redirect the child.
 */
export function storeEnv(config: StoreConfig): { STORE_URL: string; STORE_SCHEMA: string; STORE_PATH: string } {
  if (config.kind === 'sqlite') return { STORE_URL: '', STORE_SCHEMA: '', STORE_PATH: config.path };
  return { STORE_URL: config.connectionString, STORE_SCHEMA: config.schema ?? '', STORE_PATH: '' };
}
