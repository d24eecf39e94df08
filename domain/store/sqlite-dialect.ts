import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type DialectAdapter, type Driver, type SqliteDialectConfig } from 'kysely';

/**
 * Kysely's SQLite dialect with two changes for a file that more than one process may open (the
 * app and a maintenance script, or a second instance by mistake):
 * - transactions start with BEGIN IMMEDIATE, taking the write lock up front. A deferred
 *   transaction that reads and then writes fails at once with SQLITE_BUSY when another process
 *   wrote in between; an immediate one waits (busy_timeout) for the lock instead.
 * - migrations run in a transaction. SQLite's DDL is transactional, though Kysely does not
 *   assume so: a failed migration then leaves the file as it was, and two processes opening a
 *   new file migrate one after the other instead of both creating the tables.
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}
