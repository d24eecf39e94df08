import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * The designer edits DMN decisions too (issue 12): design_versions.kind admits 'dmn' (a decision
 * requirements graph, saved as <definitions id>.dmn). PostgreSQL names the column's check
 * design_versions_kind_check and replaces it in place; SQLite cannot alter a check, so the table
 * is made again with the wider one and its rows copied (it has no index besides its key and no
 * table refers to it). Kysely<any> for the reason given in 001_initial.ts.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table design_versions drop constraint design_versions_kind_check`.execute(db);
    await sql`alter table design_versions add constraint design_versions_kind_check check (kind in ('bpmn', 'form', 'dmn'))`.execute(db);
    return;
  }
  await db.schema
    .createTable('design_versions_022')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('bpmn', 'form', 'dmn')`))
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('deployed_version_key', 'text')
    .addColumn('deployed_at', 'text')
    .addPrimaryKeyConstraint('design_versions_pk', ['kind', 'resource_id', 'version'])
    .execute();
  await sql`insert into design_versions_022 (kind, resource_id, version, content, author, created_at, deployed_version_key, deployed_at)
    select kind, resource_id, version, content, author, created_at, deployed_version_key, deployed_at from design_versions`.execute(db);
  await db.schema.dropTable('design_versions').execute();
  await db.schema.alterTable('design_versions_022').renameTo('design_versions').execute();
}
