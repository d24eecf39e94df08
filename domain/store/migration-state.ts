import { DEFAULT_MIGRATION_TABLE, type Kysely } from 'kysely';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

/** How a database's schema compares with this code's migrations. */
export interface MigrationState {
  /** migrations this code has that the database has not run, in order */
  pending: string[];
  /** migrations the database has run that this code does not know: it was migrated by a newer version */
  unknown: string[];
}

/** Reads which migrations a database has run, creating nothing (Kysely's migrator would create its tables). */
export async function readMigrationState(db: Kysely<Database>, migrationTableSchema: string | undefined): Promise<MigrationState> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  const exists = tables.some((t) => t.name === DEFAULT_MIGRATION_TABLE && (migrationTableSchema === undefined || t.schema === migrationTableSchema));
  const scoped = migrationTableSchema === undefined ? db : db.withSchema(migrationTableSchema);
  const applied = new Set(
    exists
      ? // the migrator's own table, which the Database interface does not describe
        (await (scoped as unknown as Kysely<Record<string, { name: string }>>).selectFrom(DEFAULT_MIGRATION_TABLE).select('name').execute()).map((r) => r.name)
      : [],
  );
  const known = Object.keys(migrations);
  return {
    pending: known.filter((name) => !applied.has(name)),
    unknown: [...applied].filter((name) => !known.includes(name)).sort(),
  };
}
