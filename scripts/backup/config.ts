import { resolve } from 'node:path';
import { readStoreConfig, type StoreConfig } from '../../domain/store/index.js';
import { readEngineConfig } from '../../engine/index.js';
import { readEngineConnection } from '../lib/engine-connection.js';

/** 'remote': a Camunda cluster keeps the engine's state, and Camunda's own backup covers it. */
export type EngineDatabase = { mode: 'embedded'; dataPath: string } | { mode: 'remote' };

/** The databases `npm start` would use with the same environment: what backup copies and restore replaces. */
export interface Databases {
  engine: EngineDatabase;
  store: StoreConfig;
}

export function readDatabases(env: NodeJS.ProcessEnv = process.env): Databases {
  const engine: EngineDatabase = readEngineConnection(env).mode === 'remote' ? { mode: 'remote' } : { mode: 'embedded', dataPath: absolute(readEngineConfig(env).dataPath) };
  const store = readStoreConfig(env);
  return { engine, store: store.kind === 'sqlite' ? { kind: 'sqlite', path: absolute(store.path) } : store };
}

/** The manifest records where a file came from; a relative path would depend on where the command ran. */
function absolute(path: string): string {
  return path === ':memory:' ? path : resolve(path);
}
