import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, Migrator, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { StoreConfig } from './config.js';
import { createIdGenerator, type StoreEnv } from './env.js';
import { StoreMigrationError, StoreSchemaError } from './errors.js';
import { readMigrationState } from './migration-state.js';
import { migrations } from './migrations/index.js';
import { createAuditRepo, type AuditRepo } from './repos/audit.js';
import { createCalendarRepo, type CalendarRepo } from './repos/calendar.js';
import { createCasesRepo, type CasesRepo } from './repos/cases.js';
import { createCatalogueRepo, type CatalogueRepo } from './repos/catalogue.js';
import { createComplaintsRepo, type ComplaintsRepo } from './repos/complaints.js';
import { createDesignsRepo, type DesignsRepo } from './repos/designs.js';
import { createEvaluationsRepo, type EvaluationsRepo } from './repos/evaluations.js';
import { createInboxRepo, type InboxRepo } from './repos/inbox.js';
import { createNoticesRepo, type NoticesRepo } from './repos/notices.js';
import { createOutboxRepo, type OutboxRepo } from './repos/outbox.js';
import { createProcessedJobsRepo, type ProcessedJobsRepo } from './repos/processed-jobs.js';
import { createCodeLockoutsRepo, type CodeLockoutsRepo } from './repos/code-lockouts.js';
import { createRateLimitsRepo, type RateLimitsRepo } from './repos/rate-limits.js';
import { createReportsRepo, type ReportsRepo } from './repos/reports.js';
import { createSessionsRepo, type SessionsRepo } from './repos/sessions.js';
import { createStaffRepo, type StaffRepo } from './repos/staff.js';
import { createSupervisionRepo, type SupervisionRepo } from './repos/supervision.js';
import { createSupplementsRepo, type SupplementsRepo } from './repos/supplements.js';
import { createTasksRepo, type TasksRepo } from './repos/tasks.js';
import { createUsersRepo, type UsersRepo } from './repos/users.js';
import { createStartDeploymentsRepo, type StartDeploymentsRepo } from './repos/start-deployments.js';
import { createWorkerHeartbeatsRepo, type WorkerHeartbeatsRepo } from './repos/worker-heartbeats.js';
import type { Database } from './schema.js';
import { SchemaScopedPostgresDialect } from './postgres-dialect.js';
import { ImmediateSqliteDialect } from './sqlite-dialect.js';
import { inExclusiveTransaction } from './transaction.js';

export interface Repositories {
  cases: CasesRepo;
  tasks: TasksRepo;
  notices: NoticesRepo;
  outbox: OutboxRepo;
  staff: StaffRepo;
  calendar: CalendarRepo;
  catalogue: CatalogueRepo;
  complaints: ComplaintsRepo;
  supervision: SupervisionRepo;
  evaluations: EvaluationsRepo;
  audit: AuditRepo;
  processedJobs: ProcessedJobsRepo<StoreTransaction>;
  users: UsersRepo;
  sessions: SessionsRepo;
  inbox: InboxRepo;
  designs: DesignsRepo;
  reports: ReportsRepo;
  rateLimits: RateLimitsRepo;
  codeLockouts: CodeLockoutsRepo;
  workerHeartbeats: WorkerHeartbeatsRepo;
  startDeployments: StartDeploymentsRepo;
  supplements: SupplementsRepo;
}

/** Every repository bound to one transaction. Inside it, use only these (or `db`), never the store's own. */
export interface StoreTransaction extends Repositories {
  db: Transaction<Database>;
}

export interface Store extends Repositories {
  db: Kysely<Database>;
  kind: 'sqlite' | 'postgres';
  /**
   * Runs fn in one transaction and commits if it resolves; if it throws, nothing it wrote is
   * kept. On SQLite the store has a single connection, so a query through the store (not `tx`)
   * inside fn would wait for the transaction forever.
   */
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /**
   * A transaction that no other `exclusive` call with the same lock name runs beside, in any app
   * instance on the database: for a check and the writes that depend on it, such as seeding what
   * is missing when several instances start at once (see inExclusiveTransaction).
   */
  exclusive<T>(lock: string, fn: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** the time used for created_at and similar; default the system clock */
  now?: () => Date;
  /** default: ids that sort in creation order (env.ts) */
  newId?: () => string;
  /**
   * default true: create what is missing and run pending migrations. false opens an existing
   * store as it is, creating nothing, and throws StoreSchemaError unless its schema is exactly
   * this code's (for `npm run doctor`, which must not change a production database).
   */
  migrate?: boolean;
}

function createRepositories(db: Kysely<Database>, env: StoreEnv): Repositories {
  return {
    cases: createCasesRepo(db, env),
    tasks: createTasksRepo(db, env),
    notices: createNoticesRepo(db, env),
    outbox: createOutboxRepo(db, env),
    staff: createStaffRepo(db, env),
    calendar: createCalendarRepo(db, env),
    catalogue: createCatalogueRepo(db, env),
    complaints: createComplaintsRepo(db, env),
    supervision: createSupervisionRepo(db, env),
    evaluations: createEvaluationsRepo(db, env),
    audit: createAuditRepo(db, env),
    processedJobs: createProcessedJobsRepo(db, env, (trx) => bindTransaction(trx, env)),
    users: createUsersRepo(db, env),
    sessions: createSessionsRepo(db),
    inbox: createInboxRepo(db, env),
    designs: createDesignsRepo(db, env),
    reports: createReportsRepo(db),
    rateLimits: createRateLimitsRepo(db),
    codeLockouts: createCodeLockoutsRepo(db),
    workerHeartbeats: createWorkerHeartbeatsRepo(db),
    startDeployments: createStartDeploymentsRepo(db),
    supplements: createSupplementsRepo(db, env),
  };
}

function bindTransaction(trx: Transaction<Database>, env: StoreEnv): StoreTransaction {
  return { ...createRepositories(trx, env), db: trx };
}

/** Opens the store and brings its schema up to date before returning (unless options.migrate is false). */
export async function openStore(config: StoreConfig, options: StoreOptions = {}): Promise<Store> {
  const create = options.migrate ?? true;
  // an SQLite file that is not there would be created empty by opening it
  if (!create && config.kind === 'sqlite' && config.path !== ':memory:' && !existsSync(config.path)) {
    throw new StoreSchemaError(Object.keys(migrations), []);
  }
  const { db, migrationTableSchema } =
    config.kind === 'sqlite' ? openSqlite(config.path) : await openPostgres(config.connectionString, config.schema, create);
  try {
    if (create) {
      await migrate(db, migrationTableSchema);
      // SQLite plans without statistics unless asked to gather them (PostgreSQL's autovacuum does);
      // without them it reads every open task for one clerk's inbox. 0x10002 is the form SQLite
      // advises at open: every table, with its own limit on how much of each it samples.
      if (config.kind === 'sqlite') await sql`pragma optimize = 0x10002`.execute(db);
    } else {
      const { pending, unknown } = await readMigrationState(db, migrationTableSchema);
      if (pending.length > 0 || unknown.length > 0) throw new StoreSchemaError(pending, unknown);
    }
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const env: StoreEnv = { kind: config.kind, now: options.now ?? (() => new Date()), newId: options.newId ?? createIdGenerator() };
  return {
    ...createRepositories(db, env),
    db,
    kind: config.kind,
    transaction: (fn) => db.transaction().execute((trx) => fn(bindTransaction(trx, env))),
    exclusive: (lock, fn) => inExclusiveTransaction(db, env.kind, lock, (trx) => fn(bindTransaction(trx, env))),
    close: () => db.destroy(),
  };
}

function openSqlite(path: string): { db: Kysely<Database>; migrationTableSchema?: string } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path);
  // first: switching a new file to WAL takes a lock another process opening it may hold
  database.pragma('busy_timeout = 5000');
  database.pragma('journal_mode = WAL');
  // WAL with synchronous=NORMAL can lose the last commits on power loss; an acknowledged case
  // registration must survive that.
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  return { db: new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }) }) };
}

async function openPostgres(connectionString: string, schema: string | undefined, create: boolean): Promise<{ db: Kysely<Database>; migrationTableSchema: string }> {
  // bigint columns (fee amounts) and count(*) arrive as strings by default; they fit a JS number,
  // and a value that does not is refused rather than rounded.
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, parseSafeInteger);
  const pool = new pg.Pool({ connectionString, types });
  // An idle connection that the server drops emits 'error' on the pool, which would crash the
  // process if nobody listened; the pool discards that connection and the next query reconnects.
  pool.on('error', () => {});
  const db = new Kysely<Database>({
    dialect: new SchemaScopedPostgresDialect({
      pool,
      onCreateConnection:
        schema === undefined
          ? undefined
          : async (conn) => {
              await conn.executeQuery(CompiledQuery.raw(`set search_path to "${schema.replaceAll('"', '""')}"`));
            },
    }, schema),
  });
  try {
    if (schema !== undefined) {
      // a schema that is missing reads as one without tables
      if (create) await createSchemaIfMissing(db, schema);
      return { db, migrationTableSchema: schema };
    }
    // Kysely's migrator looks for its own tables in every schema unless told which one; without
    // this, another schema's kysely_migration would make it skip creating ours.
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    const current = rows[0]?.schema;
    if (!current) throw new Error('no schema of the search_path exists; create one or configure a schema');
    return { db, migrationTableSchema: current };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/** IF NOT EXISTS still fails when two instances create the schema at the same moment; the loser checks again. */
async function createSchemaIfMissing(db: Kysely<Database>, schema: string): Promise<void> {
  try {
    await db.schema.createSchema(schema).ifNotExists().execute();
  } catch (error) {
    const { rows } = await sql`select 1 from pg_namespace where nspname = ${schema}`.execute(db);
    if (rows.length === 0) throw error;
  }
}

function parseSafeInteger(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`integer ${text} is beyond JavaScript's safe range`);
  return n;
}

async function migrate(db: Kysely<Database>, migrationTableSchema: string | undefined): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) }, migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) throw new StoreMigrationError(results?.find((r) => r.status === 'Error')?.migrationName, { cause: error });
}
