/**
 * Where the store lives: an SQLite file by default, PostgreSQL once several app instances share
 * one database. Read from the environment only when asked, never at import.
 */
export type StoreConfig =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; connectionString: string; schema?: string };

/** A configuration value the store cannot use; `variable` names the environment variable to fix. */
export class StoreConfigError extends Error {
  readonly code = 'STORE_CONFIG';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'StoreConfigError';
  }
}

/** Plain identifiers only: a quoted mixed-case or punctuated name is legal but rarely what was meant. */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Variables:
 * - STORE_URL (string, default unset): a `postgres://` or `postgresql://` connection string; when
 *   set the store is PostgreSQL and STORE_PATH is ignored.
 * - STORE_SCHEMA (string, default unset = the role's default search_path): PostgreSQL schema
 *   holding the tables, created if missing; only with STORE_URL.
 * - STORE_PATH (string, default `./data/store.db`): SQLite file, used when STORE_URL is unset;
 *   `:memory:` for a throwaway store.
 */
export function readStoreConfig(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const url = env.STORE_URL;
  if (url !== undefined && url !== '') {
    if (!/^postgres(?:ql)?:\/\//.test(url)) {
      // only the scheme is echoed: the rest may hold a password
      throw new StoreConfigError('STORE_URL', `expected a postgres:// or postgresql:// URL, got one starting '${url.split(':')[0]}:'`);
    }
    const schema = env.STORE_SCHEMA;
    if (schema === undefined || schema === '') return { kind: 'postgres', connectionString: url };
    if (!SCHEMA_NAME.test(schema)) {
      throw new StoreConfigError('STORE_SCHEMA', `expected a plain identifier (letters, digits, _), got '${schema}'`);
    }
    return { kind: 'postgres', connectionString: url, schema };
  }
  if (env.STORE_SCHEMA) {
    throw new StoreConfigError('STORE_SCHEMA', 'only applies to PostgreSQL; set STORE_URL as well or unset it');
  }
  const path = env.STORE_PATH ?? './data/store.db';
  if (path.trim() === '') throw new StoreConfigError('STORE_PATH', 'expected a file path, got an empty string');
  return { kind: 'sqlite', path };
}

