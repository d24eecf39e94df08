import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Notices for complaints (书面答复, 延期答复告知): a notice now belongs to a case or to a
 * complaint, exactly one of them.
 *
 * PostgreSQL alters the table in place. SQLite cannot drop a NOT NULL or add a check constraint,
 * so the table is rebuilt; migrations run in a transaction, where `PRAGMA foreign_keys = off` is
 * ignored, so the foreign keys of outbox.notice_id are deferred instead: dropping the old table
 * counts each outbox row that points at a notice as a violation, copying the notices back into
 * the new table clears them again, and a notice that failed to come back would make the commit
 * fail rather than leave a dangling reference.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  const oneSubject = sql`(case_id is null) <> (complaint_id is null)`;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await db.schema.alterTable('notices').alterColumn('case_id', (c) => c.dropNotNull()).execute();
    await db.schema.alterTable('notices').addColumn('complaint_id', 'text', (c) => c.references('complaints.id')).execute();
    await db.schema.alterTable('notices').addCheckConstraint('notices_subject', oneSubject).execute();
  } else {
    await sql`pragma defer_foreign_keys = on`.execute(db);
    await sql`create table notices_001 as select * from notices`.execute(db);
    await db.schema.dropTable('notices').execute();
    await db.schema
      .createTable('notices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.references('cases.id'))
      .addColumn('complaint_id', 'text', (c) => c.references('complaints.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('number', 'text', (c) => c.notNull().unique())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('html', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addCheckConstraint('notices_subject', oneSubject)
      .execute();
    await sql`insert into notices (id, case_id, complaint_id, kind, number, title, html, data, idempotency_key, created_at)
      select id, case_id, null, kind, number, title, html, data, idempotency_key, created_at from notices_001`.execute(db);
    await db.schema.dropTable('notices_001').execute();
    await db.schema.createIndex('notices_case').on('notices').column('case_id').execute();
  }
  await db.schema.createIndex('notices_complaint').on('notices').column('complaint_id').execute();
}
