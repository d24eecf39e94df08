import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { openStore, type Applicant, type Database, type Store, type StoreConfig, type StoreOptions } from '../../domain/store/index.js';
import { migrations } from '../../domain/store/migrations/index.js';
import { ImmediateSqliteDialect } from '../../domain/store/sqlite-dialect.js';

export type Dialect = 'sqlite' | 'postgres';

export const applicant: Applicant = { kind: 'person', name: '张三', idNumber: '110101199003071234', phone: '13800000000', email: null };

/** STORE_TEST_PG_URL overrides the local server the store tests expect (trust auth, database "test"). */
export function pgTestUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.STORE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

/**
 * Throwaway storage for one dialect: each config() is a new SQLite file or a new PostgreSQL
 * schema (test_<random>), and cleanup() closes every store opened here and removes them all.
 */
export class StoreSandbox {
  private readonly stores: Store[] = [];
  private readonly schemas: string[] = [];
  private dir: string | undefined;

  constructor(readonly dialect: Dialect) {}

  config(): StoreConfig {
    if (this.dialect === 'sqlite') {
      this.dir ??= mkdtempSync(join(tmpdir(), 'store-test-'));
      return { kind: 'sqlite', path: join(this.dir, `${randomBytes(4).toString('hex')}.db`) };
    }
    const schema = testSchemaName();
    this.schemas.push(schema);
    return { kind: 'postgres', connectionString: pgTestUrl(), schema };
  }

  async open(config: StoreConfig = this.config(), options?: StoreOptions): Promise<Store> {
    const store = await openStore(config, options);
    this.stores.push(store);
    return store;
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.stores.splice(0).map((s) => s.close()));
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    const schemas = this.schemas.splice(0);
    if (schemas.length === 0) return;
    const client = new pg.Client({ connectionString: pgTestUrl() });
    await client.connect();
    try {
      for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
    } finally {
      await client.end();
    }
  }
}

/**
 * test_<creation time in base 36>_<random>: the time lets a later run tell the schemas of a run that
 * was killed (and so never dropped them) from those of a run still going on the same server.
 */
export function testSchemaName(now = Date.now()): string {
  return `test_${now.toString(36)}_${randomBytes(4).toString('hex')}`;
}

const TEST_SCHEMA = /^test_([0-9a-z]+)_[0-9a-f]{8}$/;
/** Longer than any test run, so only a killed run's schemas are old enough. */
export const STALE_TEST_SCHEMA_MS = 6 * 3_600_000;

/** The test schemas created more than STALE_TEST_SCHEMA_MS before `now`. */
export function staleTestSchemas(names: readonly string[], now = Date.now()): string[] {
  return names.filter((name) => {
    const created = TEST_SCHEMA.exec(name);
    return created !== null && now - parseInt(created[1], 36) > STALE_TEST_SCHEMA_MS;
  });
}

/**
 * Fails the suite with a message saying what to do, instead of a bare ECONNREFUSED per test; and
 * drops the schemas that killed runs left behind, so the test database does not grow forever.
 */
export async function assertPostgresReachable(): Promise<void> {
  const url = pgTestUrl();
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    await client.end().catch(() => {});
    throw new Error(
      `PostgreSQL is not reachable at ${url}: ${(error as Error).message}. The store tests run every ` +
        'repository against PostgreSQL as well as SQLite, and npm test runs the whole suite again on it ' +
        '(TEST_STORE=postgres); start the local server (trust auth, database "test") or set STORE_TEST_PG_URL.',
      { cause: error },
    );
  }
  try {
    const { rows } = await client.query<{ name: string }>(`select nspname as name from pg_namespace where nspname like 'test\\_%'`);
    for (const schema of staleTestSchemas(rows.map((r) => r.name))) await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Every table, children before parents, so deleting in this order satisfies the foreign keys. */
const TABLES_CHILD_FIRST = [
  'inapp_reads',
  'case_name_grams',
  'supplement_files',
  'case_supplements',
  'rate_limits',
  'code_lockouts',
  'worker_heartbeats',
  'start_deployments',
  'task_drafts',
  'task_forms',
  'saved_filters',
  'design_versions',
  'processed_jobs',
  'audit_log',
  'sessions',
  'users',
  'assessments',
  'evaluations',
  'supervision_records',
  'outbox',
  'notices',
  'complaints',
  'task_candidate_groups',
  'tasks',
  'case_fees',
  'case_events',
  'cases',
  'absences',
  'post_holders',
  'posts',
  'staff',
  'calendar_years',
  'calendar_overrides',
  'catalogue_drafts',
  'catalogue_item_versions',
  'catalogue_items',
  'departments',
  'counters',
] as const satisfies ReadonlyArray<keyof Database>;

/**
 * Empties every table. Creating and migrating a PostgreSQL schema takes about half a second here,
 * deleting a test's few rows milliseconds, so a suite migrates once and wipes between tests.
 */
async function wipe(store: Store): Promise<void> {
  // the store's introspection lists its own schema's tables only (domain/store/postgres-dialect.ts)
  const tables = await store.db.introspection.getTables();
  const unknown = tables.map((t) => t.name).filter((name) => !(TABLES_CHILD_FIRST as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`test/support/store.ts: add ${unknown.join(', ')} to TABLES_CHILD_FIRST`);
  await store.db.transaction().execute(async (trx) => {
    for (const table of TABLES_CHILD_FIRST) await trx.deleteFrom(table).execute();
  });
}

export interface StoreTestContext {
  dialect: Dialect;
  /** the suite's store, emptied before each test */
  store: () => Store;
  /** where the suite's store lives, to open a second instance on the same database */
  config: () => StoreConfig;
  /** for stores of a single test (fresh databases, second instances); closed after the test */
  sandbox: () => StoreSandbox;
}

/**
 * Declares the suite once per dialect. Each gets its own freshly migrated database (an SQLite
 * file, or a test_<random> PostgreSQL schema), dropped when the suite ends.
 */
export function describeEachDialect(title: string, body: (ctx: StoreTestContext) => void): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    describe(`${title} (${dialect})`, () => {
      const suite = new StoreSandbox(dialect);
      const perTest = new StoreSandbox(dialect);
      let shared: { store: Store; config: StoreConfig } | undefined;
      const current = () => {
        if (!shared) throw new Error('the store exists only while the suite runs');
        return shared;
      };
      before(async () => {
        if (dialect === 'postgres') await assertPostgresReachable();
        const config = suite.config();
        shared = { store: await suite.open(config), config };
      });
      beforeEach(() => wipe(current().store));
      afterEach(() => perTest.cleanup());
      after(async () => {
        shared = undefined;
        await suite.cleanup();
      });
      body({ dialect, store: () => current().store, config: () => current().config, sandbox: () => perTest });
    });
  }
}

/**
 * A store migrated up to and including `last`: the database of an installation that predates the
 * migrations after it, to be opened with openStore (which runs them) once the test has written to
 * it. Kysely<any>: the Database interface describes the latest schema only.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function openMigratedUpTo(config: StoreConfig, last: string): Promise<{ db: Kysely<any>; close(): Promise<void> }> {
  const names = Object.keys(migrations);
  if (!names.includes(last)) throw new Error(`no migration ${last}`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let db: Kysely<any>;
  let schema: string | undefined;
  if (config.kind === 'sqlite') {
    const database = new SqliteDatabase(config.path);
    database.pragma('foreign_keys = ON');
    db = new Kysely({ dialect: new ImmediateSqliteDialect({ database }) });
  } else {
    schema = config.schema;
    const pool = new pg.Pool({ connectionString: config.connectionString });
    db = new Kysely({
      dialect: new PostgresDialect({ pool, onCreateConnection: async (conn) => void (await conn.executeQuery(CompiledQuery.raw(`set search_path to "${schema}"`))) }),
    });
    await db.schema.createSchema(schema!).ifNotExists().execute();
  }
  const upTo = Object.fromEntries(names.slice(0, names.indexOf(last) + 1).map((name) => [name, migrations[name]]));
  const { error } = await new Migrator({ db, provider: { getMigrations: () => Promise.resolve(upTo) }, migrationTableSchema: schema }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(`migrating up to ${last} failed`, { cause: error });
  return { db, close: () => db.destroy() };
}
