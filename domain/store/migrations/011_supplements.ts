import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Supplements (补正材料) handed in against a supplement notice, online or at the window, and the
 * files uploaded with them. One supplement per notice (the unique notice_id), so a second supply
 * for the same notice is refused by the database too. The files' bytes are kept in the store, not
 * on a disk beside it, so a backup (pg_dump, the SQLite copy) and every app instance sharing a
 * PostgreSQL store see them: BLOB on SQLite, bytea on PostgreSQL.
 * Kysely<any> for the reason given in 001_initial.ts.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await db.schema
    .createTable('case_supplements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('notice_id', 'text', (c) => c.notNull().unique().references('notices.id'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('online', 'window')`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('materials', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_supplements_case').on('case_supplements').column('case_id').execute();

  await db.schema
    .createTable('supplement_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('supplement_id', 'text', (c) => c.notNull().references('case_supplements.id'))
    .addColumn('material_code', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('scan_status', 'text', (c) => c.notNull())
    .addColumn('scanner', 'text')
    .addColumn('content', sql.raw(bytes), (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('supplement_files_supplement').on('supplement_files').column('supplement_id').execute();
}
